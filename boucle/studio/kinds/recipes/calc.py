"""Brewing arithmetic: gravity, attenuation, alcohol, bitterness, colour, calories, and scaling.

Pure functions over plain numbers and the recipe dicts the studio hands the kind (metric units, see
``schemas``). docs/RECIPES.md states every formula and constant with its source, and where the results
differ from the estimates of the brewing software that wrote the shared BeerXML files; the tests in
``tests/test_calc.py`` work one example of each formula by hand.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

LITRES_PER_GALLON = 3.785411784  # US gallon
POUNDS_PER_KG = 2.2046226218
GRAMS_PER_OUNCE = 28.349523125
PPG_SUCROSE = 46.214  # gravity points of 1 lb of sucrose in 1 US gal (100 % extract)
EBC_PER_SRM = 1.97
MASH_HOP_FACTOR = 0.2  # a mash hop gives 20 % of a boil addition of the whole boil (BeerSmith's convention)
FIRST_WORT_FACTOR = 1.1  # first wort hops: +10 % over a boil addition of the whole boil
PELLET_FACTOR = 1.1  # pellets give 10 % more than whole hops (BeerSmith's and brewcalc's convention)
SERVING_ML = 330  # calories per serving of 33 cl
MASHED = frozenset(
    {"grain", "adjunct"}
)  # brewhouse efficiency applies to these; sugars and extracts dissolve
SUGARS = frozenset({"sugar"})  # ferment completely, whatever the yeast's attenuation


def plato(sg: float) -> float:
    """°Plato of a specific gravity (ASBC polynomial): plato(1.048) ≈ 11.9."""
    return -616.868 + 1111.14 * sg - 630.272 * sg**2 + 135.997 * sg**3


def sg_from_plato(p: float) -> float:
    """Specific gravity of an extract in °Plato (the inverse used by most software): 12 °P ≈ 1.0484."""
    return 1 + p / (258.6 - (p / 258.2) * 227.1)


def ppg(extract_percent: float) -> float:
    """Gravity points per pound per gallon of a fermentable of this extract %: 80 % → 36.97."""
    return extract_percent / 100 * PPG_SUCROSE


def gravity_points(kg: float, extract_percent: float, litres: float, efficiency: float = 100.0) -> float:
    """Points (SG − 1) × 1000 that ``kg`` of a fermentable gives ``litres`` of wort at ``efficiency`` %."""
    return kg * POUNDS_PER_KG * ppg(extract_percent) * efficiency / 100 / (litres / LITRES_PER_GALLON)


def final_gravity(og: float, attenuation: float, sugar_points: float = 0.0) -> float:
    """Apparent attenuation: FG = 1 + ((OG − 1) × 1000 − sugar points) × (1 − attenuation) / 1000; simple
    sugars (``sugar_points`` of the OG) ferment completely."""
    return 1 + ((og - 1) * 1000 - sugar_points) * (1 - attenuation / 100) / 1000


def abv(og: float, fg: float) -> float:
    """Alcohol by volume %, the homebrewing standard: (OG − FG) × 131.25."""
    return (og - fg) * 131.25


def tinseth_utilization(gravity: float, minutes: float) -> float:
    """Tinseth: 1.65 × 0.000125^(G − 1) × (1 − e^(−0.04 t)) / 4.15."""
    return 1.65 * 0.000125 ** (gravity - 1) * (1 - math.exp(-0.04 * minutes)) / 4.15


def rager_utilization(minutes: float) -> float:
    """Rager: (18.11 + 13.86 × tanh((t − 31.32) / 18.27)) / 100."""
    return (18.11 + 13.86 * math.tanh((minutes - 31.32) / 18.27)) / 100


def ibu_tinseth(grams: float, alpha: float, minutes: float, litres: float, gravity: float) -> float:
    """IBU = utilization × mg/L of alpha acids added (grams × alpha % × 1000 / litres)."""
    return tinseth_utilization(gravity, minutes) * grams * alpha / 100 * 1000 / litres


def ibu_rager(grams: float, alpha: float, minutes: float, litres: float, gravity: float) -> float:
    """Rager, with his gravity adjustment above 1.050: ÷ (1 + (G − 1.050) / 0.2)."""
    adjustment = max(0.0, (gravity - 1.050) / 0.2)
    return rager_utilization(minutes) * grams * alpha / 100 * 1000 / litres / (1 + adjustment)


def morey_srm(mcu: float) -> float:
    """Morey: SRM = 1.4922 × MCU^0.6859, MCU = Σ(lb × °L) / gal."""
    return 1.4922 * mcu**0.6859 if mcu > 0 else 0.0


def srm_rgb(srm: float) -> str:
    """An approximate colour of a beer of this SRM, as #RRGGBB, for swatches (see docs/RECIPES.md)."""
    s = max(0.0, min(srm, 50.0))
    r = round(255 * 0.975**s)
    g = round(255 * 0.88**s)
    b = round(255 * 0.7**s)
    return f"#{r:02X}{g:02X}{b:02X}"


