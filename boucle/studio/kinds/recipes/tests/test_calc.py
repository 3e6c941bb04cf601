"""Worked examples of every formula, with the arithmetic written out (docs/RECIPES.md states the formulas),
and properties of the recipe figures and of scaling (hypothesis)."""

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from boucle.studio.kinds.recipes import calc
from boucle.studio.kinds.recipes.catalog import demo_kit

from .helpers import ferm, hop, recipe, yeast

KIT = demo_kit()


def test_extract_percent_to_ppg():
    # 80 % extract × 46.214 points of sucrose per lb per gal = 36.9712
    assert calc.ppg(80) == pytest.approx(0.80 * 46.214)
    assert calc.ppg(80) == pytest.approx(36.9712)


def test_gravity_points_of_5_kg_of_80_percent_malt_in_20_litres_at_75_percent():
    # 5 kg = 11.0231 lb; 20 L = 5.28344 gal
    # 11.0231 lb × 36.9712 ppg × 0.75 / 5.28344 gal = 57.85 points → OG 1.0579
    lb = 5 * 2.2046226218
    gal = 20 / 3.785411784
    assert lb == pytest.approx(11.0231, abs=1e-4) and gal == pytest.approx(5.28344, abs=1e-5)
    assert calc.gravity_points(5, 80, 20, 75) == pytest.approx(lb * 36.9712 * 0.75 / gal)
    assert calc.gravity_points(5, 80, 20, 75) == pytest.approx(57.85, abs=0.01)


def test_final_gravity_from_apparent_attenuation():
    # 1.050 at 75 %: 50 points × (1 − 0.75) = 12.5 points left → 1.0125
    assert calc.final_gravity(1.050, 75) == pytest.approx(1.0125)
    # 10 of the 50 points from sugar ferment completely: (50 − 10) × 0.25 = 10 points → 1.010
    assert calc.final_gravity(1.050, 75, 10) == pytest.approx(1.010)


def test_abv():
    # (1.050 − 1.0125) × 131.25 = 0.0375 × 131.25 = 4.921875 %
    assert calc.abv(1.050, 1.0125) == pytest.approx(4.921875)


def test_tinseth_worked_example():
    # bigness = 1.65 × 0.000125^(1.050 − 1) = 1.65 × 0.638036 = 1.052760
    # boil-time factor = (1 − e^(−0.04 × 60)) / 4.15 = (1 − 0.090718) / 4.15 = 0.219104
    # utilization = 1.052760 × 0.219104 = 0.230664
    # 28 g at 10 % in 20 L = 28 × 0.10 × 1000 / 20 = 140 mg/L of alpha acids → 140 × 0.230664 = 32.29 IBU
    bigness = 1.65 * 0.000125**0.050
    time_factor = (1 - math.exp(-2.4)) / 4.15
    assert bigness == pytest.approx(1.052760, abs=1e-6) and time_factor == pytest.approx(0.219104, abs=1e-6)
    assert calc.tinseth_utilization(1.050, 60) == pytest.approx(0.230664, abs=1e-6)
    assert calc.ibu_tinseth(28, 10, 60, 20, 1.050) == pytest.approx(32.29, abs=0.01)


def test_rager_worked_example():
    # utilization = (18.11 + 13.86 × tanh((60 − 31.32) / 18.27)) / 100 = (18.11 + 13.86 × 0.916992) / 100 = 0.308195
    # at 1.050 no gravity adjustment: 140 mg/L × 0.308195 = 43.15 IBU
    # at 1.090: ÷ (1 + (1.090 − 1.050) / 0.2) = ÷ 1.2 → 35.96 IBU
    assert math.tanh((60 - 31.32) / 18.27) == pytest.approx(0.916992, abs=1e-6)
    assert calc.rager_utilization(60) == pytest.approx(0.308195, abs=1e-6)
    assert calc.ibu_rager(28, 10, 60, 20, 1.050) == pytest.approx(43.15, abs=0.01)
    assert calc.ibu_rager(28, 10, 60, 20, 1.090) == pytest.approx(43.147 / 1.2, abs=0.01)


def test_morey_worked_example():
    # 4 kg of 10 °L malt in 20 L: 8.8185 lb × 10 °L / 5.28344 gal = 16.691 MCU
    # SRM = 1.4922 × 16.691^0.6859 = 1.4922 × 6.8943 = 10.29; EBC = 10.29 × 1.97 = 20.27
    mcu = 4 * 2.2046226218 * 10 / (20 / 3.785411784)
    assert mcu == pytest.approx(16.691, abs=1e-3)
    assert calc.morey_srm(mcu) == pytest.approx(10.29, abs=0.01)
    assert calc.morey_srm(0) == 0


