"""A kit or design content the kind's schema rejects is refused with words in the reader's language (French
here), naming the field at fault; the kinds' importers read the same words."""

import json

import pytest
from django.utils import translation

from boucle.core.errors import InvalidInput
from boucle.studio import evaluation as ev
from boucle.studio.kinds.base import ImportRefused
from boucle.studio.kinds.configurator import kind as configurator
from boucle.studio.kinds.recipes import kind as recipes
from boucle.studio.kinds.recipes.tests.helpers import recipe


@pytest.fixture
def french():
    with translation.override("fr"):
        yield


def refusal(call) -> InvalidInput:
    with pytest.raises(InvalidInput) as error:
        call()
    return error.value


def test_a_number_out_of_range_is_refused_in_french_with_its_field(french):
    # given a recipe boiled for 700 minutes (600 at most)
    content = recipe(boil_time=700.0)
    # when the studio checks it
    error = refusal(lambda: ev.content_clean(recipes, content))
    # then the message is French and names the field
    assert "content.boil_time" in str(error)
    assert "doit être inférieur ou égal à 600" in str(error)
    assert "Input should" not in str(error)
    assert error.errors == {"content.boil_time": ["doit être inférieur ou égal à 600"]}


def test_a_missing_field_a_wrong_type_and_an_unknown_field_are_named_in_french(french):
    # given a configurator kit with a group that lacks its name, a choice price in words and a stray field
    kit = configurator.demo_kit()
    del kit["groups"][0]["name"]
    kit["groups"][1]["choices"][0]["price"] = "cheap"
    kit["colour"] = "red"
    # when the studio checks it
    error = refusal(lambda: ev.kit_clean(configurator, kit))
    # then every field at fault is listed with French words, and none of pydantic's English
    messages = {field: words for field, words in error.errors.items()}
    assert messages["content.groups.0.name"] == ["est obligatoire"]
    assert any("nombre" in m for m in messages["content.groups.1.choices.0.price"])
    assert messages["content.colour"] == ["n’est pas un champ de ce schéma"]
    assert not any("Input should" in m or "Field required" in m for ms in messages.values() for m in ms)


def test_a_value_outside_a_list_of_choices_lists_them_without_english(french):
    error = refusal(lambda: ev.content_clean(recipes, recipe(ibu_method="garetz")))
    (message,) = error.errors["content.ibu_method"]
    assert message.startswith("doit être l’une des valeurs :") and "“tinseth”" in message
    assert " or " not in message


def test_a_kinds_own_rule_is_worded_by_the_kind_in_french(french):
    # given a recipe whose two fermentables share an id (the kind's own validator)
    content = recipe(
        fermentables=[
            {"id": "f1", "ingredient": "maris-otter", "amount": 4.0},
            {"id": "f1", "ingredient": "maris-otter", "amount": 1.0},
        ]
    )
    error = refusal(lambda: ev.content_clean(recipes, content))
    # then the kind's sentence reads in French, without pydantic's "Value error, " prefix
    assert "Value error" not in str(error)
    assert "deux éléments ont l’identifiant" in str(error)


def test_the_configurators_importer_words_a_schema_error_in_french(french):
    data = json.dumps({"format": "boucle-configuration", "selections": {"frame": "frame-longtail"}}).encode()
    with pytest.raises(ImportRefused) as error:
        configurator.import_file("json", data, configurator.demo_kit())
    assert "selections.frame" in str(error.value) and "doit être une liste" in str(error.value)


def test_english_readers_read_english():
    with translation.override("en"):
        error = refusal(lambda: ev.content_clean(recipes, recipe(boil_time=700.0)))
    assert error.errors == {"content.boil_time": ["must be less than or equal to 600"]}
