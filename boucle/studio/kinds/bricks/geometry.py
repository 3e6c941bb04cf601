"""Shapes of parts and the spatial checks (overlap, connection) in time linear in the model's size.

No LDraw parts library is available, so the kind ships a small table of footprints (``FOOTPRINTS``):
every part of the demo kit and the rectangular bricks, plates and tiles met in common models (and in the
sample files). A footprint is a box: ``width`` studs along LDraw X, ``depth`` along LDraw Z, ``height``
plates; the part's LDraw origin is the centre of its top face and it extends down (+Y), as standard bricks
and plates do. A kit part's own footprint wins over the table. Any other part has no known geometry: an
importer keeps it free-placed, and the renderer draws it as a labelled box marked "geometry unknown".

The checks look at the model by stud column: for each (x, y) cell, the vertical intervals ``[z0, z1)`` of
the parts above it. Two parts overlap in volume exactly when some column holds overlapping intervals of
both; a part touches the one above it through studs exactly when a column holds the lower part's top at
the upper part's bottom. ``analyse`` sweeps every column bottom up at once, touching each part's footprint
cells once (a 2 × 4 brick: 8 cells), so the time grows with the model's footprint area, not with the
square of its part count, and memory with the number of columns. Connected components come from a
union-find over those contacts.
"""

from __future__ import annotations

from dataclasses import dataclass

from .catalog import LDRAW_COLOURS

LDU_PER_STUD = 20
LDU_PER_PLATE = 8


@dataclass(frozen=True)
class Footprint:
    name: str
    width: int  # studs along x (LDraw X)
    depth: int  # studs along y (LDraw Z)
    height: int  # plates
    studs: bool = True


def _fp(name: str, w: int, d: int, h: int, studs: bool = True) -> Footprint:
    return Footprint(name, w, d, h, studs)


# LDraw part number -> footprint. Bricks, plates and tiles with their long side on LDraw X (the library's
# convention: 3001.dat spans X -40..40, Z -20..20, Y 0..24).
FOOTPRINTS: dict[str, Footprint] = {
    # bricks
    "3005": _fp("Brick 1 × 1", 1, 1, 3),
    "3004": _fp("Brick 1 × 2", 2, 1, 3),
    "3622": _fp("Brick 1 × 3", 3, 1, 3),
    "3010": _fp("Brick 1 × 4", 4, 1, 3),
    "3009": _fp("Brick 1 × 6", 6, 1, 3),
    "3008": _fp("Brick 1 × 8", 8, 1, 3),
    "6111": _fp("Brick 1 × 10", 10, 1, 3),
    "6112": _fp("Brick 1 × 12", 12, 1, 3),
    "2465": _fp("Brick 1 × 16", 16, 1, 3),
    "3003": _fp("Brick 2 × 2", 2, 2, 3),
    "3002": _fp("Brick 2 × 3", 3, 2, 3),
    "3001": _fp("Brick 2 × 4", 4, 2, 3),
    "2456": _fp("Brick 2 × 6", 6, 2, 3),
    "3007": _fp("Brick 2 × 8", 8, 2, 3),
    "3006": _fp("Brick 2 × 10", 10, 2, 3),
    "3700": _fp("Technic Brick 1 × 2 with Hole", 2, 1, 3),
    "3701": _fp("Technic Brick 1 × 4 with Holes", 4, 1, 3),
    "3702": _fp("Technic Brick 1 × 8 with Holes", 8, 1, 3),
    "3062b": _fp("Brick 1 × 1 Round", 1, 1, 3),
    "3941": _fp("Brick 2 × 2 Round", 2, 2, 3),
    "87081": _fp("Brick 4 × 4 Round with Holes", 4, 4, 3),
    "4589": _fp("Cone 1 × 1", 1, 1, 3),
    "3039": _fp("Slope Brick 45 2 × 2", 2, 2, 3),
    "3039p05": _fp("Slope Brick 45 2 × 2 with Computer Screen Pattern", 2, 2, 3),
    # plates
    "3024": _fp("Plate 1 × 1", 1, 1, 1),
    "3023": _fp("Plate 1 × 2", 2, 1, 1),
    "3623": _fp("Plate 1 × 3", 3, 1, 1),
    "3710": _fp("Plate 1 × 4", 4, 1, 1),
    "3666": _fp("Plate 1 × 6", 6, 1, 1),
    "3460": _fp("Plate 1 × 8", 8, 1, 1),
    "4477": _fp("Plate 1 × 10", 10, 1, 1),
    "60479": _fp("Plate 1 × 12", 12, 1, 1),
    "3022": _fp("Plate 2 × 2", 2, 2, 1),
    "3021": _fp("Plate 2 × 3", 3, 2, 1),
    "3020": _fp("Plate 2 × 4", 4, 2, 1),
    "3795": _fp("Plate 2 × 6", 6, 2, 1),
    "3034": _fp("Plate 2 × 8", 8, 2, 1),
    "3832": _fp("Plate 2 × 10", 10, 2, 1),
    "2445": _fp("Plate 2 × 12", 12, 2, 1),
    "3031": _fp("Plate 4 × 4", 4, 4, 1),
    "3032": _fp("Plate 4 × 6", 6, 4, 1),
    "3035": _fp("Plate 4 × 8", 8, 4, 1),
    "3030": _fp("Plate 4 × 10", 10, 4, 1),
    "3958": _fp("Plate 6 × 6", 6, 6, 1),
    "3036": _fp("Plate 6 × 8", 8, 6, 1),
    "3033": _fp("Plate 6 × 10", 10, 6, 1),
    "6141": _fp("Plate 1 × 1 Round", 1, 1, 1),
    "4073": _fp("Plate 1 × 1 Round", 1, 1, 1),
    "4600": _fp("Plate 2 × 2 with Wheel Holders", 2, 2, 1),
    "122c01": _fp("Plate 2 × 2 with Red Wheels", 2, 2, 1),
    # tiles (no studs: nothing holds on them)
    "3070b": _fp("Tile 1 × 1", 1, 1, 1, studs=False),
    "3069b": _fp("Tile 1 × 2", 2, 1, 1, studs=False),
    "63864": _fp("Tile 1 × 3", 3, 1, 1, studs=False),
    "2431": _fp("Tile 1 × 4", 4, 1, 1, studs=False),
    "3068b": _fp("Tile 2 × 2", 2, 2, 1, studs=False),
    "2412b": _fp("Tile 1 × 2 Grille", 2, 1, 1, studs=False),
    "6636": _fp("Tile 1 × 6", 6, 1, 1, studs=False),
    "4162": _fp("Tile 1 × 8", 8, 1, 1, studs=False),
}

