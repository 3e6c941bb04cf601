"""Readable names of a model's elements, shared by validation, diffs and anchored comments."""

from __future__ import annotations

from django.utils.translation import gettext as _

from .geometry import Catalogue


def _num(v: float) -> str:
    return str(int(v)) if float(v).is_integer() else f"{v:.1f}"


def placed_label(p: dict, cat: Catalogue) -> str:
    """'Brick 2 × 4, red, at (3, 4, 0)'."""
    return placed_labeller(cat)(p)


def placed_labeller(cat: Catalogue):
    """``placed_label`` for many parts: the sentence is translated, and each name looked up, once."""
    template = _("%(part)s, %(colour)s, at (%(x)s, %(y)s, %(z)s)")
    parts: dict[str, str] = {}
    colours: dict[str, str] = {}

    def label(p: dict) -> str:
        part = parts.get(p["part"])
        if part is None:
            part = parts[p["part"]] = cat.part_label(p["part"])
        colour = colours.get(p["colour"])
        if colour is None:
            colour = colours[p["colour"]] = cat.colour_label(p["colour"]).lower()
        return template % {"part": part, "colour": colour, "x": p["x"], "y": p["y"], "z": p["z"]}

    return label


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
