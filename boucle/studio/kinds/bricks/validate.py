"""Validation of a brick model against its kit: every problem names the bricks at fault.

Rules (codes in brackets):

- [not_in_kit] a placed or free-placed part whose part, colour, or part in that colour the kit does not
  offer; one problem per (part, colour), listing every element that uses it.
- [below_ground] a placed part whose bottom is under the ground plane (z < 0).
- [overlap] placed parts sharing volume; one problem per group of parts that overlap one another.
- [floating] the model must be one structure held together by studs: a part touches another when it sits
  directly on it (its bottom at the other's top) over at least one shared stud cell, and the lower part has
  studs (a tile holds nothing). The largest connected group is the model (on a tie, the one holding the
  lowest part, then the one listed first); every other group is reported, one problem each, as floating
  (nothing under it reaches the ground) or standing apart (it stands on the ground but is not attached).
  When the model has free-placed parts these are warnings, since unchecked parts may be what holds them.
- [too_wide] [too_deep] [too_high] [too_many_parts] over the kit's size limits; the parts beyond the limit
  are named (the width is measured from the leftmost part, the height from the ground).
- [free_placed] a warning: free-placed parts are counted and drawn but not checked for collisions and
  connection.

Placed parts whose shape is unknown (neither in the kit nor in the footprint table) are left out of the
spatial checks and reported as not in the kit. Everything runs in time linear in the model's size.
"""

from __future__ import annotations

from itertools import compress

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..base import Problem
from .geometry import Catalogue, analyse, boxes
from .labels import placed_label


def validate(content: dict, kit: dict) -> list[Problem]:
    cat = Catalogue(kit)
    parts: list[dict] = content.get("parts", [])
    free: list[dict] = content.get("free", [])
    problems: list[Problem] = []

    b = boxes(parts, cat)
    problems += _not_in_kit(parts, free, b.missing, cat)
    below = [i for i in range(b.n) if b.known[i] and b.z0[i] < 0] if min(b.z0, default=0) < 0 else []
    if below:
        problems.append(
            Problem(
                "below_ground",
                ngettext(
                    "%(brick)s is below the ground.",
                    "%(count)d bricks are below the ground, %(brick)s among them.",
                    len(below),
                )
                % {"count": len(below), "brick": placed_label(parts[below[0]], cat)},
                tuple(parts[i]["id"] for i in below),
            )
        )

    a = analyse(b)
    for group in sorted(a.overlaps, key=lambda g: g[0]):
        first = placed_label(parts[group[0]], cat)
        if len(group) == 2:
            message = _("%(a)s and %(b)s overlap.") % {"a": first, "b": placed_label(parts[group[1]], cat)}
        else:
            message = _("%(count)d bricks overlap one another, %(brick)s among them.") % {
                "count": len(group),
                "brick": first,
            }
        problems.append(Problem("overlap", message, tuple(parts[i]["id"] for i in group)))

    problems += _floating(a.components, b, parts, cat, has_free=bool(free))
    problems += _limits(parts, free, b, cat)

    if free:
        problems.append(
            Problem(
                "free_placed",
                ngettext(
                    "%(count)d free-placed part is not checked for collisions and connection.",
                    "%(count)d free-placed parts are not checked for collisions and connection.",
                    len(free),
                )
                % {"count": len(free)},
                tuple(f["id"] for f in free),
                severity="warning",
            )
        )
    return problems