def calories_per_litre(og: float, fg: float) -> float:
    """kcal per litre (ASBC, as BeerSmith): [6.9 × ABW + 4.0 × (RE − 0.1)] × FG × 10, where
    RE = 0.1808 × OE + 0.8192 × AE in °P and ABW = 0.79 × ABV / FG."""
    oe, ae = plato(og), plato(fg)
    real_extract = 0.1808 * oe + 0.8192 * ae
    abw = 0.79 * abv(og, fg) / fg
    return max(0.0, (6.9 * abw + 4.0 * (real_extract - 0.1)) * fg * 10)


# ------------------------------------------------------------------------------------------------- a recipe


@dataclass
class Figures:
    og: float | None = None
    fg: float | None = None
    abv: float | None = None
    ibu: float | None = None
    srm: float | None = None
    ebc: float | None = None
    bu_gu: float | None = None
    calories: float | None = None  # per serving of SERVING_ML
    boil_gravity: float | None = None
    attenuation: float | None = None
    grist_kg: float = 0.0
    hop_ibus: dict | None = None  # hop addition id -> IBU


class Kit:
    """The kit's ingredients by id (built once per call; the kit is small)."""

    __slots__ = ("fermentables", "hops", "yeasts", "miscs")

    def __init__(self, kit: dict):
        self.fermentables = {i["id"]: i for i in kit.get("fermentables", ())}
        self.hops = {i["id"]: i for i in kit.get("hops", ())}
        self.yeasts = {i["id"]: i for i in kit.get("yeasts", ())}
        self.miscs = {i["id"]: i for i in kit.get("miscs", ())}


def _value(item: dict, kit_item: dict | None, key: str, default=None):
    v = item.get(key)
    if v is not None:
        return v
    if kit_item is not None:
        v = kit_item.get(key)
        if v is not None:
            return v
    return default


def fermentable_values(f: dict, kit: Kit) -> tuple[float | None, float | None, str]:
    k = kit.fermentables.get(f["ingredient"])
    return _value(f, k, "extract"), _value(f, k, "color"), _value(f, k, "type", "grain")


def hop_values(h: dict, kit: Kit) -> tuple[float | None, str]:
    k = kit.hops.get(h["ingredient"])
    return _value(h, k, "alpha"), _value(h, k, "form", "pellet")


def yeast_attenuation(y: dict, kit: Kit) -> float | None:
    return _value(y, kit.yeasts.get(y["ingredient"]), "attenuation")


def _points(
    content: dict, kit: Kit, efficiency: float, *, boil_only: bool
) -> tuple[float, float, float, float]:
    """(points × gallons, MCU × gallons, kg, points × gallons of simple sugars) over the fermentables."""
    point_gal = colour_gal = kg = sugar_gal = 0.0
    for f in content.get("fermentables", ()):
        extract, colour, ftype = fermentable_values(f, kit)
        amount = f["amount"]
        kg += amount
        lb = amount * POUNDS_PER_KG
        if colour:
            colour_gal += lb * colour
        if extract is None or (boil_only and f.get("late")):
            continue
        eff = efficiency / 100 if ftype in MASHED else 1.0
        points = lb * ppg(extract) * eff
        point_gal += points
        if ftype in SUGARS:
            sugar_gal += points
    return point_gal, colour_gal, kg, sugar_gal


def hop_ibu(h: dict, kit: Kit, *, method: str, litres: float, gravity: float, boil_time: float) -> float:
    alpha, form = hop_values(h, kit)
    if alpha is None or not h["amount"]:
        return 0.0
    use = h.get("use", "boil")
    factor = 1.0
    if use == "dry_hop":
        return 0.0
    if use == "mash":
        minutes, factor = boil_time, MASH_HOP_FACTOR
    elif use == "first_wort":
        minutes, factor = boil_time, FIRST_WORT_FACTOR
    else:  # boil, aroma (whirlpool): their time in hot wort
        minutes = min(h["time"], boil_time) if use == "boil" else h["time"]
    if minutes <= 0:
        return 0.0
    if form == "pellet":
        factor *= PELLET_FACTOR
    f = ibu_rager if method == "rager" else ibu_tinseth
    return factor * f(h["amount"], alpha, minutes, litres, gravity)


