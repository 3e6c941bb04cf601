"""Readable names of a model's elements, shared by validation, diffs and anchored comments."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .geometry import Catalogue


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def placed_label(p: dict, cat: Catalogue) -> str:
    """'Brick 2 × 4, red, at (3, 4, 0)'."""
    return _("%(part)s, %(colour)s, at (%(x)s, %(y)s, %(z)s)") % {
        "part": cat.part_label(p["part"]),
        "colour": cat.colour_label(p["colour"]).lower(),
        "x": p["x"],
        "y": p["y"],
        "z": p["z"],
    }


def free_label(f: dict, cat: Catalogue) -> str:
    """'Technic Pin with Friction, black, free-placed at (10, -24, 30) LDU'."""
    x, y, z = f["pos"]
    return _("%(part)s, %(colour)s, free-placed at (%(x)s, %(y)s, %(z)s) LDU") % {
        "part": cat.ldraw_part_label(f["ldraw"]),
        "colour": cat.colour_label(cat.colour_of_code(f["colour"])).lower(),
        "x": _num(x),
        "y": _num(y),
        "z": _num(z),
    }


def position(p: dict) -> str:
    return f"({p['x']}, {p['y']}, {p['z']})"
