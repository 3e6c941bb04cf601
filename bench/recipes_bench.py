"""Speed of the recipe kind (issue 5): metrics of 1,000 recipes under 1 s.

    .venv/bin/python bench/recipes_bench.py [--recipes 1000] [--repeat 5]

Builds ``--recipes`` recipes from the demo kit (a fixed random seed: 3 to 8 fermentables, 2 to 8 hop additions
of every use, 1 or 2 yeasts, a few miscs and steps, in the size of the shared BeerXML recipes) and times, each
as the best of ``--repeat`` runs in this one process:

- ``kind.metrics`` of every recipe (the target: 1,000 recipes under 1 s);
- the editor's whole live check of every recipe (``kind.validate``, ``kind.bill_of_materials``,
  ``kind.metrics``: what ``POST /api/designs/{id}/check`` asks the kind);
- BeerXML export then import of every recipe (checked equal);
- ``calc.scale`` of every recipe to another batch size and efficiency.

Each figure is the best wall time with the best CPU time beside it; the target is checked on wall time. Wall
times depend on what else the machine does: the load average is printed.
"""

from __future__ import annotations

import argparse
import gc
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boucle.settings.test")

import django  # noqa: E402

django.setup()

from boucle.studio.kinds.recipes import calc, kind  # noqa: E402
from boucle.studio.kinds.recipes.beerxml import export_beerxml, import_beerxml  # noqa: E402
from boucle.studio.kinds.recipes.schemas import Recipe  # noqa: E402


def recipes(n: int, kit: dict) -> list[dict]:
    rnd = random.Random(5)
    ids = {g: [i["id"] for i in kit[g]] for g in ("fermentables", "hops", "yeasts", "miscs")}
    out = []
    for _ in range(n):
        hops = []
        for j in range(rnd.randint(2, 8)):
            use = rnd.choice(["boil", "boil", "boil", "first_wort", "aroma", "dry_hop", "mash"])
            hops.append(
                {
                    "id": f"h{j + 1}",
                    "ingredient": rnd.choice(ids["hops"]),
                    "amount": round(rnd.uniform(5, 80), 1),
                    "use": use,
                    "time": float(rnd.choice([60, 45, 30, 15, 5, 0] if use != "dry_hop" else [3, 5, 7])),
                }
            )
        out.append(
            {
                "batch_size": round(rnd.uniform(10, 60), 1),
                "boil_size": round(rnd.uniform(12, 70), 1),
                "boil_time": 60.0,
                "efficiency": round(rnd.uniform(60, 85), 1),
                "style": rnd.choice(["", "11B", "21A", "5B", "20A"]),
                "ibu_method": rnd.choice(["tinseth", "tinseth", "rager"]),
                "fermentables": [
                    {
                        "id": f"f{j + 1}",
                        "ingredient": rnd.choice(ids["fermentables"]),
                        "amount": round(rnd.uniform(0.1, 6), 3),
                        "late": False,
                    }
                    for j in range(rnd.randint(3, 8))
                ],
                "hops": hops,
                "yeasts": [
                    {"id": f"y{j + 1}", "ingredient": rnd.choice(ids["yeasts"]), "amount": 1.0}
                    for j in range(rnd.randint(1, 2))
                ],
                "miscs": [
                    {
                        "id": f"m{j + 1}",
                        "ingredient": rnd.choice(ids["miscs"]),
                        "amount": 1.0,
                        "use": "boil",
                        "time": 15.0,
                    }
                    for j in range(rnd.randint(0, 3))
                ],
                "mash_steps": [{"id": "s1", "name": "Saccharification", "temp": 66.0, "time": 60.0}],
                "fermentation_steps": [{"id": "p1", "name": "Primary", "temp": 19.0, "days": 14.0}],
                "notes": "",
            }
        )
    return out


def best(fn, repeat: int) -> tuple[float, float]:
    walls, cpus = [], []
    for _ in range(repeat):
        gc.collect()
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return min(walls), min(cpus)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--recipes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    kit = kind.demo_kit()
    rs = [Recipe.model_validate(r).model_dump(mode="json") for r in recipes(args.recipes, kit)]
    n = len(rs)
    print(
        f"recipe kind, {n} recipes of the demo kit ({sum(len(r['fermentables']) + len(r['hops']) for r in rs) / n:.1f} "
        f"fermentables + hop additions each); load average {os.getloadavg()[0]:.2f}; best of {args.repeat}"
    )

    wall, cpu = best(lambda: [kind.metrics(r, kit) for r in rs], args.repeat)
    ok = wall < 1.0 * n / 1000
    print(
        f"metrics:                    {wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU  "
        f"({wall / n * 1e6:.0f} µs a recipe)  target {n} under {n / 1000:g} s: {'met' if ok else 'MISSED'}"
    )

    def check():
        for r in rs:
            kind.validate(r, kit)
            kind.bill_of_materials(r, kit)
            kind.metrics(r, kit)

    wall, cpu = best(check, args.repeat)
    print(
        f"validate + BOM + metrics:   {wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU  ({wall / n * 1e6:.0f} µs a recipe)"
    )

    exported: list[bytes] = []
    wall, cpu = best(
        lambda: exported.__setitem__(
            slice(None), [export_beerxml(r, kit, title="x", attribution=["a"]) for r in rs]
        ),
        args.repeat,
    )
    print(
        f"BeerXML export:             {wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU  ({wall / n * 1e6:.0f} µs a recipe)"
    )
    back: list[dict] = []
    wall, cpu = best(
        lambda: back.__setitem__(slice(None), [import_beerxml(x, kit) for x in exported]), args.repeat
    )
    same = sum(1 for a, b in zip(rs, back, strict=True) if a == b)
    print(
        f"BeerXML import:             {wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU  ({wall / n * 1e6:.0f} µs a recipe; {same}/{n} back equal)"
    )
    wall, cpu = best(lambda: [calc.scale(r, kit, batch_size=100, efficiency=80) for r in rs], args.repeat)
    print(
        f"scale to 100 L at 80 %:     {wall * 1000:8.1f} ms wall, {cpu * 1000:8.1f} ms CPU  ({wall / n * 1e6:.0f} µs a recipe)"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
