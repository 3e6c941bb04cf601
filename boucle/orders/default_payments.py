"""Boucle's built-in payment provider: a bank transfer confirmed by a person (no payment network needed)."""

from decimal import Decimal

from django.utils.translation import gettext as _

from boucle.core.errors import InvalidInput
from boucle.orders.payments import PaymentProvider


class ManualTransferProvider(PaymentProvider):
    """The buyer pays by transfer quoting the order's reference; a producer of the selling organization or
    site staff confirms the payment when it arrives. Only the exact amount is accepted."""

    slug = "manual"
    name = "Bank transfer (confirmed by the seller)"

    def start(self, order) -> dict:
        return {
            "method": "transfer",
            "reference": order.reference,
            "amount": str(order.total),
            "currency": order.currency,
            "payee": order.organization.name,
        }

    def confirm(self, *, order, amount: Decimal, reference: str = "") -> str:
        if amount != order.total:
            raise InvalidInput(
                _("The payment must be the order's total: %(total)s %(currency)s.")
                % {"total": order.total, "currency": order.currency},
                field="amount",
            )
        return reference or order.reference

    def refund(self, *, order, amount: Decimal) -> str:
        return f"{order.reference}-R"
