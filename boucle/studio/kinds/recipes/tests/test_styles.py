"""The BJCP 2021 style table: the whole guidelines where they publish numbers, every range sane, spot values as
published, every style usable in a recipe and in BeerXML."""

import pytest

from boucle.studio.kinds.recipes import styles
from boucle.studio.kinds.recipes.beerxml import export_beerxml, import_beerxml
from boucle.studio.kinds.recipes.catalog import demo_kit
from boucle.studio.kinds.recipes.schemas import Recipe
from boucle.studio.kinds.recipes.tests.helpers import ferm, recipe

TABLE = styles.table()


def test_the_table_covers_the_guidelines_with_published_numbers():
    # given the style codes of categories 1 to 26 (15B left out: its sources disagree, see data/SOURCE.md)
    codes = {s["code"] for s in TABLE}
    expected_main = {
        *(f"1{x}" for x in "ABCD"),
        *(f"2{x}" for x in "ABC"),
        *(f"3{x}" for x in "ABCD"),
        *(f"4{x}" for x in "ABC"),
        *(f"5{x}" for x in "ABCD"),
        *(f"6{x}" for x in "ABC"),
        "7A",
        "7B",
        "8A",
        "8B",
        *(f"9{x}" for x in "ABC"),
        *(f"10{x}" for x in "ABC"),
        *(f"11{x}" for x in "ABC"),
        *(f"12{x}" for x in "ABC"),
        *(f"13{x}" for x in "ABC"),
        *(f"14{x}" for x in "ABC"),
        "15A",
        "15C",
        *(f"16{x}" for x in "ABCD"),
        *(f"17{x}" for x in "ABCD"),
        "18A",
        "18B",
        *(f"19{x}" for x in "ABC"),
        *(f"20{x}" for x in "ABC"),
        "21A",
        "21C",
        *(f"22{x}" for x in "ABCD"),
        *(f"23{x}" for x in "ABCDEFG"),
        *(f"24{x}" for x in "ABC"),
        *(f"25{x}" for x in "ABC"),
        *(f"26{x}" for x in "ABCD"),
        "28D",
        "29D",
    }
    # then every one is there, with the seven Specialty IPAs and the eight historical styles that have numbers
    assert expected_main <= codes
    assert len([c for c in codes if c.startswith("21B-")]) == 7
    assert len([c for c in codes if c.startswith("27-")]) == 8
    # and nothing the guidelines publish without numbers
    assert not codes & {"15B", "21B", "27", "28A", "28B", "28C", "29A", "30A", "31A", "32A", "33A", "34C"}
    assert len(TABLE) == len(codes) == 101


@pytest.mark.parametrize("style", TABLE, ids=lambda s: s["code"])
def test_every_range_is_sane(style):
    for key in ("og", "fg", "ibu", "srm", "abv"):
        lo, hi = style[key]
        assert lo <= hi, key
    assert 1.020 <= style["og"][0] and style["og"][1] <= 1.130
    assert 0.990 <= style["fg"][0] and style["fg"][1] <= 1.040
    # a beer ferments: the highest final gravity is below the highest original gravity, and so for the lowest
    assert style["fg"][0] < style["og"][0] and style["fg"][1] < style["og"][1]
    assert 0 <= style["ibu"][0] and style["ibu"][1] <= 100
    assert 1 <= style["srm"][0] and style["srm"][1] <= 40
    assert 2 <= style["abv"][0] and style["abv"][1] <= 14
    assert style["name"] and style["category"]
    assert styles.code_by_name(style["name"]) == style["code"]


@pytest.mark.parametrize(
    ("code", "name", "og", "fg", "ibu", "srm", "abv"),
    [
        ("16B", "Oatmeal Stout", [1.045, 1.065], [1.010, 1.018], [25, 40], [22, 40], [4.2, 5.9]),
        ("21A", "American IPA", [1.056, 1.070], [1.008, 1.014], [40, 70], [6, 14], [5.5, 7.5]),
        ("11B", "Best Bitter", [1.040, 1.048], [1.008, 1.012], [25, 40], [8, 16], [3.8, 4.6]),
        ("9A", "Doppelbock", [1.072, 1.112], [1.016, 1.024], [16, 26], [6, 25], [7.0, 10.0]),
        ("21B-BRUT", "Brut IPA", [1.046, 1.057], [0.990, 1.004], [20, 30], [2, 4], [6.0, 7.5]),
        ("25B", "Saison", [1.048, 1.065], [1.002, 1.008], [20, 35], [5, 14], [5.0, 7.0]),
        ("27-SAHT", "Sahti", [1.076, 1.120], [1.016, 1.038], [0, 15], [4, 22], [7.0, 11.0]),
    ],
)
def test_spot_values_are_the_published_ones(code, name, og, fg, ibu, srm, abv):
    style = styles.STYLES[code]
    assert (style["name"], style["og"], style["fg"], style["ibu"], style["srm"], style["abv"]) == (
        name,
        og,
        fg,
        ibu,
        srm,
        abv,
    )


def test_the_source_is_named():
    assert "BJCP 2021" in styles.SOURCE and "SOURCE.md" in styles.SOURCE


@pytest.mark.parametrize("code", ["21B-BLK", "27-PPP", "23G"])
def test_a_named_sub_style_is_a_valid_recipe_style_and_survives_beerxml(code):
    # given a recipe of a Specialty IPA type, a historical style or a plain style
    content = Recipe.model_validate(recipe(style=code, fermentables=[ferm("f1")])).model_dump(mode="json")
    # when it goes through BeerXML and back
    again = import_beerxml(export_beerxml(content, demo_kit(), title="x", attribution=[]), demo_kit())
    # then the style is the same
    assert again["style"] == code


def test_beerxml_files_name_the_guideline_category_and_letter_of_a_sub_style():
    content = Recipe.model_validate(recipe(style="21B-BLK")).model_dump(mode="json")
    xml = export_beerxml(content, demo_kit(), title="x", attribution=[]).decode()
    assert "<CATEGORY_NUMBER>21</CATEGORY_NUMBER>" in xml and "<STYLE_LETTER>B</STYLE_LETTER>" in xml
    assert "<NAME>Black IPA</NAME>" in xml
