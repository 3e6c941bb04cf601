"""The demo kit (a brick-toy maker's parts catalogue) and the LDraw colour table.

Kit part ids are the LDraw part numbers and kit colour ids the LDraw colour codes, written as strings
("3001", "4"), so a BOM line reads "3001/4" like a pick list; another kit may use any ids, since the LDraw
numbers live in their own fields (``ldraw``).

Colour values are LDraw's (LDConfig.ldr, the current LEGO-matched values for the kit colours); the prices
and stock are the demo maker's, plausible and deterministic.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

# LDraw colour code -> (name, hex RGB). The kit colours first (current LDConfig values), then the other
# common codes (seen in real models, e.g. the sample files), so an imported model that uses them is drawn in
# its real colour and named in the BOM even though the kit lacks it.
LDRAW_COLOURS: dict[int, tuple[str, str]] = {
    0: ("Black", "#1B2A34"),
    1: ("Blue", "#1E5AA8"),
    2: ("Green", "#00852B"),
    4: ("Red", "#B40000"),
    14: ("Yellow", "#FAC80A"),
    15: ("White", "#F4F4F4"),
    19: ("Tan", "#E4CD9E"),
    25: ("Orange", "#D67923"),
    27: ("Lime", "#A5CA18"),
    28: ("Dark Tan", "#958A73"),
    70: ("Reddish Brown", "#5F3109"),
    71: ("Light Bluish Grey", "#969696"),
    72: ("Dark Bluish Grey", "#646464"),
    73: ("Medium Blue", "#7396C8"),
    # other solid colours
    3: ("Dark Turquoise", "#00838F"),
    5: ("Dark Pink", "#C870A0"),
    6: ("Brown", "#583927"),
    7: ("Light Grey", "#9BA19D"),
    8: ("Dark Grey", "#6D6E5C"),
    9: ("Light Blue", "#B4D2E3"),
    10: ("Bright Green", "#4B9F4A"),
    11: ("Light Turquoise", "#55A5AF"),
    12: ("Salmon", "#F2705E"),
    13: ("Pink", "#FC97AC"),
    17: ("Light Green", "#C2DAB8"),
    18: ("Light Yellow", "#FBE696"),
    20: ("Light Violet", "#C9CAE2"),
    22: ("Purple", "#81007B"),
    23: ("Dark Blue Violet", "#2032B0"),
    26: ("Magenta", "#923978"),
    29: ("Bright Pink", "#E4ADC8"),
    30: ("Medium Lavender", "#AC78BA"),
    31: ("Lavender", "#E1D5ED"),
    68: ("Very Light Orange", "#F3CF9B"),
    69: ("Light Purple", "#CD6298"),
    74: ("Medium Green", "#73DCA1"),
    77: ("Light Pink", "#FECCCF"),
    78: ("Light Flesh", "#F6D7B3"),
    84: ("Medium Dark Flesh", "#CC702A"),
    85: ("Dark Purple", "#3F3691"),
    86: ("Dark Flesh", "#7C503A"),
    89: ("Blue Violet", "#4C61DB"),
    92: ("Flesh", "#D09168"),
    151: ("Very Light Bluish Grey", "#E6E3E0"),
    191: ("Bright Light Orange", "#F8BB3D"),
    212: ("Bright Light Blue", "#86C1E1"),
    216: ("Rust", "#B31004"),
    226: ("Bright Light Yellow", "#FFF03A"),
    232: ("Sky Blue", "#56BED6"),
    256: ("Rubber Black", "#1B2A34"),
    272: ("Dark Blue", "#0D325B"),
    288: ("Dark Green", "#184632"),
    308: ("Dark Brown", "#352100"),
    313: ("Maersk Blue", "#54A9C8"),
    320: ("Dark Red", "#720E0F"),
    321: ("Dark Azure", "#1498D7"),
    322: ("Medium Azure", "#3EC2DD"),
    323: ("Light Aqua", "#BDDCD8"),
    326: ("Yellowish Green", "#DFEEA5"),
    330: ("Olive Green", "#9B9A5A"),
    335: ("Sand Red", "#D67572"),
    351: ("Medium Dark Pink", "#F785B1"),
    366: ("Earth Orange", "#FA9C1C"),
    373: ("Sand Purple", "#845E84"),
    378: ("Sand Green", "#A0BCAC"),
    379: ("Sand Blue", "#597184"),
    450: ("Fabuland Brown", "#B67B50"),
    462: ("Medium Orange", "#FFA70B"),
    484: ("Dark Orange", "#A95500"),
    503: ("Very Light Grey", "#E6E3DA"),
    # transparent, chrome, metallic (drawn opaque)
    33: ("Trans Dark Blue", "#0020A0"),
    34: ("Trans Green", "#237841"),
    35: ("Trans Bright Green", "#56E646"),
    36: ("Trans Red", "#C91A09"),
    37: ("Trans Dark Pink", "#DF6695"),
    38: ("Trans Neon Orange", "#FF800D"),
    39: ("Trans Very Light Blue", "#C1DFF0"),
    40: ("Trans Black", "#635F52"),
    41: ("Trans Medium Blue", "#559AB7"),
    42: ("Trans Neon Green", "#C0FF00"),
    43: ("Trans Light Blue", "#AEE9EF"),
    44: ("Trans Light Purple", "#96709F"),
    45: ("Trans Pink", "#FC97AC"),
    46: ("Trans Yellow", "#F5CD2F"),
    47: ("Trans Clear", "#FCFCFC"),
    52: ("Trans Purple", "#A5A5CB"),
    54: ("Trans Neon Yellow", "#DAB000"),
    57: ("Trans Orange", "#F08F1C"),
    60: ("Chrome Antique Brass", "#645A4C"),
    61: ("Chrome Blue", "#6C96BF"),
    62: ("Chrome Green", "#3CB371"),
    63: ("Chrome Pink", "#AA4D8E"),
    64: ("Chrome Black", "#1B2A34"),
    80: ("Metallic Silver", "#A5A9B4"),
    82: ("Metallic Gold", "#8C5C20"),
    135: ("Pearl Light Grey", "#9CA3A8"),
    297: ("Pearl Gold", "#CC9C2B"),
    334: ("Chrome Gold", "#BBA53D"),
    383: ("Chrome Silver", "#E0E0E0"),
}

# (LDraw number, name, width (x), depth (y), height in plates, studs on top, weight in grams)
_DEMO_PARTS: list[tuple[str, str, int, int, int, bool, float]] = [
    ("3005", "Brick 1 × 1", 1, 1, 3, True, 0.43),
    ("3004", "Brick 1 × 2", 2, 1, 3, True, 0.80),
    ("3622", "Brick 1 × 3", 3, 1, 3, True, 1.23),
    ("3010", "Brick 1 × 4", 4, 1, 3, True, 1.67),
    ("3009", "Brick 1 × 6", 6, 1, 3, True, 2.38),
    ("3008", "Brick 1 × 8", 8, 1, 3, True, 3.05),
    ("3003", "Brick 2 × 2", 2, 2, 3, True, 1.17),
    ("3002", "Brick 2 × 3", 3, 2, 3, True, 1.70),
    ("3001", "Brick 2 × 4", 4, 2, 3, True, 2.32),
    ("2456", "Brick 2 × 6", 6, 2, 3, True, 3.30),
    ("3007", "Brick 2 × 8", 8, 2, 3, True, 4.30),
    ("3024", "Plate 1 × 1", 1, 1, 1, True, 0.17),
    ("3023", "Plate 1 × 2", 2, 1, 1, True, 0.37),
    ("3623", "Plate 1 × 3", 3, 1, 1, True, 0.53),
    ("3710", "Plate 1 × 4", 4, 1, 1, True, 0.70),
    ("3666", "Plate 1 × 6", 6, 1, 1, True, 1.03),
    ("3460", "Plate 1 × 8", 8, 1, 1, True, 1.33),
    ("3022", "Plate 2 × 2", 2, 2, 1, True, 0.68),
    ("3021", "Plate 2 × 3", 3, 2, 1, True, 0.98),
    ("3020", "Plate 2 × 4", 4, 2, 1, True, 1.29),
    ("3795", "Plate 2 × 6", 6, 2, 1, True, 1.90),
    ("3034", "Plate 2 × 8", 8, 2, 1, True, 2.50),
    ("3031", "Plate 4 × 4", 4, 4, 1, True, 2.53),
    ("3032", "Plate 4 × 6", 6, 4, 1, True, 3.70),
    ("3035", "Plate 4 × 8", 8, 4, 1, True, 4.80),
    ("3958", "Plate 6 × 6", 6, 6, 1, True, 5.40),
    ("3036", "Plate 6 × 8", 8, 6, 1, True, 7.20),
    ("3070b", "Tile 1 × 1", 1, 1, 1, False, 0.14),
    ("3069b", "Tile 1 × 2", 2, 1, 1, False, 0.33),
    ("63864", "Tile 1 × 3", 3, 1, 1, False, 0.49),
    ("2431", "Tile 1 × 4", 4, 1, 1, False, 0.65),
    ("3068b", "Tile 2 × 2", 2, 2, 1, False, 0.62),
]

_DEMO_COLOURS = [0, 1, 2, 4, 14, 15, 19, 25, 27, 28, 70, 71, 72, 73]
_TILE_COLOURS = {0, 1, 4, 14, 15, 71, 72}  # tiles come in fewer colours
_RARE_COLOURS = {25, 27, 28, 73}  # dearer, and stocked thinner


def _price(width: int, depth: int, height: int, code: int) -> Decimal:
    """About €0.05 for a 1 × 1 plate and €0.23 for a 2 × 4 brick; rarer colours cost 10% more."""
    price = Decimal("0.04") + Decimal("0.008") * width * depth * height
    if code in _RARE_COLOURS:
        price *= Decimal("1.1")
    return price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _stock(ldraw: str, code: int) -> int:
    digits = int("".join(ch for ch in ldraw if ch.isdigit()))
    stock = (digits * 37 + code * 101) % 1900 + 100
    if code in _RARE_COLOURS:
        stock //= 4
    if (ldraw, code) in {("3007", 27), ("3036", 73), ("2456", 28)}:
        stock = 0  # a few items sold out, so the BOM shows what availability looks like
    return stock


def demo_kit() -> dict:
    """The kit of the demo brick-toy maker: 32 bricks, plates and tiles in 14 colours."""
    parts = [
        {
            "id": num,
            "name": name,
            "ldraw": num,
            "width": w,
            "depth": d,
            "height": h,
            "studs": studs,
            "weight": g,
        }
        for num, name, w, d, h, studs, g in _DEMO_PARTS
    ]
    colours = [
        {"id": str(code), "name": LDRAW_COLOURS[code][0], "ldraw": code, "rgb": LDRAW_COLOURS[code][1]}
        for code in _DEMO_COLOURS
    ]
    items = []
    for num, _name, w, d, h, studs, _g in _DEMO_PARTS:
        for code in _DEMO_COLOURS:
            if not studs and code not in _TILE_COLOURS:
                continue
            items.append(
                {
                    "part": num,
                    "colour": str(code),
                    "price": str(_price(w, d, h, code)),
                    "stock": _stock(num, code),
                }
            )
    return {
        "currency": "EUR",
        "parts": parts,
        "colours": colours,
        "items": items,
        "limits": {"max_x": 48, "max_y": 48, "max_z": 150, "max_parts": 5000},
    }
