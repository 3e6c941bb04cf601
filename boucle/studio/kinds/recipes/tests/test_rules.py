"""Validation (impossible values refused by the schema, implausible ones named by validate), the ingredient
pack (BOM), element labels and readable diffs."""

from decimal import Decimal

import pytest
from pydantic import ValidationError

from boucle.core.errors import InvalidInput
from boucle.studio import evaluation as ev
from boucle.studio.kinds.recipes.schemas import Recipe, RecipeKit

from .helpers import codes, ferm, hop, recipe, yeast


def good():
    return recipe(
        fermentables=[ferm("f1", amount=4.0), ferm("f2", "cara-50", 0.3)],
        hops=[hop("h1", amount=20.0, time=60), hop("h2", amount=30.0, use="dry_hop", time=4)],
        yeasts=[yeast("y1")],
        fermentation_steps=[{"id": "p1", "name": "Primary", "temp": 19.0, "days": 10.0}],
    )


def test_a_good_recipe_has_no_problem(kind, kit):
    assert kind.validate(Recipe.model_validate(good()).model_dump(mode="json"), kit) == []


@pytest.mark.parametrize(
    "change",
    [
        {"batch_size": -20.0},
        {"efficiency": 0.0},
        {"batch_size": float("nan")},
        {"batch_size": 200_000.0},
        {"fermentables": [ferm("f1", amount=-1.0)]},
        {"hops": [hop("h1", amount=-5.0)]},
        {"hops": [hop("h1", use="boiled")]},
        {"fermentables": [ferm("f1"), ferm("f1")]},
    ],
)
def test_impossible_values_are_refused_by_the_schema_naming_the_field(kind, change):
    with pytest.raises(InvalidInput) as error:
        ev.content_clean(kind, {**good(), **change})
    assert error.value.errors  # field names, for the editor and the API


def test_a_10000_litre_batch_is_named(kind, kit):
    problems = kind.validate({**good(), "batch_size": 10_000.0}, kit)
    assert codes(problems) == ["batch_size_implausible"]
    assert "10000 L" in problems[0].message and problems[0].elements == ("batch_size",)


def test_a_500_minute_hop_addition_is_named(kind, kit):
    r = {**good(), "hops": [hop("h1", amount=20.0, time=500)]}
    [problem] = kind.validate(r, kit)
    assert problem.code == "hop_time_beyond_boil" and problem.elements == ("h1",)
    assert problem.message == "Cascade at 500 min: the boil lasts only 60 minutes."


def test_implausible_settings_and_missing_ones(kind, kit):
    assert "efficiency_implausible" in codes(kind.validate({**good(), "efficiency": 5.0}, kit))
    assert "boil_time_implausible" in codes(kind.validate({**good(), "boil_time": 500.0}, kit))
    assert "batch_size_missing" in codes(kind.validate({**good(), "batch_size": None}, kit))
    assert "hop_time_implausible" in codes(
        kind.validate({**good(), "hops": [hop("h1", use="dry_hop", time=60)]}, kit)
    )


def test_ingredients_not_in_the_kit_are_errors_naming_the_element(kind, kit):
    r = {
        **good(),
        "fermentables": [
            ferm("f1"),
            ferm("f9", "x-mystery-malt", 1.0, name="Mystery malt", extract=70.0, color=5.0),
        ],
    }
    problems = kind.validate(r, kit)
    [problem] = [p for p in problems if p.code == "not_in_kit"]
    assert problem.elements == ("f9",) and problem.severity == "error"
    assert "Mystery malt" in problem.message


def test_warnings_max_in_batch_no_yeast_temperature_and_style(kind, kit):
    r = {**good(), "fermentables": [ferm("f1", "cara-50", 4.0)], "yeasts": []}
    found = codes(kind.validate(r, kit))
    assert "over_max_in_batch" in found and "no_yeast" in found
    hot = {**good(), "fermentation_steps": [{"id": "p1", "name": "Primary", "temp": 30.0, "days": 7.0}]}
    [problem] = kind.validate(hot, kit)
    assert problem.code == "fermentation_temperature" and problem.severity == "warning"
    styled = {**good(), "style": "21A"}
    problems = kind.validate(styled, kit)
    assert {p.code for p in problems} >= {"style_og", "style_ibu"} and all(
        p.severity == "warning" for p in problems
    )
    assert any("outside the American IPA range (1.056 to 1.070)" in p.message for p in problems)


def test_the_bom_is_the_ingredient_pack_for_one_batch(kind, kit):
    r = {**good(), "hops": [hop("h1", amount=20.0), hop("h2", amount=15.0, time=10)]}
    lines = {line.key: line for line in kind.bill_of_materials(r, kit)}
    assert list(lines) == ["maris-otter", "cara-50", "cascade", "windsor"]
    cascade = lines["cascade"]
    assert (cascade.quantity, cascade.unit, cascade.unit_price, cascade.total_price) == (
        Decimal("35.0"),
        "g",
        Decimal("0.060"),
        Decimal("2.10"),
    )
    assert lines["maris-otter"].quantity == Decimal("4.000") and lines["maris-otter"].unit == "kg"
    assert lines["windsor"].unit == "pack" and lines["windsor"].stock is not None


def test_the_bom_lists_what_the_kit_lacks(kind, kit):
    r = {**good(), "fermentables": [ferm("f9", "x-mystery", 1.0, name="Mystery malt")]}
    [line] = [line for line in kind.bill_of_materials(r, kit) if not line.in_kit]
    assert (line.name, line.unit_price, line.available) == ("Mystery malt", None, False)


def test_metrics_include_price_and_the_gallery_keys(kind, kit):
    metrics = {m.key: m.value for m in kind.metrics(good(), kit)}
    assert set(kind.gallery_metrics) <= set(metrics)
    assert metrics["price"] == Decimal("13.64") or metrics["price"] > 0


def test_diff_reads_like_a_brewer(kind, kit):
    old = good()
    new = {
        **good(),
        "batch_size": 25.0,
        "hops": [hop("h1", amount=30.0, time=60), hop("h3", "simcoe", 10.0, time=0, use="aroma")],
    }
    texts = [c.text for c in kind.diff(old, new, kit)]
    assert "Batch size: 20 L → 25 L" in texts
    assert "Cascade at 60 min: 20 g → 30 g" in texts
    assert "Added 10 g Simcoe, whirlpool 0 min" in texts
    assert "Removed 30 g Cascade, dry hop for 4 days" in texts
    assert kind.diff(old, old, kit) == []


def test_elements_name_every_element(kind, kit):
    labels = kind.elements(good(), kit)
    assert labels["h1"] == "20 g Cascade at 60 min" and labels["f2"] == "0.3 kg Cara 50"
    assert labels["batch_size"] == "Batch size: 20 L" and labels["p1"].startswith("Fermentation Primary")


def test_a_kit_with_two_ingredients_of_one_id_is_refused(kit):
    kit["hops"].append(dict(kit["hops"][0]))
    with pytest.raises(ValidationError):
        RecipeKit.model_validate(kit)
