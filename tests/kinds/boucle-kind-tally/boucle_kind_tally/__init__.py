"""The tally design kind: a design is a list of named counters; the kit says which names exist and their price.

It implements every hook of ``boucle.studio.kinds.base.DesignKind`` in the simplest way, so the studio's tests
can run a whole design's life (kit, design, revisions, BOM, fork, suggestions, import and export) through a
kind the studio does not know, loaded from its entry point.
"""

import io
from decimal import Decimal
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from pydantic import BaseModel, ConfigDict, Field

from boucle.studio.kinds.base import BomLine, Change, DesignKind, Format, ImportRefused, Metric, Problem

MAX_COUNTERS = 500


class Counter(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1, max_length=40, pattern=r"^[A-Za-z0-9_-]+$")
    name: str = Field(min_length=1, max_length=60)
    count: int = Field(ge=0, le=1_000_000)


class TallyContent(BaseModel):
    model_config = ConfigDict(extra="forbid")

    counters: list[Counter] = Field(default_factory=list, max_length=MAX_COUNTERS)


class KitItem(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1, max_length=60)
    price: Decimal = Field(ge=0, max_digits=10, decimal_places=2)
    stock: int | None = Field(default=None, ge=0)


class TallyKit(BaseModel):
    model_config = ConfigDict(extra="forbid")

    items: list[KitItem] = Field(min_length=1, max_length=200)
    max_total: int = Field(default=1000, ge=1)


TALLY_FORMAT = Format(
    name="tally",
    label="Tally (.tally)",
    extensions=(".tally", ".txt"),
    media_type="text/plain",
    max_bytes=100_000,
)


def _items(kit: dict) -> dict[str, dict]:
    return {item["name"]: item for item in kit.get("items", [])}


def _by_name(content: dict) -> dict[str, int]:
    totals: dict[str, int] = {}
    for counter in content.get("counters", []):
        totals[counter["name"]] = totals.get(counter["name"], 0) + counter["count"]
    return totals


