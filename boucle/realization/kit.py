"""The kit of a realization: the bill of materials of its frozen revision, priced and stocked by the technology's
current kit — the box of exactly the right bricks, the ingredient pack for a batch, the parts of a configuration.

The frozen revision never changes; the kit (prices, stock) does, with each new kit revision of the technology.
So the lines are the kind's ``bill_of_materials`` of the frozen content against the **current** kit of the same
kind (the revision's own kit when the technology has none of that kind any more, and the BOM stored with the
revision when the kind is not installed). A kind that can scale a design to another batch size (the recipes
kind's ``scale``) gives the pack for that batch.

A production run of ``quantity`` units needs each line's quantity × ``quantity``; a line is short when the kit
lacks it or its stock (when the kit keeps one) is below that.
"""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from boucle.studio import evaluation as ev
from boucle.studio.registry import find_kind

MAX_BATCH = 100_000  # litres, the recipes schema's limit


def _dec(value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


@dataclass(frozen=True)
class KitLine:
    key: str
    part: str
    name: str
    variant: str
    quantity: Decimal  # for one unit (one model, one batch)
    unit: str
    unit_price: Decimal | None
    total_price: Decimal | None
    stock: Decimal | None
    in_kit: bool

    def need(self, units: int) -> Decimal:
        return self.quantity * units

    def short_for(self, units: int) -> bool:
        return not self.in_kit or (self.stock is not None and self.stock < self.need(units))

    @property
    def label(self) -> str:
        return f"{self.name}, {self.variant}" if self.variant else self.name


@dataclass
class KitView:
    lines: list = field(default_factory=list)
    kit: object = None  # studio.DesignKit the prices and stock come from, or None
    scalable: bool = False  # the kind scales to a batch size (recipes)
    batch_size: float | None = None  # the batch the lines are for, when scalable
    original_batch_size: float | None = None

    @property
    def total(self) -> Decimal | None:
        prices = [line.total_price for line in self.lines if line.total_price is not None]
        return sum(prices, Decimal(0)) if prices else None

    @property
    def complete(self) -> bool:
        return all(line.in_kit and line.total_price is not None for line in self.lines)


def _line(data: dict) -> KitLine:
    return KitLine(
        key=str(data.get("key", "")),
        part=str(data.get("part", "")),
        name=str(data.get("name", "")),
        variant=str(data.get("variant", "")),
        quantity=_dec(data.get("quantity")) or Decimal(0),
        unit=str(data.get("unit", "pcs")),
        unit_price=_dec(data.get("unit_price")),
        total_price=_dec(data.get("total_price")),
        stock=_dec(data.get("stock")),
        in_kit=bool(data.get("in_kit", True)),
    )


def _kit_of(realization):
    from boucle.studio.selectors import kit_current

    current = kit_current(technology=realization.design.technology)
    if current is not None and current.kind == realization.design.kind:
        return current
    return realization.revision.kit


def kit_view(realization, *, batch_size=None) -> KitView:
    """The kit lines of ``realization`` (for ``batch_size`` litres when the kind scales; its own batch else)."""
    revision = realization.revision
    kind = find_kind(realization.design.kind)
    if kind is None:
        return KitView(lines=[_line(d) for d in revision.bom or []], kit=revision.kit)
    kit = _kit_of(realization)
    content = revision.content
    view = KitView(kit=kit)
    if hasattr(kind, "scale") and isinstance(content, dict) and content.get("batch_size"):
        view.scalable = True
        view.original_batch_size = content.get("batch_size")
        view.batch_size = view.original_batch_size
        if batch_size is not None and batch_size != view.original_batch_size:
            content = ev.kind_call(kind, "scale", content, kit.content, batch_size=float(batch_size))
            view.batch_size = float(batch_size)
    lines = ev.kind_call(kind, "bill_of_materials", content, kit.content)
    view.lines = [_line(ev.bom_line_json(line)) for line in lines]
    return view


def shortages(view: KitView, units: int) -> list[dict]:
    """The lines short for ``units`` units: [{"line": KitLine, "need": Decimal, "stock": Decimal|None}]."""
    return [
        {"line": line, "need": line.need(units), "stock": line.stock if line.in_kit else Decimal(0)}
        for line in view.lines
        if line.short_for(units)
    ]


def parse_batch(value) -> float | None:
    """A batch size from a query string: a number of litres in (0.1, MAX_BATCH], else None."""
    number = _dec(str(value).replace(",", ".")) if value not in (None, "") else None
    if number is None or number < Decimal("0.1") or number > MAX_BATCH:
        return None
    return float(number)