def _not_in_kit(parts: list[dict], free: list[dict], indexes: list[int], cat: Catalogue) -> list[Problem]:
    missing: dict[tuple[str, str], list[str]] = {}
    items = cat.items
    for i in indexes:
        p = parts[i]
        missing.setdefault((p["part"], p["colour"]), []).append(p["id"])
    for f in free:
        key = (cat.part_by_ldraw.get(f["ldraw"].lower(), f["ldraw"]), cat.colour_of_code(f["colour"]))
        if key not in items:
            missing.setdefault(key, []).append(f["id"])
    problems = []
    for (part, colour), ids in missing.items():
        values = {"part": cat.part_label(part), "colour": cat.colour_label(colour), "count": len(ids)}
        if part not in cat.parts:
            if cat.shape(part) is None:
                message = ngettext(
                    "The kit has no %(part)s (its shape is unknown: %(count)d piece is drawn as a box).",
                    "The kit has no %(part)s (its shape is unknown: %(count)d pieces are drawn as boxes).",
                    len(ids),
                )
            else:
                message = ngettext(
                    "The kit has no %(part)s (%(count)d piece).",
                    "The kit has no %(part)s (%(count)d pieces).",
                    len(ids),
                )
        elif colour not in cat.colours:
            message = ngettext(
                "The kit has no colour %(colour)s (%(part)s, %(count)d piece).",
                "The kit has no colour %(colour)s (%(part)s, %(count)d pieces).",
                len(ids),
            )
        else:
            message = ngettext(
                "The kit does not offer %(part)s in %(colour)s (%(count)d piece).",
                "The kit does not offer %(part)s in %(colour)s (%(count)d pieces).",
                len(ids),
            )
        problems.append(Problem("not_in_kit", message % values, tuple(ids)))
    return problems


def main_component(components: list[list[int]], z0: list[int]) -> int:
    """Index (in ``components``) of the model's main structure: the largest group; on a tie, the one with
    the lowest part, then the one whose first part comes first."""
    best = -1
    best_key = None
    for k, group in enumerate(components):
        key = (len(group), -min(z0[i] for i in group), -group[0])
        if best_key is None or key > best_key:
            best, best_key = k, key
    return best


def _floating(components, b, parts, cat, *, has_free: bool) -> list[Problem]:
    if len(components) <= 1:
        return []
    main = main_component(components, b.z0)
    severity = "warning" if has_free else "error"
    problems = []
    others = [g for k, g in enumerate(components) if k != main]
    others.sort(key=lambda g: g[0])
    for group in others:
        first = placed_label(parts[group[0]], cat)
        grounded = min(b.z0[i] for i in group) <= 0
        n = len(group)
        if grounded:
            message = ngettext(
                "%(brick)s stands apart: it is not attached to the rest of the model.",
                "%(count)d bricks stand apart, not attached to the rest of the model, %(brick)s among them.",
                n,
            )
        else:
            message = ngettext(
                "%(brick)s floats: no stud holds it to the rest of the model.",
                "%(count)d bricks float, held by no stud to the rest of the model, %(brick)s among them.",
                n,
            )
        message = message % {"count": n, "brick": first}
        if has_free:
            message += " " + _("Free-placed parts may hold them: those are not checked.")
        problems.append(Problem("floating", message, tuple(parts[i]["id"] for i in group), severity=severity))
    return problems


def _limits(parts, free, b, cat) -> list[Problem]:
    limits = cat.limits
    problems = []
    if any(b.known):
        known = b.known
        for code, lo, hi, limit, text in (
            (
                "too_wide",
                b.x0,
                b.x1,
                limits["max_x"],
                _("The model is %(size)d studs wide; the kit allows %(max)d."),
            ),
            (
                "too_deep",
                b.y0,
                b.y1,
                limits["max_y"],
                _("The model is %(size)d studs deep; the kit allows %(max)d."),
            ),
        ):
            start = min(compress(lo, known))
            size = max(compress(hi, known)) - start
            if size > limit:
                beyond = tuple(parts[i]["id"] for i in range(b.n) if known[i] and hi[i] > start + limit)
                problems.append(Problem(code, text % {"size": size, "max": limit}, beyond))
        top = max(compress(b.z1, known))
        if top > limits["max_z"]:
            beyond = tuple(parts[i]["id"] for i in range(b.n) if known[i] and b.z1[i] > limits["max_z"])
            problems.append(
                Problem(
                    "too_high",
                    _("The model is %(size)d plates high; the kit allows %(max)d.")
                    % {"size": top, "max": limits["max_z"]},
                    beyond,
                )
            )
    count = len(parts) + len(free)
    if count > limits["max_parts"]:
        beyond = tuple(e["id"] for e in (*parts, *free)[limits["max_parts"] :])
        problems.append(
            Problem(
                "too_many_parts",
                _("The model has %(count)d parts; the kit allows %(max)d.")
                % {"count": count, "max": limits["max_parts"]},
                beyond,
            )
        )
    return problems
