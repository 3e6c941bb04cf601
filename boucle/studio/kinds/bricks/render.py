"""Isometric previews of a brick model: an SVG drawn server-side and a PNG thumbnail (Pillow).

Both draw the same display list. Placed parts are cut into unit stud columns (one per footprint cell) and
drawn back to front in the order ``(x + y, z)``: for boxes with a one-stud footprint seen from above along
(1, 1, 1), a column can only hide columns with a smaller ``x + y`` or, in the same cell, lower ones, so this
order is a correct painter's order (no pairwise sort of whole bricks, which would be quadratic). Each column
draws its visible faces (top in the part's colour, the two sides facing the viewer shaded) and the brick's
outline edges only, so a brick reads as one block. Faces hidden by a neighbour are skipped.

Free-placed parts are drawn as boxes around where the file put them (their footprint when the kind knows
it), with a label; parts of unknown geometry are dashed and titled "geometry unknown".
"""

from __future__ import annotations

import io
import math
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _

from .geometry import Catalogue, boxes, free_box

C = math.cos(math.pi / 6)  # isometric x factor
S = 0.5  # isometric y factor
PLATE = 0.4  # a plate's height in studs (8 LDU / 20 LDU)
STUD_R = 0.3  # stud radius in studs (6 LDU)
SHADES = (1.0, 0.8, 0.62)  # top, left (+y face), right (+x face)
STUD_SHADE = 0.9
STUDS_UP_TO = 3000  # draw studs when the model has at most this many visible tops


def _shade(rgb: str, factor: float) -> str:
    r, g, b = int(rgb[1:3], 16), int(rgb[3:5], 16), int(rgb[5:7], 16)
    return f"#{min(255, int(r * factor)):02X}{min(255, int(g * factor)):02X}{min(255, int(b * factor)):02X}"


class Scene:
    """The display list: faces (fill colour + polygon), edges (segments), studs and labels, in draw order."""

    def __init__(self):
        self.ops: list[
            tuple
        ] = []  # ("f", colour, shade index, pts) | ("e", colour, segs) | ("s", colour, cx, cy) | ("l", text, x, y, title, dashed)
        self.min_x = self.min_y = math.inf
        self.max_x = self.max_y = -math.inf

    def extend(self, xs, ys):
        self.min_x = min(self.min_x, min(xs))
        self.max_x = max(self.max_x, max(xs))
        self.min_y = min(self.min_y, min(ys))
        self.max_y = max(self.max_y, max(ys))

    @property
    def empty(self) -> bool:
        return not self.ops


def _p(x, y, z):
    """World (studs, studs, plates) -> screen (stud units, y down)."""
    return ((x - y) * C, (x + y) * S - z * PLATE)


