"""Any recipe the schema accepts, however extreme, gets answers from every hook (no exception: the editor calls
them on every keystroke)."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boucle.studio.kinds.recipes import kind
from boucle.studio.kinds.recipes.catalog import demo_kit
from boucle.studio.kinds.recipes.schemas import FERMENTABLE_TYPES, HOP_USES, Recipe

KIT = demo_kit()
ingredient = lambda group: st.sampled_from([i["id"] for i in KIT[group]] + ["x-unknown"])  # noqa: E731


def num(lo, hi):
    return st.one_of(st.just(lo), st.just(hi), st.floats(lo, hi, allow_nan=False))


@st.composite
def extreme_recipes(draw):
    content = {
        "batch_size": draw(st.one_of(st.none(), num(0.1, 100_000))),
        "boil_size": draw(st.one_of(st.none(), num(0.1, 150_000))),
        "boil_time": draw(st.one_of(st.none(), num(0, 600))),
        "efficiency": draw(st.one_of(st.none(), num(0.001, 100))),
        "style": draw(st.sampled_from(["", "21A", "1A", "99Z"])),
        "ibu_method": draw(st.sampled_from(["tinseth", "rager"])),
        "fermentables": [
            {
                "id": f"f{i}",
                "ingredient": draw(ingredient("fermentables")),
                "amount": draw(num(0, 5000)),
                "late": draw(st.booleans()),
                **(
                    {
                        "extract": draw(num(0, 100)),
                        "color": draw(num(0, 1000)),
                        "type": draw(st.sampled_from(FERMENTABLE_TYPES)),
                    }
                    if draw(st.booleans())
                    else {}
                ),
            }
            for i in range(draw(st.integers(0, 4)))
        ],
        "hops": [
            {
                "id": f"h{i}",
                "ingredient": draw(ingredient("hops")),
                "amount": draw(num(0, 100_000)),
                "use": draw(st.sampled_from(HOP_USES)),
                "time": draw(num(0, 20_160)),
                **({"alpha": draw(num(0, 30))} if draw(st.booleans()) else {}),
            }
            for i in range(draw(st.integers(0, 4)))
        ],
        "yeasts": [
            {
                "id": f"y{i}",
                "ingredient": draw(ingredient("yeasts")),
                "amount": draw(num(0, 1000)),
                **({"attenuation": draw(num(0, 100))} if draw(st.booleans()) else {}),
            }
            for i in range(draw(st.integers(0, 2)))
        ],
        "miscs": [
            {"id": f"m{i}", "ingredient": draw(ingredient("miscs")), "amount": draw(num(0, 100_000))}
            for i in range(draw(st.integers(0, 2)))
        ],
        "fermentation_steps": [{"id": "p1", "temp": draw(num(-5, 45)), "days": draw(num(0, 3650))}],
    }
    return Recipe.model_validate(content).model_dump(mode="json")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(extreme_recipes(), extreme_recipes())
def test_every_hook_answers_any_valid_recipe(a, b):
    kind.validate(a, KIT)
    kind.bill_of_materials(a, KIT)
    metrics = kind.metrics(a, KIT)
    assert all(m.value is None or m.value == m.value for m in metrics)  # no NaN
    kind.diff(a, b, KIT)
    kind.elements(a)
    assert kind.render_svg(a, KIT).startswith("<svg")
    if a["batch_size"] and a["efficiency"]:
        kind.scale(a, KIT, batch_size=20, efficiency=75)
