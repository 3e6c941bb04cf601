"""The configurator's rules as integers, checked directly and solved with Google OR-Tools CP-SAT.

- ``compile_kit(kit)``: the kit in integer form (``Compiled``: choices by index, prices in cents, attributes and
  weights in thousandths), cached per kit content together with its CP-SAT model.
- ``broken(compiled, chosen)``: the group bounds and rules a set of chosen choice indices breaks, evaluated
  directly (no solver; the same integers the solver sees, so both always agree).
- ``satisfiable(kit)``: is there any valid configuration at all (the kit schema refuses a kit without one).
- ``nearest(compiled, chosen)``: the valid configuration with the fewest changed selections, ties broken by
  the smallest change of price (one CP-SAT optimisation).
- ``blocked(compiled, chosen)``: the choices that no valid configuration holds together with the choices of the
  other groups as they are, each with the chosen choices it conflicts with (an unsatisfiable core).

docs/CONFIGURATOR.md defines each of these; tests/test_solver.py checks them against brute force.
"""

from __future__ import annotations

import hashlib
import json
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal

from ortools.sat.python import cp_model

SCALE = 1000  # attributes and weights are compared in thousandths (grams for kg)
CACHE_SIZE = 16
SOLVE_SECONDS = 5.0  # one solve at most
TIE_SECONDS = 0.3  # the nearest fix's tie-break by price, at most
BLOCKED_SECONDS = 3.0  # all the feasibility solves of one check at most (then the rest is left unknown)


def milli(value) -> int:
    return int((Decimal(str(value or 0)) * SCALE).to_integral_value())


def cents(value) -> int:
    return int((Decimal(str(value or 0)) * 100).to_integral_value())


@dataclass
class GroupC:
    id: str
    name: str
    min: int
    max: int
    members: list[int]


@dataclass
class RuleC:
    index: int
    id: str
    type: str  # requires, excludes, at_most, at_least, limit
    choice: int | None = None  # requires: the choice that needs; at_most/at_least: ``when``
    members: list[int] = field(default_factory=list)  # needs / excluded / counted choices
    group: int | None = None  # at_most/at_least over a group
    count: int = 0
    attribute: str = ""
    op: str = "<="
    value: int | None = None  # limit: in thousandths
    against: str | None = None


@dataclass
class Compiled:
    kit: dict
    ids: list[str]
    names: list[str]
    index: dict[str, int]
    group_of: list[int]
    groups: list[GroupC]
    group_index: dict[str, int]
    price: list[int]  # cents
    base_price: int
    attrs: dict[str, list[int]]  # thousandths per choice, "weight" and "price" included
    base_attrs: dict[str, int]
    rules: list[RuleC]
    model: cp_model.CpModel | None = None

    def total(self, attribute: str, chosen) -> int:
        values = self.attrs.get(attribute)
        base = self.base_attrs.get(attribute, 0)
        if values is None:
            return base
        return base + sum(values[i] for i in chosen)


_cache: OrderedDict[str, Compiled] = OrderedDict()
_lock = threading.Lock()


def kit_key(kit: dict) -> str:
    return hashlib.sha256(json.dumps(kit, sort_keys=True, separators=(",", ":")).encode()).hexdigest()


def compile_kit(kit: dict) -> Compiled:
    key = kit_key(kit)
    with _lock:
        found = _cache.get(key)
        if found is not None:
            _cache.move_to_end(key)
            return found
    compiled = _compile(kit)
    compiled.model = _build_model(compiled)
    with _lock:
        _cache[key] = compiled
        while len(_cache) > CACHE_SIZE:
            _cache.popitem(last=False)
    return compiled


