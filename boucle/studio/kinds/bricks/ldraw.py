"""LDraw files: export a brick model to ``.ldr``, import ``.ldr`` and ``.mpd`` files.

Units and axes: 20 LDU per stud, 8 LDU per plate (24 per brick); LDraw's -Y is up. A model cell
``(x, y, z)`` (studs, studs, plates) maps to LDraw ``(X, Y, Z) = (20 x, -8 z, 20 y)``. A standard brick or
plate has its LDraw origin at the centre of its top face and extends down (+Y), so a placed part is written
at the centre of its turned footprint and at the height of its top: ``X = 20 (x + w/2)``,
``Z = 20 (y + d/2)``, ``Y = -8 (z + height)``. A turn ``rot`` (quarter turns from x towards y) is the matrix
``cos 0 -sin / 0 1 0 / sin 0 cos``.

Import reads type-1 lines (types 2 to 5 are checked and ignored: a model file rarely draws geometry).
Sub-models of an ``.mpd`` (``0 FILE`` sections; the first one is the model) are expanded recursively, their
transforms composed, colour 16 (and the edge colour 24) taking the colour of the line that placed them. A
part whose footprint is known, turned by quarter turns about the vertical and landing on the stud grid
becomes a placed part; any other part is kept free-placed, as the file placed it (LDU position and matrix).
LDraw part numbers and colour codes are mapped to the kit's parts and colours through their ``ldraw``
fields; the ones the kit lacks are kept (a placed part's id is then the LDraw number, its colour the code)
and validation names them. When placed parts reach below the ground, the model is lifted by whole plates
until the lowest one stands on it.

Exported files carry ``0 !BOUCLE ID <id>`` (and ``0 !BOUCLE FREE <id>``) before each part, so a model that is
exported and imported again comes back the same, element ids included; other programs ignore these lines.

Bad input is refused with ``ImportRefused`` and a message naming the line: unknown line types, missing or
non-numeric fields, NaN or infinite numbers, singular matrices, huge coordinates, references that try to
leave the file (``../``, absolute paths), sub-models that include themselves, files over 5 MB, files that
expand to too many parts.
"""

from __future__ import annotations

import math
import re

from django.utils.translation import gettext as _

from ..base import ImportRefused
from .geometry import FOOTPRINTS, LDU_PER_PLATE, LDU_PER_STUD, Catalogue, turned
from .schemas import LDRAW_PART, MAX_FREE, MAX_LDU, MAX_MATRIX, MAX_PARTS

MAX_BYTES = 5 * 1024 * 1024
MAX_DEPTH = 32  # sub-model nesting
MAX_REFERENCES = 400_000  # type-1 lines visited while expanding sub-models (guards against fan-out bombs)
_EPS = 1e-4  # matrix entries
_GRID_EPS = 0.01  # LDU

_ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_.:-"  # schemas.ELEMENT_ID
_PART_RE = re.compile(LDRAW_PART)
_DRIVE_RE = re.compile(r"^[A-Za-z]:")
_FIELDS = {2: 8, 3: 11, 4: 14, 5: 14}  # tokens of geometry lines, line type included

_ROTATIONS = {  # (a, c, g, i) of a quarter turn about the vertical -> rot
    (1, 0, 0, 1): 0,
    (0, -1, 1, 0): 90,
    (-1, 0, 0, -1): 180,
    (0, 1, -1, 0): 270,
}
_MATRIX = {rot: (a, 0, c, 0, 1, 0, g, 0, i) for (a, c, g, i), rot in _ROTATIONS.items()}

_EXACT_TURNS = {tuple(float(v) for v in m): rot for rot, m in _MATRIX.items()}

IDENTITY = (1.0, 0.0, 0.0, 0.0, 1.0, 0.0, 0.0, 0.0, 1.0)


# --- export


def _clean(text: str) -> str:
    """One line of header text: no line breaks or control characters (they would start new LDraw lines)."""
    return " ".join("".join(ch if ch.isprintable() else " " for ch in str(text)).split())[:200]


def _fmt(v: float) -> str:
    if float(v).is_integer() and abs(v) < 1e15:
        return str(int(v))
    return repr(float(v))