def figures(content: dict, kit: dict | Kit) -> Figures:
    """Every metric of a recipe; None where the recipe lacks what it needs (no batch size, no yeast)."""
    kit = kit if isinstance(kit, Kit) else Kit(kit)
    out = Figures()
    batch = content.get("batch_size")
    efficiency = content.get("efficiency")
    point_gal, colour_gal, kg, sugar_gal = _points(content, kit, efficiency or 0, boil_only=False)
    out.grist_kg = kg
    if not batch:
        return out
    gallons = batch / LITRES_PER_GALLON
    out.srm = morey_srm(colour_gal / gallons)
    out.ebc = out.srm * EBC_PER_SRM
    if not efficiency:
        return out
    og = 1 + point_gal / gallons / 1000
    out.og = og
    boil = content.get("boil_size") or batch
    boil_time = content.get("boil_time")
    boil_time = 60.0 if boil_time is None else boil_time
    # Tinseth's "wort gravity": the gravity of the wort in the kettle at the end of the boil. A full boil
    # ends at the batch volume (the OG without late additions); a partial boil (an extract recipe boiled in
    # less water and topped up) ends at the boil volume, stronger (see docs/RECIPES.md).
    boil_points, _c, _k, _s = _points(content, kit, efficiency, boil_only=True)
    gravity = 1 + boil_points / (min(boil, batch) / LITRES_PER_GALLON) / 1000
    out.boil_gravity = 1 + boil_points / (boil / LITRES_PER_GALLON) / 1000
    method = content.get("ibu_method", "tinseth")
    ibus = {}
    for h in content.get("hops", ()):
        ibus[h["id"]] = hop_ibu(h, kit, method=method, litres=batch, gravity=gravity, boil_time=boil_time)
    out.hop_ibus = ibus
    out.ibu = sum(ibus.values())
    gu = (og - 1) * 1000
    out.bu_gu = out.ibu / gu if gu > 0 else None
    attenuations = [
        a for a in (yeast_attenuation(y, kit) for y in content.get("yeasts", ())) if a is not None
    ]
    if attenuations:
        out.attenuation = max(attenuations)
        out.fg = final_gravity(og, out.attenuation, sugar_gal / gallons)
        out.abv = abv(og, out.fg)
        out.calories = calories_per_litre(og, out.fg) * SERVING_ML / 1000
    return out


# ------------------------------------------------------------------------------------------------ scaling


def scale(
    content: dict,
    kit: dict,
    *,
    batch_size: float | None = None,
    efficiency: float | None = None,
    boil_size: float | None = None,
) -> dict:
    """The recipe for another batch size and/or brewhouse efficiency, tasting the same.

    Mashed fermentables scale with the volume and inversely with the efficiency; sugars and extracts with the
    volume only. The boil size follows the batch unless given. Each boil hop addition is then solved again for
    the IBU it gave in the original recipe, with the new recipe's gravity and volumes (hop utilization is
    recomputed, not multiplied: it changes when the boil gravity does). Dry hops, miscs and yeasts follow the
    volume. Ids stay the same.
    """
    k = Kit(kit)
    old_batch = content.get("batch_size")
    old_eff = content.get("efficiency")
    if not old_batch or not old_eff:
        raise ValueError("a recipe needs a batch size and an efficiency to be scaled")
    new_batch = batch_size or old_batch
    new_eff = efficiency or old_eff
    ratio = new_batch / old_batch
    before = figures(content, k)
    out = dict(content)
    out["batch_size"] = new_batch
    out["efficiency"] = new_eff
    old_boil = content.get("boil_size")
    out["boil_size"] = boil_size or (old_boil * ratio if old_boil else None)
    ferms = []
    for f in content.get("fermentables", ()):
        _e, _c, ftype = fermentable_values(f, k)
        factor = ratio * (old_eff / new_eff if ftype in MASHED else 1.0)
        ferms.append({**f, "amount": _round(f["amount"] * factor, 4)})
    out["fermentables"] = ferms
    out["miscs"] = [{**m, "amount": _round(m["amount"] * ratio, 3)} for m in content.get("miscs", ())]
    out["yeasts"] = [
        {**y, "amount": _round(max(y["amount"] * ratio, 0), 2)} for y in content.get("yeasts", ())
    ]
    # the new recipe's gravity, then each hop addition solved for its old IBU
    probe = dict(out)
    probe["hops"] = [{**h, "amount": 1.0} for h in content.get("hops", ())]
    per_gram = figures(probe, k).hop_ibus or {}
    hops = []
    for h in content.get("hops", ()):
        target = (before.hop_ibus or {}).get(h["id"], 0.0)
        unit = per_gram.get(h["id"], 0.0)
        amount = target / unit if target > 0 and unit > 0 else h["amount"] * ratio
        hops.append({**h, "amount": _round(amount, 2)})
    out["hops"] = hops
    return out


def _round(x: float, digits: int) -> float:
    return float(round(x, digits))