def _compile(kit: dict) -> Compiled:
    ids, names, group_of, groups, price = [], [], [], [], []
    index: dict[str, int] = {}
    group_index: dict[str, int] = {}
    attr_keys = [a["key"] for a in kit.get("attributes", [])]
    raw_attrs: list[dict] = []
    for g, group in enumerate(kit["groups"]):
        group_index[group["id"]] = g
        members = []
        for choice in group["choices"]:
            i = len(ids)
            index[choice["id"]] = i
            ids.append(choice["id"])
            names.append(choice["name"])
            group_of.append(g)
            price.append(cents(choice.get("price", 0)))
            raw_attrs.append(choice)
            members.append(i)
        groups.append(GroupC(group["id"], group["name"], group.get("min", 1), group.get("max", 1), members))
    attrs: dict[str, list[int]] = {
        "weight": [milli(c.get("weight", 0)) for c in raw_attrs],
        "price": [milli(c.get("price", 0)) for c in raw_attrs],
    }
    for key in attr_keys:
        attrs[key] = [milli(c.get("attributes", {}).get(key, 0)) for c in raw_attrs]
    product = kit.get("product", {})
    base_attrs = {key: milli(v) for key, v in product.get("attributes", {}).items()}
    base_attrs["weight"] = milli(product.get("base_weight", 0))
    base_attrs["price"] = milli(product.get("base_price", 0))
    rules = []
    for r, rule in enumerate(kit.get("rules", [])):
        t = rule["type"]
        if t == "requires":
            rules.append(
                RuleC(
                    r, rule["id"], t, choice=index[rule["choice"]], members=[index[c] for c in rule["needs"]]
                )
            )
        elif t == "excludes":
            rules.append(RuleC(r, rule["id"], t, members=[index[c] for c in rule["choices"]]))
        elif t in ("at_most", "at_least"):
            if rule.get("group"):
                g = group_index[rule["group"]]
                members, group = groups[g].members, g
            else:
                members, group = [index[c] for c in rule["choices"]], None
            when = index[rule["when"]] if rule.get("when") else None
            rules.append(
                RuleC(r, rule["id"], t, choice=when, members=list(members), group=group, count=rule["count"])
            )
        elif t == "limit":
            value = rule.get("value")
            rules.append(
                RuleC(
                    r,
                    rule["id"],
                    t,
                    attribute=rule["attribute"],
                    op=rule.get("op", "<="),
                    value=None if value is None else milli(value),
                    against=rule.get("against"),
                )
            )
    return Compiled(
        kit,
        ids,
        names,
        index,
        group_of,
        groups,
        group_index,
        price,
        cents(product.get("base_price", 0)),
        attrs,
        base_attrs,
        rules,
    )


# --- direct evaluation


def group_broken(group: GroupC, chosen: set[int]) -> int:
    """0 when the group's count is within bounds, else the number chosen in it (which is out of bounds)."""
    n = sum(1 for i in group.members if i in chosen)
    return 0 if group.min <= n <= group.max else n if n else -1


def rule_broken(c: Compiled, rule: RuleC, chosen: set[int]) -> bool:
    if rule.type == "requires":
        return rule.choice in chosen and not any(i in chosen for i in rule.members)
    if rule.type == "excludes":
        return sum(1 for i in rule.members if i in chosen) > 1
    if rule.type in ("at_most", "at_least"):
        if rule.choice is not None and rule.choice not in chosen:
            return False
        n = sum(1 for i in rule.members if i in chosen)
        return n > rule.count if rule.type == "at_most" else n < rule.count
    left, right = limit_sides(c, rule, chosen)
    return left > right if rule.op == "<=" else left < right


def limit_sides(c: Compiled, rule: RuleC, chosen) -> tuple[int, int]:
    left = c.total(rule.attribute, chosen)
    right = rule.value if rule.against is None else c.total(rule.against, chosen)
    return left, right


def broken(c: Compiled, chosen: set[int]) -> tuple[list[GroupC], list[RuleC]]:
    groups = [g for g in c.groups if group_broken(g, chosen)]
    rules = [r for r in c.rules if rule_broken(c, r, chosen)]
    return groups, rules


def is_valid(c: Compiled, chosen: set[int]) -> bool:
    if any(group_broken(g, chosen) for g in c.groups):
        return False
    return not any(rule_broken(c, r, chosen) for r in c.rules)


# --- the CP-SAT model


