import math

import pytest
from django.utils import translation
from pydantic import ValidationError

from boucle.core.errors import InvalidInput
from boucle.studio import evaluation as ev
from boucle.studio.kinds.bricks.schemas import MAX_PARTS, BrickKit, BrickModel

from .helpers import brick, free, model


def test_demo_kit_is_a_valid_kit_of_at_least_30_parts_in_12_colours(kind):
    # given / when
    kit = BrickKit.model_validate(kind.demo_kit())
    # then
    assert len(kit.parts) >= 30
    assert len(kit.colours) >= 12
    by_id = {p.id: p for p in kit.parts}
    assert (by_id["3001"].name, by_id["3001"].width, by_id["3001"].depth, by_id["3001"].height) == (
        "Brick 2 × 4",
        4,
        2,
        3,
    )
    assert (by_id["3024"].height, by_id["3068b"].studs) == (1, False)
    colours = {c.ldraw: c.rgb for c in kit.colours}
    assert colours[4] == "#B40000" and colours[0] == "#1B2A34" and colours[71] == "#969696"
    assert all(item.price > 0 for item in kit.items)


def test_every_demo_design_passes_the_content_schema(kind):
    for _title, content in kind.demo_designs():
        BrickModel.model_validate(content)


def test_a_placed_part_has_integer_stud_coordinates_and_a_quarter_turn():
    with pytest.raises(ValidationError):
        BrickModel.model_validate(model(brick("b1", rot=45)))
    with pytest.raises(ValidationError):
        BrickModel.model_validate(model({**brick("b1"), "x": 1.5}))
    with pytest.raises(ValidationError):
        BrickModel.model_validate(model({**brick("b1"), "x": 10**9}))


@pytest.mark.parametrize("bad", [math.nan, math.inf, -math.inf, 1e12])
def test_free_placed_positions_must_be_finite_and_reasonable(bad):
    with pytest.raises(ValidationError) as caught:
        BrickModel.model_validate(model(free=[free("f1", pos=(0, bad, 0))]))
    assert "pos" in str(caught.value)


def test_a_singular_matrix_is_refused_with_the_element_named():
    with pytest.raises(ValidationError) as caught:
        BrickModel.model_validate(model(free=[free("f9", matrix=(1, 0, 0, 0, 0, 0, 0, 0, 1))]))
    assert "f9" in str(caught.value) and "singular" in str(caught.value)


def test_element_ids_must_be_unique_across_placed_and_free_parts():
    with pytest.raises(ValidationError) as caught:
        BrickModel.model_validate(model(brick("b1"), free=[free("b1")]))
    assert "“b1”" in str(caught.value)


def test_unknown_fields_and_odd_ids_are_refused():
    with pytest.raises(ValidationError):
        BrickModel.model_validate({"parts": [], "free": [], "script": "x"})
    with pytest.raises(ValidationError):
        BrickModel.model_validate(model(brick("<b1>")))


def test_a_model_over_the_part_count_limit_is_refused_by_the_schema():
    # given one more part than the schema allows (the same dict repeated keeps the test quick)
    too_many = {"parts": [brick("b1")] * (MAX_PARTS + 1), "free": []}
    # when / then
    with pytest.raises(ValidationError) as caught:
        BrickModel.model_validate(too_many)
    assert "at most 200000" in str(caught.value)


def test_kit_items_must_refer_to_parts_and_colours_of_the_kit(kind):
    kit = kind.demo_kit()
    kit["items"].append({"part": "9999", "colour": "4", "price": "0.10", "stock": 1})
    with pytest.raises(ValidationError) as caught:
        BrickKit.model_validate(kit)
    assert "9999" in str(caught.value)


def test_kit_prices_are_decimals_never_floats_in_json(kind):
    kit = BrickKit.model_validate(kind.demo_kit())
    dumped = kit.model_dump(mode="json")
    assert isinstance(dumped["items"][0]["price"], str)


# --- the kind's own sentences, in the reader's language


def refused(call) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        call()
    return caught.value


def test_a_kit_with_a_part_twice_is_refused_in_french(kind):
    # given a kit listing its first part twice
    kit = kind.demo_kit()
    kit["parts"].append(dict(kit["parts"][0]))
    first = kit["parts"][0]["id"]
    # when the studio checks it for a French reader
    with translation.override("fr"):
        error = refused(lambda: ev.kit_clean(kind, kit))
    # then the kind's sentence is French, names the part and carries no English
    assert error.errors == {"content": [f"deux pièces ont l’identifiant « {first} »"]}
    assert "Value error" not in str(error) and "have the id" not in str(error)


@pytest.mark.parametrize(
    "item, french",
    [
        ({"part": "9999", "colour": "4"}, "article 9999/4 : le kit n’a pas de pièce « 9999 »"),
        ({"part": "3001", "colour": "99"}, "article 3001/99 : le kit n’a pas de couleur « 99 »"),
        ({"part": "3001", "colour": "4"}, "l’article 3001/4 figure deux fois"),
    ],
)
def test_a_kit_item_that_is_unknown_or_twice_is_refused_in_french(kind, item, french):
    # given a kit item naming an unknown part or colour, or one already listed
    kit = kind.demo_kit()
    assert any(i["part"] == "3001" and i["colour"] == "4" for i in kit["items"])
    kit["items"].append({**item, "price": "0.10", "stock": 1})
    # when / then
    with translation.override("fr"):
        error = refused(lambda: ev.kit_clean(kind, kit))
    assert error.errors == {"content": [french]}


def test_a_content_with_a_singular_matrix_or_an_id_twice_is_refused_in_french(kind):
    # given a flattened free-placed part, then two elements sharing an id
    singular = model(free=[free("f9", matrix=(1, 0, 0, 0, 0, 0, 0, 0, 1))])
    twice = model(brick("b1"), free=[free("b1")])
    # when the studio checks them for a French reader
    with translation.override("fr"):
        flattened = refused(lambda: ev.content_clean(kind, singular))
        shared = refused(lambda: ev.content_clean(kind, twice))
    # then each sentence is French and names the element, with its field
    assert flattened.errors == {
        "content.free": ["pièce placée librement f9 : sa matrice est singulière (la pièce serait aplatie)"]
    }
    assert shared.errors == {
        "content": ["deux éléments ont l’identifiant « b1 » ; chaque élément doit avoir le sien"]
    }


def test_english_readers_read_the_kinds_sentences_in_english(kind):
    kit = kind.demo_kit()
    kit["colours"].append(dict(kit["colours"][0]))
    with translation.override("en"):
        error = refused(lambda: ev.kit_clean(kind, kit))
    assert error.errors == {"content": [f"two colours have the id “{kit['colours'][0]['id']}”"]}
