"""Readable differences between two brick models, element by element (ids are stable across revisions)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..base import Change
from .bom import bill_of_materials
from .geometry import Catalogue
from .labels import free_label, placed_labeller


def diff(old: dict, new: dict, kit: dict) -> list[Change]:
    """Bricks added, removed, moved, turned, replaced and recoloured, in the order of the new model, then
    the removed ones in the order of the old."""
    cat = Catalogue(kit)
    label = placed_labeller(cat)
    changes: list[Change] = []
    before = {p["id"]: p for p in old.get("parts", ())}
    before_free = {f["id"]: f for f in old.get("free", ())}
    seen: set[str] = set()

    for p in new.get("parts", ()):
        pid = p["id"]
        seen.add(pid)
        o = before.get(pid)
        if o is None:
            f = before_free.get(pid)
            if f is not None:
                changes.append(
                    Change(
                        "changed",
                        pid,
                        _("Snapped %(free)s onto the grid: %(brick)s")
                        % {"free": free_label(f, cat), "brick": label(p)},
                    )
                )
            else:
                changes.append(Change("added", pid, _("Added %(brick)s") % {"brick": label(p)}))
            continue
        if o["part"] != p["part"]:
            changes.append(
                Change(
                    "changed",
                    pid,
                    _("Replaced %(old)s with %(new)s") % {"old": label(o), "new": label(p)},
                )
            )
            continue
        if (o["x"], o["y"], o["z"]) != (p["x"], p["y"], p["z"]):
            changes.append(
                Change(
                    "changed",
                    pid,
                    _("Moved %(brick)s to (%(x)s, %(y)s, %(z)s)")
                    % {"brick": label(o), "x": p["x"], "y": p["y"], "z": p["z"]},
                )
            )
        if o.get("rot", 0) != p.get("rot", 0):
            changes.append(
                Change(
                    "changed",
                    pid,
                    _("Turned %(brick)s from %(old)s° to %(new)s°")
                    % {"brick": label(p), "old": o.get("rot", 0), "new": p.get("rot", 0)},
                )
            )
        if o["colour"] != p["colour"]:
            changes.append(
                Change(
                    "changed",
                    pid,
                    _("Recoloured %(brick)s from %(old)s to %(new)s")
                    % {
                        "brick": label(p),
                        "old": cat.colour_label(o["colour"]).lower(),
                        "new": cat.colour_label(p["colour"]).lower(),
                    },
                )
            )

    for f in new.get("free", ()):
        fid = f["id"]
        seen.add(fid)
        o = before_free.get(fid)
        if o is None:
            changes.append(Change("added", fid, _("Added %(brick)s") % {"brick": free_label(f, cat)}))
            continue
        if o["ldraw"] != f["ldraw"]:
            changes.append(
                Change(
                    "changed",
                    fid,
                    _("Replaced %(old)s with %(new)s")
                    % {"old": free_label(o, cat), "new": free_label(f, cat)},
                )
            )
            continue
        if list(o["pos"]) != list(f["pos"]) or list(o["matrix"]) != list(f["matrix"]):
            changes.append(Change("changed", fid, _("Moved %(brick)s") % {"brick": free_label(o, cat)}))
        if o["colour"] != f["colour"]:
            changes.append(
                Change(
                    "changed",
                    fid,
                    _("Recoloured %(brick)s from %(old)s to %(new)s")
                    % {
                        "brick": free_label(f, cat),
                        "old": cat.colour_label(cat.colour_of_code(o["colour"])).lower(),
                        "new": cat.colour_label(cat.colour_of_code(f["colour"])).lower(),
                    },
                )
            )

    for o in old.get("parts", ()):
        if o["id"] not in seen:
            changes.append(Change("removed", o["id"], _("Removed %(brick)s") % {"brick": label(o)}))
    for o in old.get("free", ()):
        if o["id"] not in seen:
            changes.append(Change("removed", o["id"], _("Removed %(brick)s") % {"brick": free_label(o, cat)}))
    return changes


def elements(content: dict, kit: dict | None = None) -> dict[str, str]:
    """Every brick id and every BOM line key, with a short label (for comments anchored to an element).

    The contract's ``elements(content)`` has no kit; without one, parts are named from the footprint table
    and colours from LDraw's table (the demo kit uses LDraw numbers and codes as ids).
    """
    cat = Catalogue(kit or {})
    out: dict[str, str] = {}
    label = placed_labeller(cat)
    for p in content.get("parts", ()):
        out[p["id"]] = label(p)
    for f in content.get("free", ()):
        out[f["id"]] = free_label(f, cat)
    for line in bill_of_materials(content, kit or {}):
        out[line.key] = _("%(quantity)s × %(name)s, %(colour)s") % {
            "quantity": line.quantity,
            "name": line.name,
            "colour": line.variant.lower(),
        }
    return out