def _build_model(c: Compiled) -> cp_model.CpModel:
    m = cp_model.CpModel()
    x = [m.new_bool_var(f"c{i}") for i in range(len(c.ids))]  # proto index i is choice i
    for g in c.groups:
        xs = [x[i] for i in g.members]
        if g.min == 1 and g.max == 1:
            m.add_exactly_one(xs)
        elif g.min == 0 and g.max == 1:
            m.add_at_most_one(xs)
        else:
            if g.min > 0:
                m.add(sum(xs) >= g.min)
            if g.max < len(xs):
                m.add(sum(xs) <= g.max)
    for r in c.rules:
        if r.type == "requires":
            m.add_bool_or([x[i] for i in r.members]).only_enforce_if(x[r.choice])
        elif r.type == "excludes":
            m.add_at_most_one([x[i] for i in r.members])
        elif r.type in ("at_most", "at_least"):
            total = sum(x[i] for i in r.members)
            ct = m.add(total <= r.count) if r.type == "at_most" else m.add(total >= r.count)
            if r.choice is not None:
                ct.only_enforce_if(x[r.choice])
        else:
            left = _weighted(x, c.attrs.get(r.attribute)) + c.base_attrs.get(r.attribute, 0)
            if r.against is None:
                right = r.value
            else:
                right = _weighted(x, c.attrs.get(r.against)) + c.base_attrs.get(r.against, 0)
            m.add(left <= right) if r.op == "<=" else m.add(left >= right)
    return m


def _weighted(x, values):
    if not values:
        return cp_model.LinearExpr.constant(0) if hasattr(cp_model.LinearExpr, "constant") else 0
    pairs = [(x[i], v) for i, v in enumerate(values) if v]
    if not pairs:
        return 0
    return cp_model.LinearExpr.weighted_sum([p[0] for p in pairs], [p[1] for p in pairs])


def _solver(seconds: float = SOLVE_SECONDS) -> cp_model.CpSolver:
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1  # deterministic, and the machine's other core serves requests
    solver.parameters.max_time_in_seconds = seconds
    return solver


def _vars(m: cp_model.CpModel, n: int):
    return [m.get_bool_var_from_proto_index(i) for i in range(n)]


def satisfiable(kit: dict) -> bool:
    """True when some configuration satisfies every group and rule (or the solver ran out of time: a kit is
    refused only when the solver proves that none exists)."""
    c = compile_kit(kit)
    status = _solver().solve(c.model)
    return status != cp_model.INFEASIBLE and status != cp_model.MODEL_INVALID