def test_plato_and_calories():
    # 1.050 SG = 12.39 °P; 12 °P = 1.0484 SG
    assert calc.plato(1.050) == pytest.approx(12.39, abs=0.01)
    assert calc.sg_from_plato(12) == pytest.approx(1.0484, abs=1e-4)
    # OG 1.050, FG 1.010: OE 12.39 °P, AE 2.56 °P, RE = 0.1808 × 12.39 + 0.8192 × 2.56 = 4.34 °P
    # ABV 5.25 %, ABW = 0.79 × 5.25 / 1.010 = 4.106 %; kcal/L = (6.9 × 4.106 + 4.0 × (4.34 − 0.1)) × 1.010 × 10 = 457
    assert calc.calories_per_litre(1.050, 1.010) == pytest.approx(457.4, abs=0.5)


def test_swatch_colour_darkens_with_srm():
    assert calc.srm_rgb(0) == "#FFFFFF"
    assert calc.srm_rgb(10) == "#C64707"
    assert calc.srm_rgb(40) > "#0" and calc.srm_rgb(40) < calc.srm_rgb(5)


def test_recipe_figures_put_the_formulas_together(kit):
    # given 4 kg Maris Otter (82.5 %, 3 °L), 28 g Cascade (6.8 %, pellets) at 60 min, Windsor (75 %), 20 L at 75 %
    r = recipe(fermentables=[ferm("f1", amount=4.0)], hops=[hop("h1", amount=28.0)], yeasts=[yeast("y1")])
    # when
    fig = calc.figures(r, kit)
    # then: OG = 1 + 4 × 2.20462 × 0.825 × 46.214 × 0.75 / 5.28344 / 1000
    og = 1 + 4 * 2.2046226218 * 0.825 * 46.214 * 0.75 / (20 / 3.785411784) / 1000
    assert fig.og == pytest.approx(og) and fig.og == pytest.approx(1.0477, abs=1e-4)
    assert fig.fg == pytest.approx(1 + (og - 1) * 0.25)
    assert fig.abv == pytest.approx((og - fig.fg) * 131.25)
    # full boil: Tinseth's gravity is the OG; pellets × 1.1
    assert fig.ibu == pytest.approx(1.1 * calc.ibu_tinseth(28, 6.8, 60, 20, og))
    assert fig.bu_gu == pytest.approx(fig.ibu / ((og - 1) * 1000))
    assert fig.srm == pytest.approx(calc.morey_srm(4 * 2.2046226218 * 3 / (20 / 3.785411784)))


def test_sugars_and_extracts_ignore_efficiency_and_late_sugar_skips_the_boil(kit):
    mashed = calc.figures(recipe(efficiency=50, fermentables=[ferm("f1", "cane-sugar", 1.0)]), kit)
    full = calc.figures(recipe(efficiency=100, fermentables=[ferm("f1", "cane-sugar", 1.0)]), kit)
    assert mashed.og == pytest.approx(full.og)
    late = recipe(
        fermentables=[ferm("f1", amount=4.0), ferm("f2", "cane-sugar", 1.0, late=True)], hops=[hop("h1")]
    )
    early = recipe(fermentables=[ferm("f1", amount=4.0), ferm("f2", "cane-sugar", 1.0)], hops=[hop("h1")])
    # the same OG, but the boil is weaker without the late sugar: more utilization, more IBU
    assert calc.figures(late, kit).og == pytest.approx(calc.figures(early, kit).og)
    assert calc.figures(late, kit).ibu > calc.figures(early, kit).ibu


def test_hop_uses(kit):
    def ibu(**kw):
        return calc.figures(recipe(fermentables=[ferm("f1")], hops=[hop("h1", **kw)]), kit).ibu

    boil60 = ibu(time=60)
    assert ibu(use="dry_hop", time=5) == 0
    assert ibu(time=0) == 0
    assert ibu(use="first_wort", time=0) == pytest.approx(1.1 * boil60)
    assert ibu(use="mash", time=0) == pytest.approx(0.2 * boil60)
    assert 0 < ibu(use="aroma", time=20) < boil60
    assert ibu(time=60, ingredient="fuggle") < boil60  # 4 % leaf vs 6.8 % pellets


def test_rager_option(kit):
    r = recipe(fermentables=[ferm("f1")], hops=[hop("h1")], ibu_method="rager")
    og = calc.figures(r, kit).og
    assert calc.figures(r, kit).ibu == pytest.approx(1.1 * calc.ibu_rager(20, 6.8, 60, 20, og))


