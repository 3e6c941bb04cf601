"""The payment-provider interface: another provider plugs in through the settings, its hooks are called, and
a refusal from it changes nothing."""

from decimal import Decimal

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from boucle.core.errors import InvalidInput
from boucle.orders import services
from boucle.orders.payments import PaymentProvider, payment_provider, providers_reset
from boucle.orders.tests.factories import make_order, producer_of

pytestmark = pytest.mark.django_db


class CardProvider(PaymentProvider):
    """A test provider: pays by card link, refuses refunds under 5.00."""

    slug = "card"
    name = "Card"
    calls: list = []

    def start(self, order) -> dict:
        self.calls.append(("start", order.reference))
        return {"method": "card", "text": f"Pay at https://pay.example/{order.reference}"}

    def confirm(self, *, order, amount: Decimal, reference: str = "") -> str:
        self.calls.append(("confirm", str(amount)))
        return "ch_123"

    def refund(self, *, order, amount: Decimal) -> str:
        if amount < 5:
            raise InvalidInput("The card network refuses refunds under 5.00.", field="amount")
        return "re_456"


PROVIDERS = {
    "manual": "boucle.orders.default_payments.ManualTransferProvider",
    "card": "boucle.orders.tests.test_payments.CardProvider",
}


@pytest.fixture
def card():
    CardProvider.calls = []
    providers_reset()
    with override_settings(BOUCLE_PAYMENT_PROVIDERS=PROVIDERS, BOUCLE_PAYMENT_PROVIDER="card"):
        yield
    providers_reset()


def test_a_provider_from_the_settings_takes_the_orders_payments(card, client_for):
    # when an order is placed, paid and partly refunded
    order = make_order(quantity=2, paid=True)
    # then each hook was called, and what it returned was kept
    assert order.payment_provider == "card"
    assert CardProvider.calls == [("start", order.reference), ("confirm", "48.00")]
    payment = order.payments.get()
    assert (payment.provider, payment.external_reference) == ("card", "ch_123")
    refund = services.refund_create(actor=producer_of(order.lines.get().offer), order=order, amount="10")
    assert refund.provider_reference == "re_456"


def test_a_refusal_of_the_provider_changes_nothing(card):
    order = make_order(quantity=2, paid=True)
    with pytest.raises(InvalidInput, match="refuses"):
        services.refund_create(actor=producer_of(order.lines.get().offer), order=order, amount="4.99")
    order.refresh_from_db()
    assert order.refunded_amount == 0 and not order.refunds.exists()


def test_a_provider_that_is_not_one_is_refused_with_how_to_fix_it():
    providers_reset()
    try:
        with override_settings(BOUCLE_PAYMENT_PROVIDERS={"x": "decimal.Decimal"}):
            with pytest.raises(ImproperlyConfigured, match="subclass boucle.orders.payments.PaymentProvider"):
                payment_provider("x")
    finally:
        providers_reset()