def any_valid(c: Compiled) -> set[int] | None:
    solver = _solver()
    status = solver.solve(c.model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {i for i in range(len(c.ids)) if solver.boolean_value(c.model.get_bool_var_from_proto_index(i))}


def changes(c: Compiled, old: set[int], new: set[int]) -> int:
    """The number of changed selections: in a group of one choice a swap is one change; elsewhere each added
    and each removed choice is one."""
    n = 0
    for g in c.groups:
        a = {i for i in g.members if i in old}
        b = {i for i in g.members if i in new}
        if a == b:
            continue
        if g.max == 1 and len(a) == 1:
            n += 1
        else:
            n += len(a ^ b)
    return n


def price_of(c: Compiled, chosen) -> int:
    return c.base_price + sum(c.price[i] for i in chosen)


def nearest(c: Compiled, chosen: set[int]) -> set[int] | None:
    """The valid configuration with the fewest changes from ``chosen`` (``changes``), ties broken by the smallest
    change of price; None when there is no valid configuration (or none found in time).

    Two CP-SAT optimisations on the same model: the fewest changes first (proven optimal within
    ``SOLVE_SECONDS``), then, with that number of changes fixed, the smallest change of price, for at most
    ``TIE_SECONDS`` (on a large product the best tie-break found by then is kept: still the fewest changes)."""
    m = c.model.clone()
    x = _vars(m, len(c.ids))
    terms = []
    for g in c.groups:
        current = [i for i in g.members if i in chosen]
        if g.max == 1 and len(current) == 1:
            terms.append(1 - x[current[0]])
        else:
            terms.extend(1 - x[i] if i in chosen else x[i] for i in g.members)
    count = sum(terms)
    m.minimize(count)
    for i, var in enumerate(x):
        m.add_hint(var, i in chosen)
    solver = _solver()
    status = solver.solve(m)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    best = [solver.boolean_value(var) for var in x]
    fewest = round(solver.objective_value)
    # the tie-break: the smallest change of price among the configurations with that many changes
    m.add(count <= fewest)
    current_price = price_of(c, chosen) - c.base_price
    delta = m.new_int_var(0, sum(c.price) + current_price + 1, "price_delta")
    m.add_abs_equality(delta, _weighted(x, c.price) - current_price)
    m.clear_objective()
    m.minimize(delta)
    m.clear_hints()
    for var, value in zip(x, best, strict=True):
        m.add_hint(var, value)
    solver = _solver(TIE_SECONDS)
    # Presolve is what takes the time here (seconds on 500 choices, past the time limit): the model is
    # already small and the hint complete, so the search alone finds and proves the tie-break quickly.
    solver.parameters.cp_model_presolve = False
    status = solver.solve(m)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        best = [solver.boolean_value(var) for var in x]
    return {i for i, value in enumerate(best) if value}


def blocked(c: Compiled, chosen: set[int], *, budget: float = BLOCKED_SECONDS) -> dict[int, list[int]]:
    """{choice index: the chosen choices (of other groups) it cannot go with} for every choice not chosen that
    no valid configuration holds together with every choice now chosen in the other groups, while some valid
    configuration does hold those (its own group and the choices not chosen elsewhere are free; when the other
    groups' choices cannot be completed anyway, the fault is theirs and nothing in this group is greyed).

    A choice is tried directly first (switching to it alone gives a valid configuration: reachable); when every
    other group is one fixed choice the direct check is the whole answer; otherwise one CP-SAT solve with the
    other groups' choices as assumptions decides, and its unsatisfiable core names the conflict. Past
    ``budget`` seconds the remaining choices are left out (not greyed)."""
    deadline = time.perf_counter() + budget
    by_group = [[i for i in g.members if i in chosen] for g in c.groups]
    fixed = [g.max == 1 and len(by_group[k]) == 1 for k, g in enumerate(c.groups)]
    free_groups = sum(1 for f in fixed if not f)
    valid_now = is_valid(c, chosen)
    out: dict[int, list[int]] = {}
    state: dict = {}

    def solve(literals: list[int]):
        if "m" not in state:
            state["m"] = c.model.clone()
            state["solver"] = _solver(max(0.05, budget))
            state["solver"].parameters.cp_model_presolve = False  # many tiny solves: presolve would dominate
        m, solver = state["m"], state["solver"]
        m.clear_assumptions()
        m.add_assumptions([m.get_bool_var_from_proto_index(j) for j in literals])
        return solver.solve(m), solver

    for k, g in enumerate(c.groups):
        context = [i for i in chosen if c.group_of[i] != k]
        if not valid_now:
            if time.perf_counter() > deadline:
                return out
            status, _ = solve(context)
            if status == cp_model.INFEASIBLE:
                continue  # the other groups' choices conflict among themselves: nothing here to grey
        # Anything left free outside this group? If not, the direct check is the whole answer.
        free_elsewhere = free_groups - (0 if fixed[k] else 1) > 0 or g.max > 1
        for i in g.members:
            if i in chosen:
                continue
            candidate = set(chosen)
            if g.max == 1:
                candidate.difference_update(by_group[k])
            candidate.add(i)
            if is_valid(c, candidate):
                continue
            if not free_elsewhere:
                out[i] = _direct_conflicts(c, candidate, i, context)
                continue
            if time.perf_counter() > deadline:
                return out
            status, solver = solve([i, *context])
            if status == cp_model.INFEASIBLE:
                out[i] = sorted(j for j in solver.sufficient_assumptions_for_infeasibility() if j != i)
    return out


def _direct_conflicts(c: Compiled, candidate: set[int], i: int, context: list[int]) -> list[int]:
    """The chosen choices named by the rules that the candidate breaks (for the reason shown)."""
    names: set[int] = set()
    for r in c.rules:
        if rule_broken(c, r, candidate):
            names.update(j for j in rule_elements(c, r, candidate) if j != i and j in context)
    return sorted(names)


def rule_elements(c: Compiled, r: RuleC, chosen) -> list[int]:
    """The chosen choices a broken rule is about (a problem names them)."""
    if r.type == "requires":
        return [r.choice]
    if r.type in ("excludes", "at_most", "at_least"):
        found = [i for i in r.members if i in chosen]
        if r.choice is not None:
            found.insert(0, r.choice)
        return found
    keys = {r.attribute, r.against} - {None}
    return [i for i in sorted(chosen) if any(c.attrs.get(k) and c.attrs[k][i] for k in keys)]