def build_scene(content: dict, kit: dict, *, studs: bool | None = None) -> Scene:
    cat = Catalogue(kit)
    parts = content.get("parts", [])
    b = boxes(parts, cat)
    known = b.known
    x0, x1, y0, y1, z0, z1 = b.x0, b.x1, b.y0, b.y1, b.z0, b.z1

    # (x, y, bottom) -> the highest top of the parts starting there: enough to skip the faces that a
    # neighbour hides exactly (the common case); a face only partly hidden is drawn and painted over.
    starts: dict[tuple[int, int, int], int] = {}
    cells: list[tuple[int, int, int, int, int]] = []
    for i in range(b.n):
        if not known[i]:
            continue
        za, zb = z0[i], z1[i]
        for cx in range(x0[i], x1[i]):
            for cy in range(y0[i], y1[i]):
                key = (cx, cy, za)
                if starts.get(key, zb) <= zb:
                    starts[key] = zb
                cells.append((cx + cy, za, cx, cy, i))
    cells.sort()

    scene = Scene()
    ops = scene.ops
    colours: dict[str, str] = {}
    if studs is None:
        studs = len(cells) <= STUDS_UP_TO
    if cells:
        idx = [i for i in range(b.n) if known[i]]
        scene.extend(
            (min((x0[i] - y1[i]) for i in idx) * C, max((x1[i] - y0[i]) for i in idx) * C),
            (
                min((x0[i] + y0[i]) * S - z1[i] * PLATE for i in idx),
                max((x1[i] + y1[i]) * S - z0[i] * PLATE for i in idx),
            ),
        )
    # free-placed parts are merged into the columns' back-to-front order by their centre
    free_entries = _free_entries(content.get("free", []), cat)
    next_free = 0
    no = -(1 << 40)
    for key, za, cx, cy, i in cells:
        while next_free < len(free_entries) and free_entries[next_free][:2] < (key, za):
            _free_ops(free_entries[next_free], cat, scene)
            next_free += 1
        zb = z1[i]
        top_visible = (cx, cy, zb) not in starts
        right = cx + 1 == x1[i] and starts.get((cx + 1, cy, za), no) < zb
        left = cy + 1 == y1[i] and starts.get((cx, cy + 1, za), no) < zb
        if not (top_visible or right or left):
            continue
        colour_id = parts[i]["colour"]
        rgb = colours.get(colour_id)
        if rgb is None:
            rgb = colours[colour_id] = cat.colour_rgb(colour_id)
        # the eight corners of the column, projected
        sx = (cx - cy) * C
        sy = (cx + cy) * S
        ht = zb * PLATE
        hb = za * PLATE
        # top: (cx, cy), (cx+1, cy), (cx+1, cy+1), (cx, cy+1)
        t0 = (sx, sy - ht)
        t1 = (sx + C, sy + S - ht)
        t2 = (sx, sy + 2 * S - ht)
        t3 = (sx - C, sy + S - ht)
        b1 = (sx + C, sy + S - hb)
        b2 = (sx, sy + 2 * S - hb)
        b3 = (sx - C, sy + S - hb)
        segs = []
        if top_visible:
            ops.append(("f", rgb, 0, (t0, t1, t2, t3)))
            if cy == y0[i]:
                segs.append((t0, t1))
            if cx + 1 == x1[i]:
                segs.append((t1, t2))
            if cy + 1 == y1[i]:
                segs.append((t2, t3))
            if cx == x0[i]:
                segs.append((t3, t0))
        if right:
            ops.append(("f", rgb, 2, (t1, t2, b2, b1)))
            segs.append((b1, b2))
            if not top_visible:
                segs.append((t1, t2))
            if cy == y0[i]:
                segs.append((t1, b1))
        if left:
            ops.append(("f", rgb, 1, (t3, t2, b2, b3)))
            segs.append((b2, b3))
            if not top_visible:
                segs.append((t2, t3))
            if cx == x0[i]:
                segs.append((t3, b3))
        if (right or left) and cx + 1 == x1[i] and cy + 1 == y1[i]:
            segs.append((t2, b2))  # the brick's front corner
        if segs:
            ops.append(("e", rgb, segs))
        if studs and top_visible and b.studs[i]:
            ops.append(("s", rgb, sx, sy + S - ht))

    for entry in free_entries[next_free:]:
        _free_ops(entry, cat, scene)
    _unknown_placed(parts, b, cat, scene)
    return scene


def _box_ops(scene: Scene, rgb: str, bx0, bx1, by0, by1, bz0, bz1):
    """Faces and edges of one whole box (studs, studs, plates)."""
    t0 = _p(bx0, by0, bz1)
    t1 = _p(bx1, by0, bz1)
    t2 = _p(bx1, by1, bz1)
    t3 = _p(bx0, by1, bz1)
    b1 = _p(bx1, by0, bz0)
    b2 = _p(bx1, by1, bz0)
    b3 = _p(bx0, by1, bz0)
    scene.ops.append(("f", rgb, 0, (t0, t1, t2, t3)))
    scene.ops.append(("f", rgb, 2, (t1, t2, b2, b1)))
    scene.ops.append(("f", rgb, 1, (t3, t2, b2, b3)))
    scene.ops.append(
        ("e", rgb, [(t0, t1), (t1, t2), (t2, t3), (t3, t0), (t1, b1), (t2, b2), (t3, b3), (b1, b2), (b2, b3)])
    )
    scene.extend((t3[0], t1[0]), (t0[1], b2[1]))
    return t0, t2