def test_figures_are_none_without_batch_size_efficiency_or_yeast(kit):
    assert calc.figures({"fermentables": [ferm("f1")]}, kit).og is None
    fig = calc.figures(recipe(fermentables=[ferm("f1")]), kit)
    assert fig.og is not None and fig.fg is None and fig.abv is None


# --- scaling


def test_scaling_to_twice_the_batch_doubles_a_full_boil_recipe(kit):
    r = recipe(
        fermentables=[ferm("f1", amount=4.0)],
        hops=[hop("h1", amount=28.0), hop("h2", time=10)],
        yeasts=[yeast("y1")],
    )
    big = calc.scale(r, kit, batch_size=40)
    assert big["batch_size"] == 40 and big["boil_size"] == 50
    assert big["fermentables"][0]["amount"] == pytest.approx(8.0)
    assert big["hops"][0]["amount"] == pytest.approx(56.0, abs=0.01)
    assert calc.figures(big, kit).og == pytest.approx(calc.figures(r, kit).og)
    assert calc.figures(big, kit).ibu == pytest.approx(calc.figures(r, kit).ibu, abs=0.05)


def test_scaling_the_efficiency_keeps_sugars_and_the_gravity(kit):
    # given malt and sugar: a better efficiency needs less malt but as much sugar
    r = recipe(
        fermentables=[ferm("f1", amount=5.0), ferm("f2", "cane-sugar", 1.0)],
        hops=[hop("h1", amount=30.0)],
        yeasts=[yeast("y1")],
    )
    # when
    s = calc.scale(r, kit, efficiency=90)
    # then malt × 75/90, sugar the same, the same OG and IBU
    assert s["fermentables"][0]["amount"] == pytest.approx(5.0 * 75 / 90, abs=1e-4)
    assert s["fermentables"][1]["amount"] == pytest.approx(1.0)
    assert calc.figures(s, kit).og == pytest.approx(calc.figures(r, kit).og)
    assert calc.figures(s, kit).ibu == pytest.approx(calc.figures(r, kit).ibu, abs=0.05)


def test_scaling_a_partial_boil_to_a_full_boil_recomputes_hop_utilization(kit):
    # given an extract recipe boiled in 10 L and topped up to 20 L: the boil is twice as strong as the OG,
    # so its hops are used less
    r = recipe(
        boil=10.0,
        fermentables=[ferm("f1", "dark-lme", 3.0)],
        hops=[hop("h1", amount=40.0)],
        yeasts=[yeast("y1")],
    )
    # when it is scaled to 40 L boiled in full (48 L)
    s = calc.scale(r, kit, batch_size=40, boil_size=48)
    # then the extract doubles, but the hops less than double: the weaker boil uses them better
    assert s["fermentables"][0]["amount"] == pytest.approx(6.0)
    assert s["hops"][0]["amount"] < 80 * 0.9
    assert calc.figures(s, kit).ibu == pytest.approx(calc.figures(r, kit).ibu, abs=0.05)


@settings(max_examples=60, deadline=None)
@given(
    grams=st.floats(1, 200),
    minutes=st.sampled_from([5, 15, 30, 45, 60, 90]),
    kg=st.floats(0.5, 12),
    batch=st.floats(5, 200),
    new_batch=st.floats(5, 200),
    new_eff=st.floats(40, 95),
)
def test_scaling_keeps_the_bitterness_and_the_gravity_of_an_all_grain_recipe(
    grams, minutes, kg, batch, new_batch, new_eff
):
    kit = KIT
    r = recipe(
        batch=batch,
        boil=batch * 1.2,
        fermentables=[ferm("f1", amount=kg)],
        hops=[hop("h1", amount=grams, time=minutes)],
    )
    s = calc.scale(r, kit, batch_size=new_batch, efficiency=new_eff)
    before, after = calc.figures(r, kit), calc.figures(s, kit)
    assert after.og == pytest.approx(before.og, abs=2e-4)
    assert after.ibu == pytest.approx(before.ibu, rel=0.01, abs=0.05)


@settings(max_examples=60, deadline=None)
@given(a=st.floats(0.1, 20), b=st.floats(0.1, 20), grams=st.floats(0, 300))
def test_more_malt_means_higher_og_and_more_hops_more_ibu(a, b, grams):
    kit = KIT
    lo, hi = sorted((a, b))

    def f(kg, g):
        return calc.figures(recipe(fermentables=[ferm("f1", amount=kg)], hops=[hop("h1", amount=g)]), kit)

    assert f(lo, grams).og <= f(hi, grams).og
    assert f(hi, grams).ibu <= f(hi, grams + 1).ibu
