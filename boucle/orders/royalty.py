"""The orders app's one door to the royalty ledger (``boucle.ledger.royalties``): every call goes through here.

- ``credit_line(line)``: a paid order line credits its project's royalty pool (net = the line's total, at the
  seller's royalty percent, split by the project's influence shares). Idempotent per line.
- ``reverse_refund_line(refund_line)``: a refund takes back its share of the line's royalties.
"""

from decimal import Decimal


def credit_line(*, line, rate_percent: Decimal):
    from boucle.ledger.royalties import royalty_credit

    order = line.order
    return royalty_credit(
        organization=order.organization,
        currency=order.currency,
        project=line.project,
        net_amount=line.line_total,
        rate_percent=rate_percent,
        source=line,
        memo=f"{order.reference} · {line.title}"[:200],
    )


def reverse_refund_line(*, refund_line):
    from boucle.ledger.royalties import royalty_reverse

    return royalty_reverse(
        original_source=refund_line.line, source=refund_line, net_amount=refund_line.amount
    )


def ledger_check() -> list[str]:
    from boucle.ledger.royalties import ledger_check as check

    return check()
