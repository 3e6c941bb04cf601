"""The shared BeerXML files (tests/data/brewing, sources in SOURCES.md) import with their values, and the
metrics agree with the estimates the brewing software that wrote them stated (EST_OG, EST_FG, EST_COLOR,
IBU (Tinseth), EST_ABV), within 0.002 of OG and FG, 1 SRM, 0.3 % ABV and 10 % IBU — except where
docs/RECIPES.md says why not."""

import pytest

from boucle.studio.kinds.recipes import beerxml, calc
from boucle.studio.kinds.recipes.schemas import Recipe

from .helpers import BREWING

FIXTURES = BREWING / "brewcalc-fixtures"

# file: (EST_OG SG, EST_FG SG, EST_COLOR SRM, IBU, EST_ABV %), converted from the files' units:
# RRSummerBitter states Plato (11.6 °P, 3.4 °P), AussieAle EBC (16.8 EBC = 8.53 SRM).
ESTIMATES = {
    "Londonpride.xml": (1.049, 1.015, 9.21, 35.22, 4.45),
    "AussieAle.xml": (1.044, 1.008, 16.8 / 1.97, 28.0, 4.7),
    "Kolsh.xml": (1.049, 1.010, 3.7, 27.0, 5.1),
    "RRSummerBitter.xml": (calc.sg_from_plato(11.6), calc.sg_from_plato(3.4), 6.8, 34.2, 4.4),
    "Middy Pig.xml": (1.060, 1.015, 26.2, 31.7, 5.9),
    "GenericOneHF.xml": (1.049, 1.010, 3.7, 27.0, 5.1),
}
# Where we differ, and why (docs/RECIPES.md, "Where Boucle differs from the files"):
KNOWN = {
    # GenericOneHF's estimates are Kolsh.xml's, digit for digit, though it holds only the Pilsner malt of
    # that recipe: stale estimates, left from the recipe it was copied from.
    ("GenericOneHF.xml", "og"),
    ("GenericOneHF.xml", "srm"),
    ("GenericOneHF.xml", "abv"),
    ("GenericOneHF.xml", "ibu"),
    # Middy Pig steeps crystal malt and roasted barley in an extract recipe; BeerSmith counts almost nothing
    # from steeped grains, we count them at the brewhouse efficiency (OG 1.069, hence the ABV).
    ("Middy Pig.xml", "og"),
    ("Middy Pig.xml", "fg"),
    ("Middy Pig.xml", "abv"),
    # BeerSmith raises the yeast's attenuation for a cool mash (FG 1.010 at a 65.6 °C mash for a 75 % yeast);
    # we use the yeast's apparent attenuation as the kit states it.
    ("Kolsh.xml", "fg"),
}
TOLERANCE = {"og": 0.002, "fg": 0.002, "srm": 1.0, "abv": 0.3}


def _figures(name):
    content = beerxml.import_beerxml((FIXTURES / name).read_bytes(), {})
    Recipe.model_validate(content)
    return calc.figures(content, {})


@pytest.mark.parametrize("name", sorted(ESTIMATES))
def test_metrics_agree_with_the_files_estimates(name):
    # given / when
    fig = _figures(name)
    og, fg, srm, ibu, abv = ESTIMATES[name]
    # then
    for key, ours, theirs in (
        ("og", fig.og, og),
        ("fg", fig.fg, fg),
        ("srm", fig.srm, srm),
        ("abv", fig.abv, abv),
    ):
        if (name, key) in KNOWN:
            continue
        assert abs(ours - theirs) <= TOLERANCE[key], (name, key, ours, theirs)
    if (name, "ibu") not in KNOWN:
        assert abs(fig.ibu - ibu) <= 0.10 * ibu, (name, fig.ibu, ibu)


def test_the_known_differences_stay_what_the_docs_say():
    middy = _figures("Middy Pig.xml")
    assert middy.og == pytest.approx(1.0686, abs=5e-4)  # vs 1.060
    kolsch = _figures("Kolsh.xml")
    assert kolsch.fg == pytest.approx(1.0123, abs=5e-4)  # vs 1.010


def test_aussie_ale_imports_with_its_values():
    # given / when
    content = beerxml.import_beerxml((FIXTURES / "AussieAle.xml").read_bytes(), {})
    # then: metric units, the first wort addition, EBC colours converted to °L, the sugar typed
    assert content["batch_size"] == pytest.approx(23.02) and content["boil_time"] == 90
    assert content["efficiency"] == 68
    first = content["hops"][0]
    assert (first["use"], first["amount"], first["alpha"], first["form"]) == (
        "first_wort",
        pytest.approx(5.2055),
        10.0,
        "leaf",
    )
    roast = content["fermentables"][3]
    assert roast["name"] == "Roasted Barley" and roast["color"] == pytest.approx(591 / 1.97)
    assert content["fermentables"][4]["type"] == "sugar"
    assert content["yeasts"][0]["attenuation"] == 75
    assert [s["temp"] for s in content["mash_steps"]] == [
        pytest.approx(66.6666667),
        pytest.approx(75.5555556),
    ]


def test_import_onto_the_demo_kit_names_the_kits_ingredients(kit):
    content = beerxml.import_beerxml((FIXTURES / "Londonpride.xml").read_bytes(), kit)
    assert [f["ingredient"] for f in content["fermentables"]] == ["pale-2row-uk", "cara-plus-200"]
    assert [h["ingredient"] for h in content["hops"]] == ["target", "target"]
    # the file's Target is 11.5 %, the kit's 11 %: the recipe keeps the lot it was brewed with
    assert content["hops"][0]["alpha"] == 11.5
    assert content["style"] == "11B"


@pytest.mark.parametrize(
    "path",
    sorted(str(p.relative_to(BREWING)) for p in BREWING.glob("*/*.xml")),
)
def test_every_shared_file_imports(path, kit):
    content = beerxml.import_beerxml((BREWING / path).read_bytes(), kit)
    Recipe.model_validate(content)
    assert content["fermentables"] and content["hops"]


def test_files_for_import_only_keep_their_stated_values(kit):
    # CoffeeStout contradicts itself and Simcoe IPA states measured values: import only, values kept
    simcoe = beerxml.import_beerxml((BREWING / "pybeerxml-tests" / "Simcoe IPA.xml").read_bytes(), {})
    assert simcoe["batch_size"] == pytest.approx(14.9902306488)
    assert [h["amount"] for h in simcoe["hops"]] == [
        pytest.approx(30.050494486),
        pytest.approx(30.050494486),
        pytest.approx(14.17476155),
    ]
    punk = beerxml.import_beerxml((FIXTURES / "punk-ipa-2010-current.xml").read_bytes(), kit)
    dry = [h for h in punk["hops"] if h["use"] == "dry_hop"]
    assert len(dry) == 6 and all(h["time"] == 7 for h in dry)  # 10,080 minutes = 7 days
