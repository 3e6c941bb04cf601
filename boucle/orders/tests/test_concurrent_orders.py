"""Fifty buyers order the last ten units at the same moment: exactly ten orders, never an oversold offer
(SQLite and PostgreSQL; each thread has its own connection)."""

import threading

import pytest
from django.db import connection, connections

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import Conflict
from boucle.orders.models import Order, OrderLine
from boucle.orders.services import cart_item_add, checkout
from boucle.orders.tests.factories import ADDRESS, make_offer
from boucle.realization.models import Offer

BUYERS = 50
STOCK = 10


@pytest.mark.django_db(transaction=True)
def test_fifty_buyers_against_a_stock_of_ten_make_exactly_ten_orders():
    # given an offer with 10 units and 50 members with one unit each in their cart
    offer = make_offer(stock=STOCK)
    buyers = [UserFactory() for _ in range(BUYERS)]
    for buyer in buyers:
        cart_item_add(actor=buyer, offer=offer, quantity=1)
    start = threading.Barrier(BUYERS)
    placed, refused, errors = [], [], []

    def order(buyer, n):
        try:
            start.wait(timeout=60)
            placed.extend(checkout(actor=buyer, address=ADDRESS, idempotency_key=f"race-{n}"))
        except Conflict as refusal:
            refused.append(str(refusal.message))
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(repr(error))
        finally:
            connections.close_all()  # each thread had its own connection

    # when they all check out from their own thread at once
    threads = [threading.Thread(target=order, args=(b, n)) for n, b in enumerate(buyers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    # then
    assert errors == []
    assert len(placed) == STOCK
    assert len(refused) == BUYERS - STOCK
    assert all("out of stock" in message for message in refused)
    assert Order.objects.count() == STOCK
    assert sum(OrderLine.objects.values_list("quantity", flat=True)) == STOCK
    assert Offer.objects.get(pk=offer.pk).stock == 0
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db(transaction=True)
def test_the_same_checkout_sent_several_times_at_once_places_one_order():
    # given a cart of 2 units, and the same submission sent from 5 threads (a double click, retries)
    offer = make_offer(stock=STOCK)
    buyer = UserFactory()
    cart_item_add(actor=buyer, offer=offer, quantity=2)
    start = threading.Barrier(5)
    results, errors = [], []

    def submit():
        try:
            start.wait(timeout=60)
            results.append(
                [o.pk for o in checkout(actor=buyer, address=ADDRESS, idempotency_key="one-click")]
            )
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # then every submission got the same single order, and two units left the stock
    assert errors == []
    assert len(results) == 5 and len({tuple(r) for r in results}) == 1
    assert Order.objects.count() == 1
    assert Offer.objects.get(pk=offer.pk).stock == STOCK - 2