class TallyKind(DesignKind):
    name = "tally"
    label = "Tally"
    content_schema = TallyContent
    kit_schema = TallyKit
    editor_template = "boucle_kind_tally/editor.html"
    gallery_metrics = ("total", "price")
    importers = (TALLY_FORMAT,)
    exporters = (TALLY_FORMAT,)

    def empty_content(self) -> dict:
        return {"counters": []}

    def elements(self, content: dict) -> dict[str, str]:
        return {c["id"]: f"{c['name']} ({c['id']})" for c in content.get("counters", [])}

    def validate(self, content: dict, kit: dict) -> list[Problem]:
        problems, seen = [], set()
        items = _items(kit)
        for counter in content.get("counters", []):
            if counter["id"] in seen:
                problems.append(
                    Problem(
                        "duplicate_id", _("Two counters have the id %s.") % counter["id"], (counter["id"],)
                    )
                )
            seen.add(counter["id"])
            if counter["name"] not in items:
                problems.append(
                    Problem("not_in_kit", _("“%s” is not in the kit.") % counter["name"], (counter["id"],))
                )
            if counter["count"] == 0:
                problems.append(
                    Problem(
                        "empty",
                        _("The counter “%s” is at zero.") % counter["name"],
                        (counter["id"],),
                        "warning",
                    )
                )
        total = sum(c["count"] for c in content.get("counters", []))
        if total > kit.get("max_total", 1000):
            problems.append(
                Problem(
                    "too_many",
                    _("%(total)d in all: the kit allows %(max)d.")
                    % {"total": total, "max": kit.get("max_total", 1000)},
                    tuple(c["id"] for c in content.get("counters", [])),
                )
            )
        return problems

    def bill_of_materials(self, content: dict, kit: dict) -> list[BomLine]:
        items = _items(kit)
        lines = []
        for name, quantity in sorted(_by_name(content).items()):
            item = items.get(name)
            price = Decimal(str(item["price"])) if item else None
            lines.append(
                BomLine(
                    key=f"item:{name}",
                    part=name,
                    name=name.capitalize(),
                    quantity=Decimal(quantity),
                    unit_price=price,
                    total_price=price * quantity if price is not None else None,
                    stock=Decimal(item["stock"]) if item and item.get("stock") is not None else None,
                    in_kit=item is not None,
                )
            )
        return lines

    def metrics(self, content: dict, kit: dict) -> list[Metric]:
        bom = self.bill_of_materials(content, kit)
        return [
            Metric("total", _("Total count"), sum(int(line.quantity) for line in bom)),
            Metric(
                "price", _("Price"), sum((line.total_price or Decimal(0) for line in bom), Decimal(0)), "€"
            ),
            Metric("counters", _("Counters"), len(content.get("counters", [])), sortable=False),
        ]

    def diff(self, old: dict, new: dict, kit: dict) -> list[Change]:
        before = {c["id"]: c for c in old.get("counters", [])}
        after = {c["id"]: c for c in new.get("counters", [])}
        changes = []
        for cid, c in after.items():
            if cid not in before:
                changes.append(Change("added", cid, _("Added %(name)s: %(count)d") % c))
            elif before[cid] != c:
                changes.append(
                    Change(
                        "changed",
                        cid,
                        _("%(name)s: %(old)d → %(new)d")
                        % {"name": c["name"], "old": before[cid]["count"], "new": c["count"]},
                    )
                )
        for cid, c in before.items():
            if cid not in after:
                changes.append(Change("removed", cid, _("Removed %(name)s") % c))
        return changes

    def render_svg(self, content: dict, kit: dict) -> str:
        counters = content.get("counters", [])[:50]
        top = max([c["count"] for c in counters] or [1]) or 1
        bars = "".join(
            f'<rect x="{10 + i * 20}" y="{110 - 100 * c["count"] // top}" width="16" height="{100 * c["count"] // top}" '
            f'fill="#4a7"><title>{escape(c["name"])}: {c["count"]}</title></rect>'
            for i, c in enumerate(counters)
        )
        width = 20 + 20 * max(len(counters), 1)
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 120" width="{width}" height="120">'
            f"{bars}</svg>"
        )

    def render_png(self, content: dict, kit: dict, *, size: int = 400) -> bytes:
        from PIL import Image, ImageDraw

        image = Image.new("RGB", (size, size), "white")
        draw = ImageDraw.Draw(image)
        counters = content.get("counters", [])[:50]
        top = max([c["count"] for c in counters] or [1]) or 1
        width = max(1, size // max(len(counters), 1))
        for i, c in enumerate(counters):
            height = (size - 10) * c["count"] // top
            draw.rectangle([i * width + 1, size - height, (i + 1) * width - 2, size - 1], fill=(68, 170, 119))
        out = io.BytesIO()
        image.save(out, format="PNG")
        return out.getvalue()

    def import_file(self, fmt: str, data: bytes, kit: dict) -> dict:
        if fmt != "tally":
            raise ImportRefused(_("Tally imports only its own text format."))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ImportRefused(_("The file is not UTF-8 text.")) from None
        counters = []
        for number, raw in enumerate(text.splitlines(), start=1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            name, _sep, count = line.rpartition(" ")
            if not name.strip() or not count.isdigit():
                raise ImportRefused(
                    _("Line %(n)d: expected “name count”, got “%(line)s”.") % {"n": number, "line": line[:60]}
                )
            if len(counters) >= MAX_COUNTERS:
                raise ImportRefused(
                    _("Line %(n)d: at most %(max)d counters.") % {"n": number, "max": MAX_COUNTERS}
                )
            counters.append(
                {
                    "id": f"c{len(counters) + 1}",
                    "name": name.strip()[:60],
                    "count": min(int(count), 1_000_000),
                }
            )
        return {"counters": counters}

    def export_file(self, fmt: str, content: dict, kit: dict, *, title: str, attribution: list[str]) -> bytes:
        lines = [f"# {title}", *(f"# {line}" for line in attribution)]
        lines += [f"{c['name']} {c['count']}" for c in content.get("counters", [])]
        return ("\n".join(lines) + "\n").encode("utf-8")

    def demo_kit(self) -> dict:
        return {
            "items": [
                {"name": "apple", "price": "0.50", "stock": 100},
                {"name": "pear", "price": "0.70", "stock": 10},
                {"name": "plum", "price": "0.20"},
            ],
            "max_total": 1000,
        }

    def demo_designs(self) -> list[tuple[str, dict]]:
        return [
            (
                "Fruit basket",
                {
                    "counters": [
                        {"id": "c1", "name": "apple", "count": 3},
                        {"id": "c2", "name": "pear", "count": 2},
                    ]
                },
            ),
            ("Plum jam", {"counters": [{"id": "c1", "name": "plum", "count": 40}]}),
        ]


kind = TallyKind()