# Names of common parts whose geometry the kind does not know (Technic, minifigures, wheels...): they are
# kept free-placed and drawn as labelled boxes, but the BOM names them.
PART_NAMES: dict[str, str] = {
    "2780": "Technic Pin with Friction",
    "6558": "Technic Pin Long with Friction",
    "32054": "Technic Pin Long with Stop Bush",
    "43093": "Technic Axle Pin with Friction",
    "3749": "Technic Axle Pin",
    "3713": "Technic Bush",
    "32123b": "Technic Bush 1/2 Smooth",
    "4519": "Technic Axle 3",
    "32073": "Technic Axle 5",
    "3706": "Technic Axle 6",
    "44294": "Technic Axle 7",
    "32316": "Technic Beam 5",
    "32524": "Technic Beam 7",
    "40490": "Technic Beam 9",
    "41239": "Technic Beam 13",
    "32278": "Technic Beam 15",
    "3641": "Tyre 6/50 × 8 Offset Tread",
    "4624": "Wheel 8 mm D. × 6 mm",
    "3937": "Hinge 1 × 2 Base",
    "3938": "Hinge 1 × 2 Top",
    "4070": "Brick 1 × 1 with Headlight",
    "54200": "Slope Brick 31 1 × 1 × 2/3",
    "3040b": "Slope Brick 45 2 × 1",
    "3298": "Slope Brick 33 3 × 2",
    "4286": "Slope Brick 33 3 × 1",
    "3044a": "Slope Brick 45 2 × 1 Double",
    "3045": "Slope Brick 45 2 × 2 Double Convex",
    "2420": "Plate 2 × 2 Corner",
    "6019": "Plate 1 × 1 with Clip Horizontal",
    "4085b": "Plate 1 × 1 with Clip Vertical",
    "3794a": "Plate 1 × 2 with 1 Stud",
    "3823": "Windscreen 2 × 4 × 2",
    "3829c01": "Car Steering Stand and Wheel",
    "3626bp01": "Minifig Head with Standard Grin",
    "973p90": "Minifig Torso with Classic Space Logo",
    "3815": "Minifig Hips",
    "3816": "Minifig Leg Right",
    "3817": "Minifig Leg Left",
    "3818": "Minifig Arm Left",
    "3819": "Minifig Arm Right",
    "3820": "Minifig Hand",
    "3842a": "Minifig Helmet Classic",
    "3838": "Minifig Airtanks",
    "3960": "Dish 4 × 4 Inverted",
    "4740": "Dish 2 × 2 Inverted",
    "43898": "Dish 3 × 3 Inverted",
    "3957a": "Antenna 4H",
}


