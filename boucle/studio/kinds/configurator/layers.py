"""Draw the demo kit's transparent layer images (flat drawings of an e-bike's parts) with Pillow.

    .venv/bin/python -m boucle.studio.kinds.configurator.layers

writes static/studio/configurator/velomotive/<choice id>.png (and base.png), 800 × 500 RGBA each, which the
kit's choices name as their layers. The same geometry for every frame, so any wheels, paint or carrier sits on
any frame. Run it again after changing a drawing, and commit the PNGs.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

from .catalog import FOLDER, GROUPS
from .render import STATIC

W, H = 800, 500
REAR, FRONT = (250, 330), (590, 330)
BB = (400, 360)
SEAT = (372, 175)
HEAD_TOP, HEAD_BOTTOM = (556, 185), (570, 235)
FRAME = (58, 61, 66, 255)
STEEL = (150, 155, 160, 255)
BLACK = (28, 28, 30, 255)
WOOD = (176, 128, 74, 255)
PAINTS = {
    "paint-graphite": (70, 72, 78, 255),
    "paint-sage": (131, 160, 120, 255),
    "paint-ochre": (204, 150, 42, 255),
    "paint-signal": (200, 36, 40, 255),
    "paint-ice": (120, 180, 214, 255),
    "paint-raw": (196, 200, 204, 255),
}
WHEEL_RADIUS = {"wheels-20": 70, "wheels-24": 80, "wheels-26": 87, "wheels-275": 92, "wheels-29": 98}


def _canvas():
    image = Image.new("RGBA", (W, H), (0, 0, 0, 0))
    return image, ImageDraw.Draw(image)


def _circle(d, centre, r, **kw):
    d.ellipse((centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), **kw)


def _wheel(d, centre, r):
    _circle(d, centre, r, outline=BLACK, width=11)
    _circle(d, centre, r - 9, outline=STEEL, width=3)
    for k in range(12):
        import math

        a = k * math.pi / 6
        d.line(
            (centre, (centre[0] + (r - 10) * math.cos(a), centre[1] + (r - 10) * math.sin(a))),
            fill=STEEL,
            width=1,
        )
    _circle(d, centre, 6, fill=STEEL)


def draw(choice_id: str) -> Image.Image:
    image, d = _canvas()
    if choice_id == "base":  # drivetrain, saddle, cockpit
        _circle(d, BB, 24, outline=STEEL, width=5)
        d.line((BB[0], BB[1] - 24, REAR[0], REAR[1] - 10), fill=BLACK, width=3)
        d.line((BB[0], BB[1] + 24, REAR[0], REAR[1] + 10), fill=BLACK, width=3)
        d.line((BB, (BB[0] + 22, BB[1] + 38)), fill=STEEL, width=6)
        d.line((SEAT, (SEAT[0] - 8, SEAT[1] - 30)), fill=STEEL, width=7)
        d.rounded_rectangle((SEAT[0] - 45, SEAT[1] - 42, SEAT[0] + 25, SEAT[1] - 28), radius=7, fill=BLACK)
        d.line((HEAD_TOP, (HEAD_TOP[0] - 10, HEAD_TOP[1] - 40)), fill=STEEL, width=7)
        d.line(
            ((HEAD_TOP[0] - 10, HEAD_TOP[1] - 40), (HEAD_TOP[0] - 45, HEAD_TOP[1] - 48)), fill=BLACK, width=8
        )
    elif choice_id in WHEEL_RADIUS:
        for centre in (REAR, FRONT):
            _wheel(d, centre, WHEEL_RADIUS[choice_id])
    elif choice_id.startswith("frame-"):
        d.line((BB, REAR), fill=FRAME, width=9)
        d.line(((SEAT[0] + 4, SEAT[1] + 20), REAR), fill=FRAME, width=8)
        d.line((HEAD_BOTTOM, FRONT), fill=FRAME, width=9)
        if choice_id in ("frame-diamond", "frame-porteur"):
            d.line(((SEAT[0] + 3, SEAT[1] + 18), (HEAD_TOP[0], HEAD_TOP[1] + 8)), fill=FRAME, width=12)
        if choice_id == "frame-step":
            d.line(((BB[0] + 6, BB[1] - 60), (HEAD_BOTTOM[0] - 8, HEAD_BOTTOM[1] + 5)), fill=FRAME, width=12)
        if choice_id == "frame-longtail":
            d.line(((SEAT[0] + 2, 258), (80, 258)), fill=FRAME, width=9)
            d.line(((80, 258), (REAR[0] - 150, REAR[1])), fill=FRAME, width=7)
            d.line(((REAR[0] - 150, REAR[1]), REAR), fill=FRAME, width=7)
        if choice_id == "frame-porteur":
            d.line(((HEAD_BOTTOM[0], 262), (770, 262)), fill=FRAME, width=10)
            d.line(((770, 262), (770, 300)), fill=FRAME, width=8)
    elif choice_id in PAINTS:
        colour = PAINTS[choice_id]
        d.line((HEAD_BOTTOM, BB), fill=colour, width=16)
        d.line((SEAT, BB), fill=colour, width=13)
        d.line((HEAD_TOP, HEAD_BOTTOM), fill=colour, width=16)
        _circle(d, BB, 10, fill=colour)
    elif choice_id == "motor-hub-250":
        _circle(d, REAR, 24, fill=(90, 94, 100, 255), outline=BLACK, width=3)
    elif choice_id.startswith("motor-mid"):
        grow = {"motor-mid-250": 0, "motor-mid-500": 5, "motor-mid-750": 10}[choice_id]
        d.rounded_rectangle(
            (BB[0] - 32 - grow, BB[1] - 30 - grow, BB[0] + 30 + grow, BB[1] + 26),
            radius=10,
            fill=(40, 44, 50, 255),
            outline=STEEL,
            width=2,
        )
    elif choice_id.startswith("bat-"):
        length = {"bat-400": 120, "bat-500": 140, "bat-625": 160, "bat-750": 180, "bat-1250": 180}[choice_id]
        x0, y0 = HEAD_BOTTOM[0] - 25, HEAD_BOTTOM[1] + 5
        x1, y1 = x0 - length * 0.8, y0 + length * 0.6
        d.line(((x0, y0 - 14), (x1, y1 - 14)), fill=BLACK, width=20)
        d.line(((x0 - 8, y0 - 20), (x0 - 30, y0 - 4)), fill=(90, 200, 120, 255), width=4)
        if choice_id == "bat-1250":
            d.line(((SEAT[0] + 8, SEAT[1] + 40), (BB[0] - 2, BB[1] - 50)), fill=BLACK, width=18)
    elif choice_id.startswith("brakes-"):
        caliper = {"brakes-mech": STEEL, "brakes-hydraulic": BLACK, "brakes-4piston": (212, 160, 30, 255)}
        for centre in (REAR, FRONT):
            _circle(d, centre, 20, outline=(185, 188, 192, 255), width=4)
            d.rounded_rectangle(
                (centre[0] + 8, centre[1] - 28, centre[0] + 24, centre[1] - 12),
                radius=3,
                fill=caliper[choice_id],
            )
    elif choice_id.startswith("fenders-"):
        colour = BLACK if choice_id == "fenders-plastic" else (190, 194, 198, 255)
        for centre in (REAR, FRONT):
            r = 108
            d.arc(
                (centre[0] - r, centre[1] - r, centre[0] + r, centre[1] + r), 200, 340, fill=colour, width=6
            )
    elif choice_id == "front-basket":
        d.rounded_rectangle(
            (590, 140, 670, 200), radius=6, fill=(196, 150, 90, 255), outline=(120, 80, 40, 255), width=3
        )
        for x in range(600, 670, 12):
            d.line(((x, 142), (x, 198)), fill=(150, 105, 55, 255), width=2)
    elif choice_id == "front-rack":
        d.line(((575, 205), (690, 205)), fill=STEEL, width=6)
        d.line(((680, 205), (FRONT[0] + 10, FRONT[1])), fill=STEEL, width=4)
    elif choice_id == "front-box":
        d.polygon(((600, 150), (780, 150), (770, 258), (612, 258)), fill=WOOD, outline=(110, 70, 30, 255))
        d.line(((606, 200), (776, 200)), fill=(140, 95, 50, 255), width=3)
    elif choice_id == "rear-rack":
        d.line(((150, 212), (SEAT[0] - 5, 212)), fill=STEEL, width=6)
        d.line(((170, 212), REAR), fill=STEEL, width=4)
    elif choice_id == "rear-deck":
        d.rounded_rectangle((70, 236, 360, 252), radius=5, fill=WOOD, outline=(110, 70, 30, 255))
        d.line(((120, 300), (200, 300)), fill=STEEL, width=6)
    elif choice_id.startswith("lights-"):
        beam = {"lights-dynamo": 60, "lights-basic": 90, "lights-bright": 160}[choice_id]
        lamp = (HEAD_TOP[0] + 14, HEAD_TOP[1] + 4)
        d.polygon(
            (
                lamp,
                (lamp[0] + beam * 1.4, lamp[1] + beam * 0.9),
                (lamp[0] + beam * 1.4, lamp[1] + beam * 1.5),
            ),
            fill=(255, 236, 140, 110),
        )
        _circle(d, lamp, 9, fill=(250, 250, 235, 255), outline=BLACK, width=2)
        d.rounded_rectangle((REAR[0] - 88, 214, REAR[0] - 72, 226), radius=3, fill=(220, 30, 30, 255))
        if choice_id == "lights-dynamo":
            _circle(d, FRONT, 10, fill=(120, 120, 120, 255))
    elif choice_id == "acc-child-seat":
        d.rounded_rectangle((200, 140, 300, 206), radius=14, fill=(60, 110, 190, 255), outline=BLACK, width=2)
        d.rounded_rectangle((190, 110, 214, 206), radius=8, fill=(60, 110, 190, 255), outline=BLACK, width=2)
    elif choice_id == "acc-rain-cover":
        d.chord(
            (596, 80, 784, 230), 180, 360, fill=(150, 200, 240, 120), outline=(80, 130, 180, 255), width=2
        )
    elif choice_id == "acc-double-stand":
        d.line(((BB[0] - 10, BB[1] + 10), (BB[0] - 40, 440)), fill=BLACK, width=6)
        d.line(((BB[0] + 10, BB[1] + 10), (BB[0] + 40, 440)), fill=BLACK, width=6)
    elif choice_id == "acc-lock":
        _circle(d, (REAR[0] + 40, REAR[1] - 48), 16, outline=(230, 180, 30, 255), width=6)
    elif choice_id == "acc-phone":
        d.rounded_rectangle(
            (HEAD_TOP[0] - 40, HEAD_TOP[1] - 82, HEAD_TOP[0] - 18, HEAD_TOP[1] - 46),
            radius=4,
            fill=BLACK,
            outline=STEEL,
            width=2,
        )
    elif choice_id == "acc-hitch":
        d.line((REAR, (REAR[0] - 120, REAR[1] + 4)), fill=STEEL, width=6)
        _circle(d, (REAR[0] - 124, REAR[1] + 4), 8, outline=BLACK, width=4)
    return image


def write_all(folder: Path | None = None) -> list[Path]:
    folder = folder or STATIC / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    ids = ["base"] + [choice[0] for group in GROUPS for choice in group[5]]
    written = []
    for choice_id in ids:
        path = folder / f"{choice_id}.png"
        draw(choice_id).save(path, "PNG", optimize=True)
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path)
