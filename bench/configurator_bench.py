"""Speed of the configurator kind (issue 5): validation with the nearest valid fix and the greyed choices.

    .venv/bin/python bench/configurator_bench.py [--repeat 5]

Times, each as the best of ``--repeat`` runs in this one process (the kit's compiled CP-SAT model is cached
per kit, as in a running server; the first, cold call is printed apart):

- the demo product (Velomotive e-bike: 11 groups, 43 choices, 15 rules): ``kind.validate`` on a valid
  configuration (greyed choices) and on an invalid one (broken rules, nearest fix, greyed choices), and the
  fix alone; target: validation + fix under 100 ms;
- a generated product with 50 groups, 500 choices and 200 rules (every kind of rule; a planted configuration
  keeps it satisfiable): the kit check (one solve, as when the organization saves the kit), the nearest fix of
  a random configuration, the greyed choices, and the whole ``kind.validate``.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "boucle.settings.test")

import django  # noqa: E402

django.setup()

from boucle.studio import evaluation as ev  # noqa: E402
from boucle.studio.kinds.configurator import kind, solver  # noqa: E402
from boucle.studio.kinds.configurator.validate import chosen_indices  # noqa: E402


def generated_kit(groups: int = 50, per_group: int = 10, rules: int = 200, seed: int = 5) -> dict:
    rng = random.Random(seed)
    kit_groups, planted, ids = [], set(), []
    for g in range(groups):
        multi = g % 5 == 4  # one group in five takes 0 to 3 choices
        choices = []
        for k in range(per_group):
            cid = f"g{g}c{k}"
            ids.append(cid)
            choices.append(
                {
                    "id": cid,
                    "name": f"Option {g}.{k}",
                    "price": f"{rng.randint(0, 400)}.00",
                    "weight": round(rng.uniform(0, 3), 1),
                    "attributes": {"power_w": rng.randint(0, 200), "max_power_w": rng.randint(0, 300)},
                }
            )
        pick = rng.sample([c["id"] for c in choices], rng.randint(0, 3) if multi else 1)
        planted.update(pick)
        kit_groups.append(
            {
                "id": f"g{g}",
                "name": f"Group {g}",
                "min": 0 if multi else 1,
                "max": 3 if multi else 1,
                "choices": choices,
            }
        )
    attrs = {c["id"]: c for grp in kit_groups for c in grp["choices"]}

    def total(key):
        return sum(attrs[i]["attributes"][key] if key != "weight" else attrs[i]["weight"] for i in planted)

    kit_rules = []
    while len(kit_rules) < rules:
        r = len(kit_rules)
        t = rng.choice(["requires", "requires", "excludes", "excludes", "at_most", "at_least"])
        if t == "requires":
            a = rng.choice(ids)
            needs = rng.sample(ids, 3)
            if a in planted and not planted & set(needs):
                needs.append(rng.choice(sorted(planted)))
            kit_rules.append({"id": f"r{r}", "type": t, "choice": a, "needs": needs})
        elif t == "excludes":
            pair = rng.sample(ids, 2)
            if set(pair) <= planted:
                continue
            kit_rules.append({"id": f"r{r}", "type": t, "choices": pair})
        else:
            members = rng.sample(ids, 6)
            n = len(planted & set(members))
            count = rng.randint(n, 4) if t == "at_most" else rng.randint(0, n)
            kit_rules.append(
                {
                    "id": f"r{r}",
                    "type": t,
                    "choices": members,
                    "count": count,
                    "when": rng.choice([None, rng.choice(ids)]),
                }
            )
    kit_rules[-2:] = [
        {"id": "power", "type": "limit", "attribute": "power_w", "op": "<=", "value": total("power_w") + 500},
        {
            "id": "weight",
            "type": "limit",
            "attribute": "weight",
            "op": "<=",
            "value": round(total("weight") + 5, 1),
        },
    ]
    return {
        "currency": "EUR",
        "product": {"name": "Generated product", "base_price": "1000.00", "base_weight": 10},
        "attributes": [
            {"key": "power_w", "label": "Power", "unit": "W"},
            {"key": "max_power_w", "label": "Output", "unit": "W"},
        ],
        "groups": kit_groups,
        "rules": kit_rules,
    }


def best(fn, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return min(times) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeat", type=int, default=5)
    repeat = parser.parse_args().repeat
    print(f"load average {os.getloadavg()[0]:.2f}; best of {repeat}")

    kit = ev.kit_clean(kind, kind.demo_kit())
    valid = ev.content_clean(kind, kind.demo_designs()[0][1])
    invalid = {"selections": {**valid["selections"], "battery": ["bat-400"], "front": ["front-box"]}}
    start = time.perf_counter()
    kind.validate(invalid, kit)
    print(
        f"demo product, first validate (the kit check compiled the model): {(time.perf_counter() - start) * 1000:.1f} ms"
    )
    c = solver.compile_kit(kit)
    chosen = chosen_indices(c, invalid)
    ms_valid, _ = best(lambda: kind.validate(valid, kit), repeat)
    ms_invalid, problems = best(lambda: kind.validate(invalid, kit), repeat)
    ms_fix, _ = best(lambda: solver.nearest(c, chosen), repeat)
    ms_check, _ = best(lambda: ev.evaluate(kind, invalid, kit), repeat)
    codes = [p.code for p in problems]
    print(f"demo product ({len(c.groups)} groups, {len(c.ids)} choices, {len(c.rules)} rules):")
    print(f"  validate, valid configuration (greyed choices):            {ms_valid:7.1f} ms")
    print(
        f"  validate, invalid ({codes.count('rule')} rules broken; fix + greyed choices): {ms_invalid:7.1f} ms"
        f"  {'OK' if ms_invalid < 100 else 'OVER'} (target 100 ms)"
    )
    print(f"  nearest fix alone:                                         {ms_fix:7.1f} ms")
    print(f"  the check endpoint's evaluation (validate + BOM + metrics): {ms_check:7.1f} ms")

    big = generated_kit()
    start = time.perf_counter()
    big = ev.kit_clean(kind, big)  # includes the satisfiability solve, as a kit save does
    ms_kit = (time.perf_counter() - start) * 1000
    cb = solver.compile_kit(big)
    rng = random.Random(1)
    selections = {}
    for g in big["groups"]:
        selections[g["id"]] = [rng.choice(g["choices"])["id"]] if g["max"] == 1 else []
    content = ev.content_clean(kind, {"selections": selections})
    chosen = chosen_indices(cb, content)
    ms_fix, target = best(lambda: solver.nearest(cb, chosen), repeat)
    ms_blocked, blocked = best(lambda: solver.blocked(cb, target), repeat)
    ms_all, problems = best(lambda: kind.validate(content, big), repeat)
    broken = sum(1 for p in problems if p.code == "rule")
    print(f"generated product ({len(cb.groups)} groups, {len(cb.ids)} choices, {len(cb.rules)} rules):")
    print(f"  kit schema + satisfiability (a kit save), cold:            {ms_kit:7.1f} ms")
    print(
        f"  nearest fix of a random configuration ({broken} rules broken, "
        f"{solver.changes(cb, chosen, target)} changes): {ms_fix:7.1f} ms"
    )
    print(f"  greyed choices of the fixed configuration ({len(blocked)} greyed):     {ms_blocked:7.1f} ms")
    print(f"  validate (problems + fix + greyed choices):                {ms_all:7.1f} ms")


if __name__ == "__main__":
    main()
