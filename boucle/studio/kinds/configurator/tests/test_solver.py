"""The solver's answers checked against brute force on small random kits (every configuration enumerated)."""

import itertools
import random

import pytest

from boucle.studio.kinds.configurator import solver


def random_kit(rng: random.Random) -> dict:
    groups, ids = [], []
    for g in range(rng.randint(2, 4)):
        n = rng.randint(2, 3)
        gmax = rng.choice([1, 1, 2])
        gmin = rng.choice([0, 1]) if gmax == 1 else rng.randint(0, 1)
        choices = []
        for k in range(n):
            cid = f"c{g}{k}"
            ids.append(cid)
            choices.append(
                {
                    "id": cid,
                    "name": cid.upper(),
                    "price": f"{rng.randint(0, 9) * 10}.00",
                    "weight": rng.randint(0, 5),
                    "attributes": {"p": rng.randint(0, 4), "q": rng.randint(0, 4)},
                }
            )
        groups.append({"id": f"g{g}", "name": f"G{g}", "min": gmin, "max": gmax, "choices": choices})
    rules = []
    for r in range(rng.randint(1, 5)):
        t = rng.choice(["requires", "excludes", "at_most", "at_least", "limit"])
        if t == "requires":
            a, *b = rng.sample(ids, rng.randint(2, 3))
            rules.append({"id": f"r{r}", "type": t, "choice": a, "needs": b})
        elif t == "excludes":
            rules.append({"id": f"r{r}", "type": t, "choices": rng.sample(ids, 2)})
        elif t in ("at_most", "at_least"):
            rules.append(
                {
                    "id": f"r{r}",
                    "type": t,
                    "choices": rng.sample(ids, 3),
                    "count": rng.randint(0, 2),
                    "when": rng.choice([None, rng.choice(ids)]),
                }
            )
        else:
            rule = {
                "id": f"r{r}",
                "type": t,
                "attribute": rng.choice(["p", "weight"]),
                "op": rng.choice(["<=", ">="]),
            }
            if rng.random() < 0.5:
                rule["value"] = rng.randint(0, 12)
            else:
                rule["against"] = "q"
            rules.append(rule)
    return {
        "currency": "EUR",
        "product": {"name": "P", "base_price": "10.00", "base_weight": 1},
        "attributes": [{"key": "p", "label": "P"}, {"key": "q", "label": "Q"}],
        "groups": groups,
        "rules": rules,
    }


def all_configurations(c):
    return [
        set(itertools.compress(range(len(c.ids)), bits))
        for bits in itertools.product([0, 1], repeat=len(c.ids))
    ]


SEEDS = range(120)


@pytest.mark.parametrize("seed", SEEDS)
def test_the_solver_agrees_with_brute_force(seed):
    # given a small random kit and a random configuration of it
    rng = random.Random(seed)
    kit = random_kit(rng)
    c = solver.compile_kit(kit)
    every = all_configurations(c)
    valid = [s for s in every if solver.is_valid(c, s)]
    current = rng.choice(every)
    # when / then: a valid configuration exists exactly when brute force finds one
    assert solver.satisfiable(kit) == bool(valid)
    fix = solver.nearest(c, current)
    if not valid:
        assert fix is None
        return
    # the nearest fix is valid, with the fewest changes, then the smallest change of price
    assert solver.is_valid(c, fix)
    best = min(
        (solver.changes(c, current, s), abs(solver.price_of(c, s) - solver.price_of(c, current)))
        for s in valid
    )
    assert (
        solver.changes(c, current, fix),
        abs(solver.price_of(c, fix) - solver.price_of(c, current)),
    ) == best
    if current in valid:
        assert fix == current
    # a choice is blocked exactly when no valid configuration holds it with the other groups' choices, while
    # some valid configuration holds those
    blocked = solver.blocked(c, current)
    for i in range(len(c.ids)):
        if i in current:
            assert i not in blocked
            continue
        context = {j for j in current if c.group_of[j] != c.group_of[i]}
        possible = any(context <= s for s in valid)
        reachable = any(i in s and context <= s for s in valid)
        assert (i in blocked) == (possible and not reachable), (seed, c.ids[i])
        if i in blocked:
            assert set(blocked[i]) <= context