def part_name(number: str) -> str | None:
    """The name of an LDraw part the table knows, or None."""
    fp = FOOTPRINTS.get(number)
    return fp.name if fp else PART_NAMES.get(number)


class Catalogue:
    """Look-ups over one kit dict (already checked by ``BrickKit``), with the tables above as fallback.

    >>> cat = Catalogue(demo_kit()); cat.shape("3001")
    (4, 2, 3, True)
    """

    def __init__(self, kit: dict):
        self.kit = kit
        self.parts: dict[str, dict] = {p["id"]: p for p in kit.get("parts", ())}
        self.colours: dict[str, dict] = {c["id"]: c for c in kit.get("colours", ())}
        self.items: dict[tuple[str, str], dict] = {(i["part"], i["colour"]): i for i in kit.get("items", ())}
        self.part_by_ldraw: dict[str, str] = {}
        for p in kit.get("parts", ()):
            self.part_by_ldraw.setdefault(p["ldraw"].lower(), p["id"])
        self.colour_by_ldraw: dict[int, str] = {}
        for c in kit.get("colours", ()):
            self.colour_by_ldraw.setdefault(c["ldraw"], c["id"])
        self.limits: dict = {
            "max_x": 48,
            "max_y": 48,
            "max_z": 150,
            "max_parts": 10_000,
            **kit.get("limits", {}),
        }
        self._shapes: dict[str, tuple[int, int, int, bool] | None] = {}

    # --- parts

    def shape(self, part: str) -> tuple[int, int, int, bool] | None:
        """(width, depth, height, studs) of a placed part's id: the kit's part, else the table's LDraw part."""
        try:
            return self._shapes[part]
        except KeyError:
            pass
        p = self.parts.get(part)
        if p is not None:
            shape = (p["width"], p["depth"], p["height"], p.get("studs", True))
        else:
            fp = FOOTPRINTS.get(part.lower())
            shape = (fp.width, fp.depth, fp.height, fp.studs) if fp else None
        self._shapes[part] = shape
        return shape

    def part_label(self, part: str) -> str:
        p = self.parts.get(part)
        if p is not None:
            return p["name"]
        return part_name(part.lower()) or f"LDraw {part}"

    def ldraw_part(self, part: str) -> str:
        p = self.parts.get(part)
        return p["ldraw"] if p is not None else part

    def ldraw_part_label(self, number: str) -> str:
        kit_part = self.part_by_ldraw.get(number.lower())
        if kit_part is not None:
            return self.parts[kit_part]["name"]
        return part_name(number.lower()) or f"LDraw {number}"

    # --- colours

    def colour_label(self, colour: str) -> str:
        c = self.colours.get(colour)
        if c is not None:
            return c["name"]
        if colour.isdigit() and int(colour) in LDRAW_COLOURS:
            return LDRAW_COLOURS[int(colour)][0]
        return colour

    def colour_rgb(self, colour: str) -> str:
        c = self.colours.get(colour)
        if c is not None:
            return c["rgb"]
        if colour.isdigit() and int(colour) in LDRAW_COLOURS:
            return LDRAW_COLOURS[int(colour)][1]
        return "#A0A0A0"

    def ldraw_colour(self, colour: str) -> int:
        c = self.colours.get(colour)
        if c is not None:
            return c["ldraw"]
        return int(colour) if colour.isdigit() and int(colour) <= 0x2FFFFFF else 16

    def colour_of_code(self, code: int) -> str:
        """The kit's colour id for an LDraw code, else the code itself as a string."""
        return self.colour_by_ldraw.get(code, str(code))