def _free_entries(free: list[dict], cat: Catalogue) -> list[tuple]:
    """Free-placed parts as boxes, with a painter's key comparable with the columns' ``(x + y, z)``."""
    entries = []
    for f in free:
        box, known = free_box(f, cat)
        bx0, bx1, by0, by1, bz0, _bz1 = box
        entries.append(((bx0 + bx1 + by0 + by1) / 2 - 1, bz0, f, known, box))
    entries.sort(key=lambda e: (e[0], e[1]))
    return entries


def _free_ops(entry: tuple, cat: Catalogue, scene: Scene) -> None:
    _key, _z, f, known, box = entry
    rgb = cat.colour_rgb(cat.colour_of_code(f["colour"]))
    t0, t2 = _box_ops(scene, rgb, *box)
    name = cat.ldraw_part_label(f["ldraw"])
    title = name if known else _("%(part)s: geometry unknown") % {"part": name}
    scene.ops.append(
        ("l", f["ldraw"] + ("" if known else "?"), (t0[0] + t2[0]) / 2, (t0[1] + t2[1]) / 2, title, not known)
    )


def _unknown_placed(parts: list[dict], b, cat: Catalogue, scene: Scene) -> None:
    for i in range(b.n):
        if b.known[i]:
            continue
        p = parts[i]
        t0, t2 = _box_ops(
            scene, cat.colour_rgb(p["colour"]), p["x"], p["x"] + 1, p["y"], p["y"] + 1, p["z"], p["z"] + 3
        )
        title = _("%(part)s: geometry unknown") % {"part": cat.part_label(p["part"])}
        scene.ops.append(("l", p["part"] + "?", (t0[0] + t2[0]) / 2, (t0[1] + t2[1]) / 2, title, True))


# --- SVG


def render_svg(content: dict, kit: dict, *, title: str | None = None, studs: bool | None = None) -> str:
    scene = build_scene(content, kit, studs=studs)
    label = escape(title or _("Brick model preview"), {'"': "&quot;"})
    if scene.empty:
        empty = escape(_("Empty model"))
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 60" role="img">'
            f"<title>{label}</title>"
            f'<text x="50" y="34" text-anchor="middle" font-family="sans-serif" font-size="8" fill="#666">'
            f"{empty}</text></svg>"
        )
    # Coordinates are written as integers in 1/40 stud: short, quick to format, finer than a pixel.
    k = 40
    pad = 1.0
    minx, miny = (scene.min_x - pad) * k, (scene.min_y - pad) * k
    w, h = (scene.max_x - scene.min_x + 2 * pad) * k, (scene.max_y - scene.min_y + 2 * pad) * k
    classes: dict[tuple[str, int], str] = {}
    body: list[str] = []
    append = body.append
    for op in scene.ops:
        kind = op[0]
        if kind == "f":
            key = (op[1], op[2])
            cls = classes.get(key)
            if cls is None:
                cls = classes[key] = f"c{len(classes)}"
            (ax, ay), (bx, by), (cx, cy), (dx, dy) = op[3]
            append(
                '<path class="%s" d="M%d %dL%d %dL%d %dL%d %dZ"/>'  # noqa: UP031 (%d is the quickest)
                % (cls, ax * k, ay * k, bx * k, by * k, cx * k, cy * k, dx * k, dy * k)
            )
        elif kind == "e":
            d = "".join("M%d %dL%d %d" % (a[0] * k, a[1] * k, b[0] * k, b[1] * k) for a, b in op[2])  # noqa: UP031
            append(f'<path class="e" d="{d}"/>')
        elif kind == "s":
            key = (op[1], 3)
            cls = classes.get(key)
            if cls is None:
                cls = classes[key] = f"c{len(classes)}"
            append(
                '<ellipse class="%s" cx="%d" cy="%d" rx="%d" ry="%d"/>'  # noqa: UP031
                % (cls, op[2] * k, (op[3] - 0.08) * k, STUD_R * 1.414 * C * k, STUD_R * 1.414 * S * k)
            )
        else:
            _k, text, x, y, tip, dashed = op
            append(
                f'<g class="{"u" if dashed else "k"}"><title>{escape(tip)}</title>'
                f'<text x="{x * k:.0f}" y="{y * k:.0f}">{escape(text)}</text></g>'
            )
    style = [
        ".e{fill:none;stroke:#000;stroke-opacity:.45;stroke-width:2;stroke-linejoin:round;stroke-linecap:round}",
        "text{font-family:sans-serif;font-size:20px;text-anchor:middle;dominant-baseline:middle;fill:#111;"
        "paint-order:stroke;stroke:#fff;stroke-width:3px}",
        ".u text{font-style:italic}",
    ]
    for (rgb, shade), cls in classes.items():
        if shade < 3:
            colour = _shade(rgb, SHADES[shade])
            style.append(f".{cls}{{fill:{colour};stroke:{colour};stroke-width:1}}")
        else:  # a stud: a little darker than its top, with an outline
            style.append(
                f".{cls}{{fill:{_shade(rgb, STUD_SHADE)};stroke:#000;stroke-opacity:.3;stroke-width:1}}"
            )
    width = 640
    height = max(1, round(width * h / w))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{minx:.0f} {miny:.0f} {w:.0f} {h:.0f}" '
        f'width="{width}" height="{height}" role="img" aria-label="{label}">'
        f"<title>{label}</title><style>{''.join(style)}</style>" + "".join(body) + "</svg>"
    )