def export_ldr(
    content: dict, kit: dict, *, title: str, attribution: list[str], licence: str | None = None
) -> bytes:
    cat = Catalogue(kit)
    title = _clean(title) or "Untitled"
    slug = re.sub(r"[^A-Za-z0-9]+", "-", title).strip("-").lower() or "model"
    credits = [_clean(a) for a in attribution if _clean(a)]
    out = [f"0 {title}", f"0 Name: {slug}.ldr", f"0 Author: {credits[0] if credits else 'Boucle'}"]
    if licence:
        out.append(f"0 !LICENSE {_clean(licence)}")
    out += [f"0 // {line}" for line in credits]
    out.append("0 // Exported by Boucle: 0 !BOUCLE lines keep element ids; other programs ignore them.")
    out.append("")
    shapes: dict[str, tuple] = {}
    for p in content.get("parts", ()):
        part = p["part"]
        s = shapes.get(part)
        if s is None:
            s = shapes[part] = (cat.shape(part) or (1, 1, 3, True), cat.ldraw_part(part))
        (width, depth, height, _studs), number = s
        rot = p.get("rot", 0)
        w, d = turned(width, depth, rot)
        x = (2 * p["x"] + w) * (LDU_PER_STUD // 2)
        z = (2 * p["y"] + d) * (LDU_PER_STUD // 2)
        y = -(p["z"] + height) * LDU_PER_PLATE
        m = " ".join(str(v) for v in _MATRIX[rot])
        out.append(f"0 !BOUCLE ID {p['id']}")
        out.append(f"1 {cat.ldraw_colour(p['colour'])} {x} {y} {z} {m} {number}.dat")
    for f in content.get("free", ()):
        pos = " ".join(_fmt(v) for v in f["pos"])
        m = " ".join(_fmt(v) for v in f["matrix"])
        out.append(f"0 !BOUCLE FREE {f['id']}")
        out.append(f"1 {f['colour']} {pos} {m} {f['ldraw']}.dat")
    out.append("")
    return "\r\n".join(out).encode("utf-8")


# --- import

# A parsed type-1 line: (line number, colour, position, matrix, file name, !BOUCLE id, !BOUCLE FREE)
_Ref = tuple


class _Section:
    __slots__ = ("name", "line", "refs", "geometry")

    def __init__(self, name: str, line: int):
        self.name = name
        self.line = line
        self.refs: list[tuple] = []
        self.geometry = False


def _refuse(line: int, message: str) -> ImportRefused:
    return ImportRefused(_("Line %(line)d: %(problem)s") % {"line": line, "problem": message})


def _decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _number(tok: str, line: int) -> float:
    try:
        v = float(tok)
    except ValueError:
        raise _refuse(line, _("“%(value)s” is not a number.") % {"value": tok[:40]}) from None
    if "_" in tok:
        raise _refuse(line, _("“%(value)s” is not a number.") % {"value": tok[:40]})
    if not math.isfinite(v):
        raise _refuse(line, _("“%(value)s” is not a finite number.") % {"value": tok[:40]})
    return v


def _colour(tok: str, line: int) -> int:
    try:
        code = int(tok, 16) if tok[:2].lower() == "0x" else int(tok)
    except ValueError:
        raise _refuse(line, _("the colour “%(value)s” is not a colour code.") % {"value": tok[:40]}) from None
    if "_" in tok or not 0 <= code <= 0x2FFFFFF:
        raise _refuse(line, _("the colour “%(value)s” is not a colour code.") % {"value": tok[:40]})
    return code


def _det(m) -> float:
    a, b, c, d, e, f, g, h, i = m
    return a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)


def _part_line(line: str, lineno: int, meta_id, meta_free) -> tuple:
    """A type-1 line, checked: (line, colour, pos, matrix, name, meta id, meta free)."""
    toks = line.split(None, 14)
    if len(toks) < 15:
        raise _refuse(lineno, _("a part line needs a colour, 12 numbers and a file name."))
    tok = toks[1]
    colour = int(tok) if tok.isdigit() and len(tok) < 9 else _colour(tok, lineno)
    try:
        x, y, z, a, b, c, d, e, f, g, h, i = map(float, toks[2:14])
    except ValueError:
        for t in toks[2:14]:
            _number(t, lineno)  # raises, naming the field
        raise
    if "_" in line and "_" in line[: len(line) - len(toks[14])]:
        for t in toks[2:14]:
            _number(t, lineno)  # raises: Python reads "1_0" as 10, LDraw does not
    matrix = (a, b, c, d, e, f, g, h, i)
    if matrix not in _EXACT_TURNS:  # a quarter turn (most lines) needs no more checks
        if not math.isfinite(a + b + c + d + e + f + g + h + i):  # a NaN or an infinity makes the sum one
            for t in toks[5:14]:
                _number(t, lineno)  # raises, naming the field
        if max(map(abs, matrix)) > MAX_MATRIX:
            raise _refuse(lineno, _("the matrix scales the part more than 1,000 times."))
        if abs(a * (e * i - f * h) - b * (d * i - f * g) + c * (d * h - e * g)) < 1e-9:
            raise _refuse(lineno, _("the matrix is singular (it flattens the part to nothing)."))
    # NaN fails every comparison, so this also catches NaN and infinities
    if not (-MAX_LDU <= x <= MAX_LDU and -MAX_LDU <= y <= MAX_LDU and -MAX_LDU <= z <= MAX_LDU):
        for t in toks[2:5]:
            _number(t, lineno)  # raises for a NaN or an infinity, naming it
        raise _refuse(lineno, _("the position is too far away (more than 1,000,000 LDU)."))
    return (lineno, colour, (x, y, z), matrix, toks[14], meta_id, meta_free)


def _parse(text: str) -> tuple[list[_Section], dict[str, _Section]]:
    nul = text.find("\x00")
    if nul >= 0:
        raise _refuse(len(text[:nul].splitlines()) or 1, _("the file holds binary data, not LDraw text."))
    sections: list[_Section] = []
    by_name: dict[str, _Section] = {}
    current = _Section("", 1)
    pending_id: str | None = None
    pending_free = False
    for lineno, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        kind = line[0]
        if kind == "1" and line[1:2] in (" ", "\t"):
            current.refs.append(_part_line(line, lineno, pending_id, pending_free))
            pending_id, pending_free = None, False
            continue
        if line.startswith("0 !BOUCLE "):
            if line.startswith("0 !BOUCLE ID "):
                meta, pending_free = line[13:], False
            elif line.startswith("0 !BOUCLE FREE "):
                meta, pending_free = line[15:], True
            else:
                continue
            # an element id: 1 to 40 of the characters ELEMENT_ID allows (str.strip is quicker than a regex)
            pending_id = (
                meta if 0 < len(meta) <= 40 and meta.isascii() and not meta.strip(_ID_CHARS) else None
            )
            continue
        kind = line.split(None, 1)[0]
        if kind == "0":
            words = line.split(None, 3)
            if len(words) >= 2 and words[1].upper() in ("FILE", "NOFILE"):
                if current.refs or current.geometry or sections:
                    sections.append(current)
                if words[1].upper() == "NOFILE":
                    current = _Section("\x00nofile", lineno)
                    continue
                name = line.split(None, 2)[2].strip() if len(words) >= 3 else ""
                current = _Section(name, lineno)
                by_name.setdefault(name.lower(), current)
                pending_id, pending_free = None, False
            continue
        if kind == "1":
            current.refs.append(_part_line(line, lineno, pending_id, pending_free))
            pending_id, pending_free = None, False
            continue
        if kind in ("2", "3", "4", "5"):
            toks = line.split()
            if len(toks) != _FIELDS[int(kind)]:
                raise _refuse(
                    lineno,
                    _("a line of type %(type)s needs %(count)d fields.")
                    % {"type": kind, "count": _FIELDS[int(kind)]},
                )
            _colour(toks[1], lineno)
            for t in toks[2:]:
                _number(t, lineno)
            current.geometry = True
            continue
        raise _refuse(
            lineno, _("unknown line type “%(type)s” (LDraw lines start with 0 to 5).") % {"type": kind[:20]}
        )
    if current.refs or current.geometry or not sections:
        sections.append(current)
    sections = [s for s in sections if s.name != "\x00nofile"]
    if not sections:
        sections = [_Section("", 1)]
    return sections, by_name


def _mul(a, b):
    """3×3 product, row-major tuples."""
    a0, a1, a2, a3, a4, a5, a6, a7, a8 = a
    b0, b1, b2, b3, b4, b5, b6, b7, b8 = b
    return (
        a0 * b0 + a1 * b3 + a2 * b6,
        a0 * b1 + a1 * b4 + a2 * b7,
        a0 * b2 + a1 * b5 + a2 * b8,
        a3 * b0 + a4 * b3 + a5 * b6,
        a3 * b1 + a4 * b4 + a5 * b7,
        a3 * b2 + a4 * b5 + a5 * b8,
        a6 * b0 + a7 * b3 + a8 * b6,
        a6 * b1 + a7 * b4 + a8 * b7,
        a6 * b2 + a7 * b5 + a8 * b8,
    )


def _apply(m, p, t):
    x, y, z = p
    return (
        m[0] * x + m[1] * y + m[2] * z + t[0],
        m[3] * x + m[4] * y + m[5] * z + t[1],
        m[6] * x + m[7] * y + m[8] * z + t[2],
    )


def _escapes(name: str) -> bool:
    n = name.replace("\\", "/")
    return n.startswith("/") or n.startswith("~") or bool(_DRIVE_RE.match(n)) or ".." in n.split("/")


class _Expander:
    def __init__(self, by_name: dict[str, _Section]):
        self.by_name = by_name
        self.out: list[tuple] = []  # (number, colour, pos, matrix, meta_id, meta_free)
        self.visited = 0
        self.names: dict[str, tuple] = {}  # file name -> ("sub", section) | ("part", number)

    def _resolve(self, name: str, line: int) -> tuple:
        found = self.names.get(name)
        if found is not None:
            return found
        if _escapes(name):
            raise _refuse(line, _("the reference “%(name)s” points outside the file.") % {"name": name[:80]})
        key = name.lower()
        sub = self.by_name.get(key)
        if sub is not None and not (key.endswith(".dat") and sub.geometry):
            found = ("sub", sub, key)
        elif key.endswith((".ldr", ".mpd")):
            raise _refuse(line, _("the sub-model “%(name)s” is not in the file.") % {"name": name[:80]})
        else:
            number = key[:-4] if key.endswith(".dat") else key
            if not _PART_RE.match(number):
                raise _refuse(line, _("“%(name)s” is not a part file name.") % {"name": name[:80]})
            found = ("part", number, key)
        self.names[name] = found
        return found

    def run(self, section: _Section, matrix, pos, colour: int | None, stack: list[str]) -> None:
        """Expand ``section`` placed by ``matrix`` and ``pos`` in ``colour`` (None for the model itself,
        whose colours 16 and 24 have no parent to take a colour from and stay as they are)."""
        identity = matrix is IDENTITY
        out = self.out
        append = out.append
        resolve = self._resolve
        self.visited += len(section.refs)
        if self.visited > MAX_REFERENCES:
            raise _refuse(
                section.line,
                _("the file expands to more than %(count)d part references.") % {"count": MAX_REFERENCES},
            )
        for line, ref_colour, ref_pos, ref_matrix, name, meta_id, meta_free in section.refs:
            c = colour if (ref_colour == 16 or ref_colour == 24) and colour is not None else ref_colour
            if identity:
                m, p = ref_matrix, ref_pos
            else:
                m = tuple(_tidy(v) for v in _mul(matrix, ref_matrix))
                p = tuple(_tidy(v) for v in _apply(matrix, ref_pos, pos))
            what, target, key = resolve(name, line)
            if what == "sub":
                if key in stack:
                    raise _refuse(line, _("the sub-model “%(name)s” includes itself.") % {"name": name[:80]})
                if len(stack) >= MAX_DEPTH:
                    raise _refuse(line, _("sub-models are nested too deep."))
                stack.append(key)
                self.run(target, m, p, c, stack)
                stack.pop()
                continue
            if not identity:
                if not max(map(abs, p)) <= MAX_LDU:
                    raise _refuse(line, _("the position is too far away (more than 1,000,000 LDU)."))
                if not max(map(abs, m)) <= MAX_MATRIX or abs(_det(m)) < 1e-9:
                    raise _refuse(line, _("the composed matrix is singular or too large."))
            append((target, c, p, m, meta_id, meta_free))
            if len(out) > MAX_PARTS:
                raise _refuse(line, _("the file has more than %(count)d parts.") % {"count": MAX_PARTS})


def _quarter_turn(m) -> int | None:
    rot = _EXACT_TURNS.get(m)
    if rot is not None:
        return rot
    a, b, c, d, e, f, g, h, i = m
    if abs(e - 1) > _EPS or abs(b) > _EPS or abs(d) > _EPS or abs(f) > _EPS or abs(h) > _EPS:
        return None
    key = (round(a), round(c), round(g), round(i))
    if abs(a - key[0]) > _EPS or abs(c - key[1]) > _EPS or abs(g - key[2]) > _EPS or abs(i - key[3]) > _EPS:
        return None
    return _ROTATIONS.get(key)


def import_ldraw(data: bytes, kit: dict) -> dict:
    if len(data) > MAX_BYTES:
        raise ImportRefused(
            _("The file is %(size)s bytes; LDraw files up to %(max)s bytes are accepted.")
            % {"size": f"{len(data):,}", "max": f"{MAX_BYTES:,}"}
        )
    sections, by_name = _parse(_decode(data))
    expander = _Expander(by_name)
    main = sections[0]
    expander.run(main, IDENTITY, (0.0, 0.0, 0.0), None, [main.name.lower()])
    if not expander.out:
        raise ImportRefused(_("The file holds no parts (no line of type 1)."))

    cat = Catalogue(kit)
    part_by_ldraw = cat.part_by_ldraw
    colour_of_code = cat.colour_of_code
    placed: list[dict] = []
    free: list[dict] = []
    taken = {e[4] for e in expander.out if e[4]}
    used: set[str] = set()
    shapes: dict[str, tuple] = {}
    colours: dict[int, str] = {}
    half_stud = LDU_PER_STUD / 2

    for number, code, pos, m, meta_id, meta_free in expander.out:
        s = shapes.get(number)
        if s is None:
            kit_part = part_by_ldraw.get(number)
            part = kit_part or number
            shape = cat.shape(part) or (() if kit_part else _table_shape(number))
            s = shapes[number] = (part, shape)
        part, shape = s
        element = meta_id if meta_id and meta_id not in used else None
        rot = None if meta_free or not shape else _quarter_turn(m)
        if rot is not None:
            width, depth, height, _studs = shape
            w, d = (depth, width) if rot == 90 or rot == 270 else (width, depth)
            fx = pos[0] / half_stud
            fz = pos[2] / half_stud
            fy = pos[1] / LDU_PER_PLATE
            gx = round(fx)
            gz = round(fz)
            gy = round(fy)
            if (
                abs(fx - gx) <= _GRID_EPS / half_stud
                and abs(fz - gz) <= _GRID_EPS / half_stud
                and abs(fy - gy) <= _GRID_EPS / LDU_PER_PLATE
                and (gx - w) % 2 == 0
                and (gz - d) % 2 == 0
            ):
                colour = colours.get(code)
                if colour is None:
                    colour = colours[code] = colour_of_code(code)
                placed.append(
                    {
                        "id": element,
                        "part": part,
                        "colour": colour,
                        "x": (gx - w) // 2,
                        "y": (gz - d) // 2,
                        "z": -gy - height,
                        "rot": rot,
                    }
                )
                if element:
                    used.add(element)
                continue
        free.append({"id": element, "ldraw": number, "colour": code, "pos": list(pos), "matrix": list(m)})
        if element:
            used.add(element)
    if len(free) > MAX_FREE:
        raise ImportRefused(_("The file has more than %(count)d free-placed parts.") % {"count": MAX_FREE})

    # Lift the model onto the ground when placed parts reach below it (LDraw models put Y = 0 anywhere).
    if placed:
        low = min(p["z"] for p in placed)
        if low < 0:
            for p in placed:
                p["z"] -= low
            for f in free:
                f["pos"][1] += low * LDU_PER_PLATE

    _name(placed, "b", taken)
    _name(free, "f", taken)
    return {"parts": placed, "free": free}


def _table_shape(number: str) -> tuple:
    fp = FOOTPRINTS.get(number)
    return (fp.width, fp.depth, fp.height, fp.studs) if fp else ()


def _tidy(v: float) -> float:
    """Drop the float noise of composed transforms (0.30000000000000004 -> 0.3, -0.0 -> 0.0); the numbers
    a file states are kept exactly, so a model exported and imported again is the same."""
    return round(v, 9) + 0.0


def _name(elements: list[dict], prefix: str, taken: set[str]) -> None:
    n = 0
    for e in elements:
        if e["id"] is None:
            while True:
                n += 1
                candidate = f"{prefix}{n}"
                if candidate not in taken:
                    break
            e["id"] = candidate
            taken.add(candidate)
