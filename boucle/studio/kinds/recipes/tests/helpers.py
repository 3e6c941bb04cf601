"""Small builders for recipes in tests (ingredients of the demo kit)."""

from pathlib import Path

BREWING = Path(__file__).resolve().parents[5] / "tests" / "data" / "brewing"


def recipe(
    *, batch=20.0, boil=25.0, boil_time=60.0, efficiency=75.0, fermentables=(), hops=(), yeasts=(), **kw
):
    out = {
        "batch_size": batch,
        "boil_size": boil,
        "boil_time": boil_time,
        "efficiency": efficiency,
        "fermentables": list(fermentables),
        "hops": list(hops),
        "yeasts": list(yeasts),
        "miscs": [],
        "mash_steps": [],
        "fermentation_steps": [],
        "notes": "",
        "style": "",
        "ibu_method": "tinseth",
    }
    out.update(kw)
    return out


def ferm(id, ingredient="maris-otter", amount=4.0, **kw):
    return {"id": id, "ingredient": ingredient, "amount": amount, **kw}


def hop(id, ingredient="cascade", amount=20.0, time=60.0, use="boil", **kw):
    return {"id": id, "ingredient": ingredient, "amount": amount, "time": time, "use": use, **kw}


def yeast(id, ingredient="windsor", amount=1.0, **kw):
    return {"id": id, "ingredient": ingredient, "amount": amount, **kw}


def codes(problems):
    return sorted(p.code for p in problems)