def free_box(f: dict, cat: Catalogue) -> tuple[tuple[float, float, float, float, float, float], bool]:
    """The box a free-placed part fills, in studs and plates ``(x0, x1, y0, y1, z0, z1)``, and whether its
    shape is known. A part of unknown shape counts as a 1 × 1 brick centred on its origin."""
    number = f["ldraw"].lower()
    kit_part = cat.part_by_ldraw.get(number)
    shape = cat.shape(kit_part) if kit_part else None
    if shape is None:
        fp = FOOTPRINTS.get(number)
        shape = (fp.width, fp.depth, fp.height, fp.studs) if fp else None
    if shape is not None:
        hw, hd, hh = shape[0] * 10, shape[1] * 10, shape[2] * 8
        local = [(sx * hw, y, sz * hd) for sx in (-1, 1) for sz in (-1, 1) for y in (0, hh)]
    else:
        local = [(sx * 10, sy * 12, sz * 10) for sx in (-1, 1) for sy in (-1, 1) for sz in (-1, 1)]
    m = f["matrix"]
    px, py, pz = f["pos"]
    xs = [m[0] * lx + m[1] * ly + m[2] * lz + px for lx, ly, lz in local]
    ys = [m[3] * lx + m[4] * ly + m[5] * lz + py for lx, ly, lz in local]
    zs = [m[6] * lx + m[7] * ly + m[8] * lz + pz for lx, ly, lz in local]
    # LDU -> studs (x = X/20, y = Z/20) and plates (z = -Y/8)
    box = (
        min(xs) / LDU_PER_STUD,
        max(xs) / LDU_PER_STUD,
        min(zs) / LDU_PER_STUD,
        max(zs) / LDU_PER_STUD,
        -max(ys) / LDU_PER_PLATE,
        -min(ys) / LDU_PER_PLATE,
    )
    return box, shape is not None


def turned(width: int, depth: int, rot: int) -> tuple[int, int]:
    return (depth, width) if rot in (90, 270) else (width, depth)


# --- spatial index

_OFF = 1 << 17  # shifts stud coordinates (|x| <= 100,064) to non-negative
_SPAN = 1 << 18


@dataclass
class Boxes:
    """The placed parts with known geometry, as parallel lists (index = position in content["parts"])."""

    n: int
    known: list[bool]
    x0: list[int]
    x1: list[int]
    y0: list[int]
    y1: list[int]
    z0: list[int]
    z1: list[int]
    studs: list[bool]
    missing: list[int]  # parts whose (part, colour) the kit does not offer


def boxes(parts: list[dict], cat: Catalogue) -> Boxes:
    """The placed parts' boxes, in one pass over the content (on 100,000 parts, touching each part's dict
    once matters more than anything else). Also notes the parts the kit does not offer (``missing``)."""
    n = len(parts)
    known = [False] * n
    x0 = [0] * n
    x1 = [0] * n
    y0 = [0] * n
    y1 = [0] * n
    z0 = [0] * n
    z1 = [0] * n
    studs = [False] * n
    missing: list[int] = []
    shapes: dict[tuple[str, int], tuple | None] = {}
    offered: dict[tuple[str, str], bool] = {}
    items = cat.items
    for i, p in enumerate(parts):
        part = p["part"]
        colour = p["colour"]
        rot = p.get("rot", 0)
        key = (part, colour)
        ok = offered.get(key)
        if ok is None:
            ok = offered[key] = key in items
        if not ok:
            missing.append(i)
        s = shapes.get((part, rot), False)
        if s is False:
            s = cat.shape(part)
            if s is not None and rot in (90, 270):
                s = (s[1], s[0], s[2], s[3])
            shapes[(part, rot)] = s
        if s is None:
            continue
        w, d, h, st = s
        x = p["x"]
        y = p["y"]
        z = p["z"]
        known[i] = True
        x0[i] = x
        x1[i] = x + w
        y0[i] = y
        y1[i] = y + d
        z0[i] = z
        z1[i] = z + h
        studs[i] = st
    return Boxes(n, known, x0, x1, y0, y1, z0, z1, studs, missing)


class UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        parent = self.parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def union(self, a: int, b: int) -> None:
        ra = self.find(a)
        rb = self.find(b)
        if ra != rb:
            if ra < rb:
                self.parent[rb] = ra
            else:
                self.parent[ra] = rb


@dataclass
class Analysis:
    overlaps: list[list[int]]  # groups of parts that overlap one another (each group: 2 or more indexes)
    components: list[list[int]]  # parts connected through stud contacts, each group sorted by index


