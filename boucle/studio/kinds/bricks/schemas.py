"""The JSON shapes of the brick kind: a technology's kit (``BrickKit``) and a design's content (``BrickModel``).

Units: x and y count studs (one stud = 20 LDU), z counts plates (one plate = 8 LDU, a brick is 3 plates).
A kit part's ``width`` runs along x and its ``depth`` along y, as the part lies in the LDraw library
(LDraw X and Z): Brick 2 × 4 (3001) is ``width=4, depth=2``. A placed part covers the cells
``[x, x + w) × [y, y + d) × [z, z + height)`` where ``(w, d)`` is ``(width, depth)`` turned by ``rot``
(90 and 270 swap them); ``(x, y, z)`` is the corner of the part nearest the origin, whatever its rotation.

The studio checks content and kits with these schemas before it hands them to the kind as plain dicts; the
kind's functions then trust the shapes (and stay fast on 100,000 bricks). The validators' own sentences are
for the person who wrote the kit or the content: written with ``gettext`` where they are raised, in the
reader's language (``studio.schema_errors`` passes them through).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Annotated, Literal

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

# Ids the editor gives elements ("b12", "f3") and the kit gives parts and colours ("3001", "4", "red").
ELEMENT_ID = r"^[A-Za-z0-9_.:-]{1,40}$"
KIT_ID = r"^[A-Za-z0-9_.:-]{1,40}$"
# An LDraw part number as written in a type-1 line without ".dat" ("3001", "3626bp01", "122c01").
LDRAW_PART = r"^[A-Za-z0-9_.-]{1,60}$"

MAX_PARTS = 200_000  # placed parts in one model
MAX_FREE = 200_000  # free-placed parts in one model
MAX_STUDS = 100_000  # |x|, |y| in studs
MAX_PLATES = 100_000  # |z| in plates
MAX_LDU = 1_000_000.0  # |position| of a free-placed part, in LDU (50 m)
MAX_MATRIX = 1_000.0  # |entry| of a free-placed part's matrix

Stud = Annotated[int, Field(ge=-MAX_STUDS, le=MAX_STUDS)]
Plate = Annotated[int, Field(ge=-MAX_PLATES, le=MAX_PLATES)]
Ldu = Annotated[float, Field(ge=-MAX_LDU, le=MAX_LDU, allow_inf_nan=False)]
MatrixEntry = Annotated[float, Field(ge=-MAX_MATRIX, le=MAX_MATRIX, allow_inf_nan=False)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


# --- the kit


class KitPart(_Strict):
    id: str = Field(pattern=KIT_ID, description="the kit's reference of the part, e.g. '3001'")
    name: str = Field(min_length=1, max_length=120, description="e.g. 'Brick 2 × 4'")
    ldraw: str = Field(pattern=LDRAW_PART, description="LDraw part number, without '.dat', e.g. '3001'")
    width: int = Field(ge=1, le=64, description="studs along x (LDraw X)")
    depth: int = Field(ge=1, le=64, description="studs along y (LDraw Z)")
    height: int = Field(ge=1, le=96, description="plates: a plate is 1, a brick 3")
    studs: bool = Field(default=True, description="studs on top (a tile has none: nothing holds on it)")
    weight: float | None = Field(default=None, ge=0, le=100_000, allow_inf_nan=False, description="grams")

    @field_validator("ldraw")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.lower()  # LDraw file names are case-insensitive


class KitColour(_Strict):
    id: str = Field(pattern=KIT_ID)
    name: str = Field(min_length=1, max_length=80)
    ldraw: int = Field(ge=0, le=0x2FFFFFF, description="LDraw colour code, e.g. 4 for red")
    rgb: str = Field(pattern=r"^#[0-9A-Fa-f]{6}$", description="e.g. '#B40000'")


class KitItem(_Strict):
    """One part in one colour as the kit sells it."""

    part: str = Field(pattern=KIT_ID)
    colour: str = Field(pattern=KIT_ID)
    price: Decimal = Field(ge=0, max_digits=12, decimal_places=4, description="unit price")
    stock: int | None = Field(default=None, ge=0, le=10**12)


class KitLimits(_Strict):
    max_x: int = Field(default=48, ge=1, le=10_000, description="studs along x")
    max_y: int = Field(default=48, ge=1, le=10_000, description="studs along y")
    max_z: int = Field(default=150, ge=1, le=30_000, description="plates above the ground")
    max_parts: int = Field(default=10_000, ge=1, le=MAX_PARTS)


class BrickKit(_Strict):
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    parts: list[KitPart] = Field(max_length=5_000)
    colours: list[KitColour] = Field(max_length=500)
    items: list[KitItem] = Field(default_factory=list, max_length=200_000)
    limits: KitLimits = Field(default_factory=KitLimits)

    @model_validator(mode="after")
    def _references(self) -> BrickKit:
        part_ids = _unique([p.id for p in self.parts], _("two parts have the id “%(id)s”"))
        colour_ids = _unique([c.id for c in self.colours], _("two colours have the id “%(id)s”"))
        seen: set[tuple[str, str]] = set()
        for item in self.items:
            values = {"part": item.part, "colour": item.colour}
            if item.part not in part_ids:
                raise ValueError(
                    _("item %(part)s/%(colour)s: there is no part “%(part)s” in the kit") % values
                )
            if item.colour not in colour_ids:
                raise ValueError(
                    _("item %(part)s/%(colour)s: there is no colour “%(colour)s” in the kit") % values
                )
            if (item.part, item.colour) in seen:
                raise ValueError(_("item %(part)s/%(colour)s is listed twice") % values)
            seen.add((item.part, item.colour))
        return self


def _unique(ids: list[str], message: str) -> set[str]:
    """The ids as a set; ``message`` (translated, with ``%(id)s``) names the first one given twice."""
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            raise ValueError(message % {"id": i})
        seen.add(i)
    return seen


# --- the content


class PlacedPart(_Strict):
    """A part on the stud grid, in quarter turns: what the editor builds and validation checks."""

    id: str = Field(pattern=ELEMENT_ID, description="stable element id, e.g. 'b12'")
    part: str = Field(pattern=KIT_ID, description="the kit's part id (or an LDraw number the kit lacks)")
    colour: str = Field(pattern=KIT_ID, description="the kit's colour id (or an LDraw code the kit lacks)")
    x: Stud
    y: Stud
    z: Plate
    rot: Literal[0, 90, 180, 270] = 0


class FreePart(_Strict):
    """A part kept as an LDraw file placed it (off the grid, or tilted): counted and drawn, not checked."""

    id: str = Field(pattern=ELEMENT_ID)
    ldraw: str = Field(pattern=LDRAW_PART, description="LDraw part number without '.dat'")
    colour: int = Field(ge=0, le=0x2FFFFFF, description="LDraw colour code")
    pos: tuple[Ldu, Ldu, Ldu] = Field(description="position in LDU (LDraw axes: -Y is up)")

    matrix: tuple[
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
        MatrixEntry,
    ] = Field(description="the LDraw 3×3 matrix a b c d e f g h i, row by row")

    @field_validator("ldraw")
    @classmethod
    def _lower(cls, v: str) -> str:
        return v.lower()  # LDraw file names are case-insensitive


class BrickModel(_Strict):
    parts: list[PlacedPart] = Field(default_factory=list, max_length=MAX_PARTS)
    free: list[FreePart] = Field(default_factory=list, max_length=MAX_FREE)

    @field_validator("free")
    @classmethod
    def _invertible(cls, free: list[FreePart]) -> list[FreePart]:
        for f in free:
            if abs(det3(f.matrix)) < 1e-9:
                raise ValueError(
                    _("free-placed part %(id)s: its matrix is singular (a part flattened to nothing)")
                    % {"id": f.id}
                )
        return free

    @model_validator(mode="after")
    def _unique_ids(self) -> BrickModel:
        seen: set[str] = set()
        for element in (*self.parts, *self.free):
            if element.id in seen:
                raise ValueError(
                    _("two elements have the id “%(id)s”; every element needs its own") % {"id": element.id}
                )
            seen.add(element.id)
        return self


def det3(m) -> float:
    a, b, c, d, e, f, g, h, i = m
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


ID_RE = re.compile(ELEMENT_ID)
