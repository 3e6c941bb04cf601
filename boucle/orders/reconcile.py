"""The reconciliation of orders with the royalty ledger (``boucle reconcile``).

``reconcile()`` runs the ledger's own check (every entry balances, every split matches its snapshot) and then
checks every order against the journal:

- an order's total is the sum of its lines; what was paid is its confirmed payment; what was refunded is the
  sum of its refunds, and of its lines' refunded amounts, never more than what was paid;
- every paid line has exactly one royalty credit, for this line (its source), in the order's organization and
  currency, on the line's project, with net = the line's total, rate = the line's royalty percent and
  pool = net × rate rounded to the cent (the split of the pool is the ledger check's);
- every refund line of a credited line has its reversal, of its amount, reversing that credit;
- an order never paid has no credit.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db.models import Sum

from boucle.orders.models import ZERO, Order, OrderLine, OrderState, PaymentStatus, RefundLine


@dataclass
class Reconciliation:
    problems: list[str] = field(default_factory=list)
    orders: int = 0
    paid_lines: int = 0
    refund_lines: int = 0
    entries: int = 0
    royalties: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))  # currency -> pool
    reversed: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    @property
    def ok(self) -> bool:
        return not self.problems


def reconcile() -> Reconciliation:
    from boucle.ledger.maths import pool_amount
    from boucle.ledger.models import EntryKind, JournalEntry
    from boucle.orders import royalty

    result = Reconciliation(problems=list(royalty.ledger_check()))
    result.entries = JournalEntry.objects.count()
    line_type = ContentType.objects.get_for_model(OrderLine)
    refund_type = ContentType.objects.get_for_model(RefundLine)
    credits = {
        e.source_id: e
        for e in JournalEntry.objects.filter(kind=EntryKind.CREDIT, source_type=line_type).order_by("id")
    }
    reversals = {
        e.source_id: e
        for e in JournalEntry.objects.filter(kind=EntryKind.REVERSAL, source_type=refund_type).order_by("id")
    }
    orders = Order.objects.prefetch_related("lines__refund_lines", "payments", "refunds").order_by("id")
    for order in orders.iterator(chunk_size=200):
        result.orders += 1
        label = f"Order {order.reference}"
        lines = list(order.lines.all())
        if sum((line.line_total for line in lines), ZERO) != order.total:
            result.problems.append(f"{label}: its total {order.total} is not the sum of its lines.")
        confirmed = [p for p in order.payments.all() if p.status == PaymentStatus.CONFIRMED]
        paid = sum((p.amount for p in confirmed), ZERO)
        if paid != order.paid_amount:
            result.problems.append(
                f"{label}: paid {order.paid_amount}, but its confirmed payments say {paid}."
            )
        refunded = sum((r.amount for r in order.refunds.all()), ZERO)
        if refunded != order.refunded_amount:
            result.problems.append(
                f"{label}: refunded {order.refunded_amount}, but its refunds say {refunded}."
            )
        if order.refunded_amount > order.paid_amount:
            result.problems.append(
                f"{label}: refunded {order.refunded_amount}, more than paid {order.paid_amount}."
            )
        if order.state == OrderState.REFUNDED and order.refunded_amount != order.paid_amount:
            result.problems.append(
                f"{label} is refunded but only {order.refunded_amount} of {order.paid_amount} was."
            )
        for line in lines:
            line_label = f"{label}, line {line.pk} ({line.title})"
            credit = credits.get(line.pk)
            if line.royalty_percent is None:
                if credit is not None:
                    result.problems.append(f"{line_label} was never paid but has royalty credit {credit.pk}.")
                continue
            result.paid_lines += 1
            if credit is None:
                result.problems.append(f"{line_label} is paid but has no royalty credit.")
                continue
            snapshot = credit.snapshot or {}
            expected_pool = pool_amount(line.line_total, line.royalty_percent)
            checks = [
                (credit.organization_id == order.organization_id, "another organization"),
                (credit.currency == order.currency, f"currency {credit.currency}, not {order.currency}"),
                (credit.project_id == line.project_id, "another project"),
                (
                    _dec(snapshot.get("net_amount")) == line.line_total,
                    f"net {snapshot.get('net_amount')}, not {line.line_total}",
                ),
                (
                    _dec(snapshot.get("rate_percent")) == line.royalty_percent,
                    f"rate {snapshot.get('rate_percent')}, not {line.royalty_percent}",
                ),
                (credit.amount == expected_pool, f"pool {credit.amount}, not {expected_pool} (net × rate)"),
            ]
            for good, what in checks:
                if not good:
                    result.problems.append(f"{line_label}: its royalty credit {credit.pk} has {what}.")
            result.royalties[order.currency] += credit.amount
            line_refunded = ZERO
            for refund_line in line.refund_lines.all():
                result.refund_lines += 1
                line_refunded += refund_line.amount
                reversal = reversals.get(refund_line.pk)
                if reversal is None:
                    result.problems.append(
                        f"{line_label}: refund line {refund_line.pk} has no royalty reversal."
                    )
                    continue
                if reversal.reverses_id != credit.pk:
                    result.problems.append(
                        f"{line_label}: reversal {reversal.pk} reverses entry {reversal.reverses_id}, not {credit.pk}."
                    )
                if _dec((reversal.snapshot or {}).get("net_amount")) != refund_line.amount:
                    result.problems.append(
                        f"{line_label}: reversal {reversal.pk} takes back net "
                        f"{(reversal.snapshot or {}).get('net_amount')}, not the refunded {refund_line.amount}."
                    )
                result.reversed[order.currency] += reversal.amount
            if line_refunded != line.refunded_amount:
                result.problems.append(
                    f"{line_label}: refunded {line.refunded_amount}, but its refund lines say {line_refunded}."
                )
    stray = RefundLine.objects.filter(line__royalty_percent__isnull=True).aggregate(n=Sum("amount"))["n"]
    if stray:
        result.problems.append(f"Refunds of {stray} were made on lines that were never paid.")
    return result


def _dec(value):
    try:
        return Decimal(str(value))
    except ArithmeticError:
        return None
