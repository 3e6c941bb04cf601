"""Bill of materials and metrics of a brick model.

One line per (part, colour), keyed "part/colour" with the kit's ids ("3001/4"). Free-placed parts are
counted too: their LDraw number and colour code are mapped to the kit's part and colour when the kit has
them (so a free-placed red 2 × 4 brick joins the "3001/4" line), and otherwise keep the LDraw number and
code ("4624/15"). A line the kit does not offer has ``in_kit=False`` and no price; the member sees exactly
what the kit lacks. Lines come by quantity, largest first, then by key.
"""

from __future__ import annotations

import math
from collections import Counter
from decimal import Decimal
from itertools import compress

from django.utils.translation import gettext as _

from ..base import BomLine, Metric
from .geometry import Catalogue, boxes, free_box


def _counts(content: dict, cat: Catalogue) -> Counter:
    counts: Counter = Counter()
    parts = content.get("parts", ())
    if parts:
        counts.update([(p["part"], p["colour"]) for p in parts])
    free = content.get("free", ())
    if free:
        by_part = cat.part_by_ldraw
        counts.update(
            (by_part.get(f["ldraw"].lower(), f["ldraw"]), cat.colour_of_code(f["colour"])) for f in free
        )
    return counts


def bill_of_materials(content: dict, kit: dict) -> list[BomLine]:
    cat = Catalogue(kit)
    return _lines(_counts(content, cat), cat)


def _lines(counts: Counter, cat: Catalogue) -> list[BomLine]:
    lines = []
    for (part, colour), qty in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        quantity = Decimal(qty)
        item = cat.items.get((part, colour))
        if item is not None:
            unit_price = Decimal(str(item["price"]))
            stock = item.get("stock")
            lines.append(
                BomLine(
                    key=f"{part}/{colour}",
                    part=part,
                    name=cat.part_label(part),
                    variant=cat.colour_label(colour),
                    quantity=quantity,
                    unit="pcs",
                    unit_price=unit_price,
                    total_price=unit_price * quantity,
                    stock=None if stock is None else Decimal(stock),
                    in_kit=True,
                )
            )
        else:
            lines.append(
                BomLine(
                    key=f"{part}/{colour}",
                    part=part,
                    name=cat.part_label(part),
                    variant=cat.colour_label(colour),
                    quantity=quantity,
                    unit="pcs",
                    in_kit=False,
                )
            )
    return lines


def metrics(content: dict, kit: dict) -> list[Metric]:
    cat = Catalogue(kit)
    counts = _counts(content, cat)
    lines = _lines(counts, cat)
    pieces = sum(counts.values())
    price = sum((line.total_price for line in lines if line.total_price is not None), Decimal(0))
    distinct = len({part for part, _colour in counts})

    # bounding size: placed parts, and free-placed ones by the box they fill (rounded out to whole studs)
    b = boxes(content.get("parts", []), cat)
    k = b.known
    lo_x, hi_x, lo_y, hi_y, lo_z, hi_z = [], [], [], [], [], []
    if any(k):
        lo_x.append(min(compress(b.x0, k)))
        hi_x.append(max(compress(b.x1, k)))
        lo_y.append(min(compress(b.y0, k)))
        hi_y.append(max(compress(b.y1, k)))
        lo_z.append(min(compress(b.z0, k)))
        hi_z.append(max(compress(b.z1, k)))
    for f in content.get("free", ()):
        (x0, x1, y0, y1, z0, z1), _known = free_box(f, cat)
        lo_x.append(math.floor(x0 + 1e-6))
        hi_x.append(math.ceil(x1 - 1e-6))
        lo_y.append(math.floor(y0 + 1e-6))
        hi_y.append(math.ceil(y1 - 1e-6))
        lo_z.append(math.floor(z0 + 1e-6))
        hi_z.append(math.ceil(z1 - 1e-6))
    if lo_x:
        width = max(hi_x) - min(lo_x)
        depth = max(hi_y) - min(lo_y)
        height = max(hi_z) - min(0, min(lo_z))  # from the ground
    else:
        width = depth = height = 0

    weights = {p["id"]: p.get("weight") for p in cat.parts.values()}
    weight = None
    if any(w is not None for w in weights.values()):
        weight = 0.0
        for (part, _colour), qty in counts.items():
            w = weights.get(part)
            if w is not None:
                weight += w * qty
        weight = round(weight, 2)

    currency = cat.kit.get("currency", "EUR")
    return [
        Metric("pieces", _("Pieces"), pieces),
        Metric("price", _("Price"), price.quantize(Decimal("0.01")), unit=currency),
        Metric("distinct_parts", _("Distinct parts"), distinct),
        Metric("width", _("Width"), width, unit=_("studs")),
        Metric("depth", _("Depth"), depth, unit=_("studs")),
        Metric("height", _("Height"), height, unit=_("plates")),
        Metric("weight", _("Weight"), weight, unit="g"),
    ]