# --- PNG


def render_png(content: dict, kit: dict, *, size: int = 400) -> bytes:
    from PIL import Image, ImageDraw

    size = max(16, min(int(size), 2048))
    scene = build_scene(content, kit, studs=None)
    ss = 2  # supersampling, for smooth edges after the downscale
    img = Image.new("RGB", (size * ss, size * ss), (255, 255, 255))
    if not scene.empty:
        draw = ImageDraw.Draw(img)
        w = scene.max_x - scene.min_x
        h = scene.max_y - scene.min_y
        margin = 0.06 * size * ss
        scale = (size * ss - 2 * margin) / max(w, h, 1e-6)
        ox = margin + ((size * ss - 2 * margin) - w * scale) / 2 - scene.min_x * scale
        oy = margin + ((size * ss - 2 * margin) - h * scale) / 2 - scene.min_y * scale
        fills: dict[tuple[str, int], tuple[int, int, int]] = {}
        line_w = max(1, round(scale * 0.05))
        for op in scene.ops:
            kind = op[0]
            if kind == "f":
                key = (op[1], op[2])
                fill = fills.get(key)
                if fill is None:
                    c = _shade(op[1], SHADES[op[2]])
                    fill = fills[key] = (int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16))
                draw.polygon([(x * scale + ox, y * scale + oy) for x, y in op[3]], fill=fill, outline=fill)
            elif kind == "e":
                c = _shade(op[1], 0.45)
                edge = (int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16))
                for a, b in op[2]:
                    draw.line(
                        [(a[0] * scale + ox, a[1] * scale + oy), (b[0] * scale + ox, b[1] * scale + oy)],
                        fill=edge,
                        width=line_w,
                    )
            elif kind == "s":
                rx = STUD_R * 1.414 * C * scale
                ry = STUD_R * 1.414 * S * scale
                x, y = op[2] * scale + ox, (op[3] - 0.08) * scale + oy
                if rx >= 1.5:
                    c = _shade(op[1], STUD_SHADE)
                    draw.ellipse(
                        [x - rx, y - ry, x + rx, y + ry],
                        fill=(int(c[1:3], 16), int(c[3:5], 16), int(c[5:7], 16)),
                    )
    img = img.resize((size, size), Image.LANCZOS)
    out = io.BytesIO()
    img.save(out, format="PNG", optimize=True)
    return out.getvalue()
