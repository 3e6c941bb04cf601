"""A few small models, valid in the demo kit, for the demo data (``BricksKind.demo_designs``)."""

from __future__ import annotations

BLACK, BLUE, GREEN, RED, YELLOW, WHITE = "0", "1", "2", "4", "14", "15"
TAN, ORANGE, LIME, DARK_TAN, BROWN, LIGHT_GREY, DARK_GREY, MEDIUM_BLUE = (
    "19",
    "25",
    "27",
    "28",
    "70",
    "71",
    "72",
    "73",
)


class _Model:
    def __init__(self):
        self.parts: list[dict] = []

    def add(self, part: str, colour: str, x: int, y: int, z: int, rot: int = 0) -> _Model:
        self.parts.append(
            {
                "id": f"b{len(self.parts) + 1}",
                "part": part,
                "colour": colour,
                "x": x,
                "y": y,
                "z": z,
                "rot": rot,
            }
        )
        return self

    def content(self) -> dict:
        return {"parts": self.parts, "free": []}


def cottage() -> dict:
    m = _Model().add("3036", GREEN, 0, 0, 0)  # 8 × 6 garden
    for z, wall in ((1, WHITE), (4, WHITE), (7, TAN)):
        if z < 7:  # a door in the front wall (the one the preview shows), two courses high
            m.add("3622", wall, 0, 5, z).add("3622", wall, 5, 5, z)
        else:  # the lintel spans it
            m.add("3008", wall, 0, 5, z)
        m.add("3010", wall, 0, 0, z).add("3010", wall, 4, 0, z)
        m.add("3010", wall, 0, 1, z, rot=90).add("3010", wall, 7, 1, z, rot=90)
    m.add("3036", RED, 0, 0, 10).add("3035", RED, 0, 1, 11).add("3034", RED, 0, 2, 12)
    m.add("3005", DARK_GREY, 6, 4, 12).add("3005", DARK_GREY, 6, 4, 15)  # chimney
    return m.content()


def go_kart() -> dict:
    m = _Model()
    for x, y in ((0, 0), (4, 0), (0, 2), (4, 2)):
        m.add("3003", BLACK, x, y, 0)  # wheels
    m.add("3032", DARK_GREY, 0, 0, 3)  # chassis 6 × 4
    m.add("3020", RED, 4, 0, 4, rot=90)  # bonnet
    m.add("3068b", WHITE, 4, 1, 5)
    m.add("3003", YELLOW, 2, 1, 4)  # seat
    m.add("3005", BLACK, 0, 0, 4).add("3005", BLACK, 0, 3, 4)
    m.add("3710", RED, 0, 0, 7, rot=90)  # spoiler
    return m.content()


def lighthouse() -> dict:
    m = _Model().add("3031", BLUE, 0, 0, 0)  # the sea
    for k in range(6):
        m.add("3003", WHITE if k % 2 == 0 else RED, 1, 1, 1 + 3 * k)
    m.add("3031", DARK_GREY, 0, 0, 19)  # gallery
    m.add("3003", YELLOW, 1, 1, 20)  # lamp
    m.add("3022", RED, 1, 1, 23).add("3024", RED, 1, 1, 24)
    return m.content()


def bridge() -> dict:
    m = _Model()
    for z in (0, 3, 6):
        m.add("3003", DARK_GREY, 0, 0, z).add("3003", DARK_GREY, 6, 0, z)  # piers
    m.add("3034", LIGHT_GREY, 0, 0, 9)  # deck
    for x in (0, 2, 4, 6):
        m.add("3068b", DARK_GREY, x, 0, 10)
    return m.content()


def pine_tree() -> dict:
    m = _Model().add("3958", DARK_TAN, 0, 0, 0)
    m.add("3003", BROWN, 2, 2, 1)  # trunk
    m.add("3958", GREEN, 0, 0, 4).add("3031", GREEN, 1, 1, 5).add("3003", GREEN, 2, 2, 6)
    m.add("3022", LIME, 2, 2, 9).add("3024", YELLOW, 2, 2, 10)
    return m.content()


def demo_designs() -> list[tuple[str, dict]]:
    return [
        ("Cottage with a red roof", cottage()),
        ("Go-kart", go_kart()),
        ("Lighthouse", lighthouse()),
        ("Stone bridge", bridge()),
        ("Pine tree", pine_tree()),
    ]