def analyse(b: Boxes) -> Analysis:
    """Overlap groups and connected components of the known placed parts (see the module docstring).

    Parts are taken bottom up (by ``z0``, then by index). For each stud column the index keeps only the
    part reaching highest so far (its top, and which part it is): a part arriving with its bottom under
    that top overlaps it; a part arriving with its bottom exactly at that top sits on it and is held by its
    studs. Per column this is a sweep of its intervals in order, so memory stays one entry per column and
    time one step per footprint cell. A column where parts overlap is swept again with all its intervals
    (``_contacts_in_clashing_columns``), since contacts there need not be between neighbours.
    """
    n = b.n
    known = b.known
    x0, x1, y0, y1, z0, z1, studs = b.x0, b.x1, b.y0, b.y1, b.z0, b.z1, b.studs
    order = sorted((i for i in range(n) if known[i]), key=z0.__getitem__)
    highest: dict[int, tuple[int, int]] = {}  # column key -> (top, part) of the highest part so far
    get = highest.get
    parent = list(range(n))  # union-find over stud contacts, inlined below (this loop is the hot path)
    last = [-1] * n  # the part each part was last joined to: skips repeated joins over shared cells
    clashes: list[tuple[int, int]] = []  # (part, part) overlapping in some column
    clash_cols: set[int] = set()
    off = _OFF
    span = _SPAN
    for i in order:
        za = z0[i]
        mine = (z1[i], i)
        ya = y0[i] + off
        yb = y1[i] + off
        for cx in range(x0[i] + off, x1[i] + off):
            base = cx * span
            for key in range(base + ya, base + yb):
                h = get(key)
                if h is None:
                    highest[key] = mine
                    continue
                top, j = h
                if za < top:
                    clashes.append((i, j))
                    clash_cols.add(key)
                elif za == top and last[i] != j and studs[j]:
                    # j, the highest part under this cell, holds i by its studs
                    last[i] = j
                    a = i
                    while parent[a] != a:
                        parent[a] = parent[parent[a]]
                        a = parent[a]
                    r = j
                    while parent[r] != r:
                        parent[r] = parent[parent[r]]
                        r = parent[r]
                    if a != r:
                        if a < r:
                            parent[r] = a
                        else:
                            parent[a] = r
                if mine[0] > top:
                    highest[key] = mine

    overlap: UnionFind | None = None
    if clashes:
        overlap = UnionFind(n)
        for i, j in clashes:
            overlap.union(i, j)
        _contacts_in_clashing_columns(clash_cols, order, b, parent)

    comps: dict[int, list[int]] = {}
    for i in range(n):
        if known[i]:
            a = i
            while parent[a] != a:
                parent[a] = parent[parent[a]]
                a = parent[a]
            g = comps.get(a)
            if g is None:
                comps[a] = [i]
            else:
                g.append(i)
    groups: list[list[int]] = []
    if overlap is not None:
        ogroups: dict[int, list[int]] = {}
        for i in range(n):
            if known[i]:
                ogroups.setdefault(overlap.find(i), []).append(i)
        groups = [g for g in ogroups.values() if len(g) > 1]
    return Analysis(overlaps=groups, components=list(comps.values()))


def _contacts_in_clashing_columns(keys: set[int], order: list[int], b: Boxes, parent: list[int]) -> None:
    """Every stud contact in the columns where parts overlap (the sweep only sees the highest part so far).

    All parts whose top is at a level and all parts whose bottom is at it touch one another (they share
    the column), so they form one group as soon as one of the lower ones has studs.
    """
    uf = UnionFind(0)
    uf.parent = parent
    columns: dict[int, list[int]] = {}
    for i in order:
        ya = b.y0[i] + _OFF
        yb = b.y1[i] + _OFF
        for cx in range(b.x0[i] + _OFF, b.x1[i] + _OFF):
            base = cx * _SPAN
            for key in range(base + ya, base + yb):
                if key in keys:
                    columns.setdefault(key, []).append(i)
    for column in columns.values():
        tops: dict[int, list[int]] = {}
        bottoms: dict[int, list[int]] = {}
        for i in column:
            if b.studs[i]:
                tops.setdefault(b.z1[i], []).append(i)
            bottoms.setdefault(b.z0[i], []).append(i)
        for level, lower in tops.items():
            upper = bottoms.get(level)
            if upper:
                first = lower[0]
                for j in lower[1:]:
                    uf.union(first, j)
                for j in upper:
                    uf.union(first, j)
