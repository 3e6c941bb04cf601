"""Problems of a configuration, in words: broken groups and rules (errors), the nearest valid configuration
offered as a fix, and the choices the other choices rule out (warnings the editor greys out).

Problem codes (docs/CONFIGURATOR.md, "What the check answers"):

- ``group_min`` / ``group_max``: a group has too few or too many choices (elements: the group id);
- ``rule``: a rule is broken (elements: the chosen choices it is about);
- ``fix`` (warning, only when there are errors): the nearest valid configuration; its elements are
  ``set:<group id>:<choice id>+<choice id>…`` (``set:<group id>:`` empties the group), one per group to change,
  which the editor applies in one click;
- ``no_fix``: there is no valid configuration to move to (a kit saved before its rules were checked);
- ``unreachable`` (warning, ``live``): a choice that no valid configuration holds with the other groups'
  choices as they are (elements: the choice id alone; the message names the chosen choices it conflicts with).
  A hint for the editor, which greys the choice out: the live check answers it, but a saved revision does not
  store it and pages do not list it (a valid design's page would otherwise list every option it rules out).

The fix's ``set:`` steps are not elements of the configuration: pages show them in words
(``problem_element_label``: "Battery: Battery 750 Wh").

A configuration naming a group or choice the kit does not have is refused outright (``InvalidInput``): nothing
is stored, and the message names what is unknown.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.core.errors import InvalidInput

from ..base import Problem
from . import solver
from .solver import Compiled, GroupC, RuleC


def chosen_indices(c: Compiled, content: dict, *, strict: bool = True) -> set[int]:
    """The chosen choices as indices; a group or choice the kit lacks is refused (``strict``) or skipped."""
    chosen: set[int] = set()
    unknown: list[str] = []
    for group_id, choice_ids in content.get("selections", {}).items():
        g = c.group_index.get(group_id)
        if g is None:
            unknown.append(_("group “%(id)s”") % {"id": group_id})
            continue
        for choice_id in choice_ids:
            i = c.index.get(choice_id)
            if i is None or c.group_of[i] != g:
                if i is not None:
                    unknown.append(
                        _("“%(id)s” in the group “%(group)s” (it belongs to “%(other)s”)")
                        % {"id": choice_id, "group": group_id, "other": c.groups[c.group_of[i]].id}
                    )
                else:
                    unknown.append(_("choice “%(id)s”") % {"id": choice_id})
                continue
            chosen.add(i)
    if unknown and strict:
        raise InvalidInput(
            _("This configuration names what the kit does not have: %(list)s. Pick from the kit's options.")
            % {"list": ", ".join(unknown[:5]) + (" …" if len(unknown) > 5 else "")},
            field="content",
        )
    return chosen


def validate(content: dict, kit: dict) -> list[Problem]:
    c = solver.compile_kit(kit)
    chosen = chosen_indices(c, content)
    problems = violations(c, chosen)
    if problems:
        target = solver.nearest(c, chosen)
        if target is None:
            problems.append(
                Problem(
                    "no_fix",
                    _(
                        "No configuration of this kit satisfies every rule: there is nothing to fix "
                        "towards. Tell the maker."
                    ),
                )
            )
        else:
            problems.append(fix_problem(c, chosen, target))
    for i, conflicts in sorted(solver.blocked(c, chosen).items()):
        problems.append(
            Problem(
                "unreachable",
                unreachable_message(c, i, conflicts, chosen),
                (c.ids[i],),  # only the choice: the chosen ones it conflicts with are named in the message
                "warning",
                live=True,  # the editor greys it out; not stored with a revision, not listed on pages
            )
        )
    return problems


def violations(c: Compiled, chosen: set[int]) -> list[Problem]:
    groups, rules = solver.broken(c, chosen)
    problems = [group_problem(c, g, chosen) for g in groups]
    problems.extend(
        Problem(
            "rule", rule_message(c, r, chosen), tuple(c.ids[i] for i in solver.rule_elements(c, r, chosen))
        )
        for r in rules
    )
    return problems


def _names(c: Compiled, indices, conjunction: str = "or") -> str:
    names = [f"“{c.names[i]}”" for i in indices]
    if len(names) <= 1:
        return "".join(names)
    word = _("or") if conjunction == "or" else _("and")
    return ", ".join(names[:-1]) + f" {word} " + names[-1]


def group_problem(c: Compiled, g: GroupC, chosen: set[int]) -> Problem:
    n = sum(1 for i in g.members if i in chosen)
    if n < g.min:
        if g.min == 1 and g.max == 1:
            message = _("Pick a choice in “%(group)s”.") % {"group": g.name}
        else:
            message = _("Pick at least %(min)d in “%(group)s” (%(n)d picked).") % {
                "min": g.min,
                "group": g.name,
                "n": n,
            }
        return Problem("group_min", message, (g.id,))
    if g.max == 1:
        message = _("Only one choice is possible in “%(group)s” (%(n)d picked).") % {"group": g.name, "n": n}
    else:
        message = _("At most %(max)d choices are possible in “%(group)s” (%(n)d picked).") % {
            "max": g.max,
            "group": g.name,
            "n": n,
        }
    return Problem("group_max", message, (g.id,))


def attribute_label(c: Compiled, key: str) -> tuple[str, str]:
    if key == "weight":
        return _("weight"), "kg"
    if key == "price":
        return _("price"), c.kit.get("currency", "")
    for a in c.kit.get("attributes", []):
        if a["key"] == key:
            return a["label"], a.get("unit", "")
    return key, ""


def amount(value: int, unit: str) -> str:
    number = (Decimal(value) / solver.SCALE).normalize()
    text = f"{number:f}"
    return f"{text} {unit}".strip()


def rule_message(c: Compiled, r: RuleC, chosen) -> str:
    message = describe_rule(c, r, chosen)
    note = c.kit["rules"][r.index].get("note", "")
    return f"{message} ({note})" if note else message


def describe_rule(c: Compiled, r: RuleC, chosen) -> str:
    if r.type == "requires":
        return _("%(choice)s requires %(needs)s.") % {
            "choice": _names(c, [r.choice]),
            "needs": _names(c, r.members),
        }
    if r.type == "excludes":
        if len(r.members) == 2:
            return _("%(a)s and %(b)s cannot go together.") % {
                "a": _names(c, r.members[:1]),
                "b": _names(c, r.members[1:]),
            }
        return _("Only one of %(choices)s is possible.") % {"choices": _names(c, r.members)}
    if r.type in ("at_most", "at_least"):
        what = (
            (_("“%(group)s”") % {"group": c.groups[r.group].name})
            if r.group is not None
            else _names(c, r.members)
        )
        n = sum(1 for i in r.members if i in chosen)
        if r.type == "at_most":
            text = _("At most %(count)d of %(what)s (%(n)d picked).") % {
                "count": r.count,
                "what": what,
                "n": n,
            }
        else:
            text = _("At least %(count)d of %(what)s (%(n)d picked).") % {
                "count": r.count,
                "what": what,
                "n": n,
            }
        if r.choice is not None:
            text = _("With %(choice)s: %(rule)s") % {"choice": _names(c, [r.choice]), "rule": text}
        return text
    left, right = solver.limit_sides(c, r, chosen)
    label, unit = attribute_label(c, r.attribute)
    if r.against is None:
        if r.op == "<=":
            return _("The total %(what)s is %(value)s: %(limit)s at most.") % {
                "what": label,
                "value": amount(left, unit),
                "limit": amount(right, unit),
            }
        return _("The total %(what)s is %(value)s: %(limit)s at least.") % {
            "what": label,
            "value": amount(left, unit),
            "limit": amount(right, unit),
        }
    other, other_unit = attribute_label(c, r.against)
    if r.op == "<=":
        return _("The total %(what)s (%(value)s) must not exceed the %(other)s (%(limit)s).") % {
            "what": label,
            "value": amount(left, unit),
            "other": other,
            "limit": amount(right, other_unit),
        }
    return _("The total %(what)s (%(value)s) must reach the %(other)s (%(limit)s).") % {
        "what": label,
        "value": amount(left, unit),
        "other": other,
        "limit": amount(right, other_unit),
    }


def fix_changes(c: Compiled, chosen: set[int], target: set[int]) -> list[tuple[GroupC, list[int], list[int]]]:
    """[(group, chosen now, chosen in the target)] for every group the fix changes."""
    out = []
    for g in c.groups:
        a = [i for i in g.members if i in chosen]
        b = [i for i in g.members if i in target]
        if a != b:
            out.append((g, a, b))
    return out


def fix_problem(c: Compiled, chosen: set[int], target: set[int]) -> Problem:
    steps = []
    elements = []
    for g, a, b in fix_changes(c, chosen, target):
        elements.append(f"set:{g.id}:" + "+".join(c.ids[i] for i in b))
        steps.append(change_text(c, g, a, b))
    delta = solver.price_of(c, target) - solver.price_of(c, chosen)
    price = (Decimal(abs(delta)) / 100).quantize(Decimal("0.01"))
    currency = c.kit.get("currency", "")
    if delta > 0:
        cost = _("%(amount)s %(currency)s more") % {"amount": price, "currency": currency}
    elif delta < 0:
        cost = _("%(amount)s %(currency)s less") % {"amount": price, "currency": currency}
    else:
        cost = _("same price")
    n = solver.changes(c, chosen, target)
    message = ngettext(
        "Nearest valid configuration (%(n)d change, %(cost)s): %(steps)s",
        "Nearest valid configuration (%(n)d changes, %(cost)s): %(steps)s",
        n,
    )
    return Problem(
        "fix", message % {"n": n, "cost": cost, "steps": "; ".join(steps)}, tuple(elements), "warning"
    )


def step_label(kit: dict, element: str) -> str | None:
    """A fix step ``set:<group>:<choice>+<choice>`` in words, by the kit's names: "Wheels: 20-inch alloy",
    "Accessories: Child seat, Phone mount", "Accessories: none"; None for anything else."""
    prefix, _sep, rest = element.partition(":")
    group_id, sep, choice_ids = rest.partition(":")
    if prefix != "set" or not sep:
        return None
    group = next((g for g in kit.get("groups", []) if g.get("id") == group_id), None)
    if group is None:
        return None
    names = {choice["id"]: choice["name"] for choice in group.get("choices", [])}
    chosen = [names.get(cid, cid) for cid in choice_ids.split("+") if cid]
    return f"{group['name']}: " + (", ".join(chosen) if chosen else _("none"))


def change_text(c: Compiled, g: GroupC, before: list[int], after: list[int]) -> str:
    """ "Wheels: 20-inch wheels → 24-inch wheels", "Accessories: + Child seat, − Phone mount"."""
    if g.max == 1 or (len(before) <= 1 and len(after) <= 1):
        old = c.names[before[0]] if before else _("none")
        new = c.names[after[0]] if after else _("none")
        return f"{g.name}: {old} → {new}"
    parts = [f"+ {c.names[i]}" for i in after if i not in before]
    parts += [f"− {c.names[i]}" for i in before if i not in after]
    return f"{g.name}: " + ", ".join(parts)


def unreachable_message(c: Compiled, i: int, conflicts: list[int], chosen: set[int]) -> str:
    g = c.groups[c.group_of[i]]
    candidate = set(chosen)
    if g.max == 1:
        candidate.difference_update(g.members)
    candidate.add(i)
    reasons = [
        describe_rule(c, r, candidate)
        for r in c.rules
        if solver.rule_broken(c, r, candidate)
        and i in solver.rule_elements(c, r, candidate)
        or (solver.rule_broken(c, r, candidate) and r.type == "limit")
    ]
    if conflicts:
        text = _("%(choice)s is not possible with %(others)s.") % {
            "choice": _names(c, [i]),
            "others": _names(c, conflicts, "and"),
        }
    else:
        text = _("%(choice)s is not possible with the other choices.") % {"choice": _names(c, [i])}
    if reasons:
        text += " " + " ".join(reasons[:2])
    return text
