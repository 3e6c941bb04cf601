"""The demo's orders: every state, partial and full refunds and a payout, all reconciled; a second seed adds
nothing."""

import pytest
from django.core.management import call_command

from boucle.demo.seed import seed
from boucle.ledger.models import EntryKind, JournalEntry
from boucle.orders.models import Order, OrderState, Refund
from boucle.orders.reconcile import reconcile


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed(scale=1)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_demo_holds_orders_in_every_state_and_they_reconcile(seeded):
    states = set(Order.objects.values_list("state", flat=True))
    assert set(OrderState.values) <= states
    partial = Order.objects.filter(refunded_amount__gt=0).exclude(state=OrderState.REFUNDED)
    assert partial.exists()
    assert Refund.objects.filter(order__state=OrderState.REFUNDED).exists()
    assert JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()
    assert JournalEntry.objects.filter(kind=EntryKind.REVERSAL).exists()
    result = reconcile()
    assert result.problems == []
    assert result.paid_lines >= 6


@pytest.mark.django_db
def test_seeding_again_places_no_order(seeded):
    counts = (Order.objects.count(), JournalEntry.objects.count())
    seed(scale=1)
    assert (Order.objects.count(), JournalEntry.objects.count()) == counts
