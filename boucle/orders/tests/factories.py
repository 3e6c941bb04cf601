"""Offers, carts and orders built through the services, as members would make them.

offer = make_offer(stock=10, price="24.00")                # a kit on sale by a new producer's organization
order = make_order(buyer=alice, offer=offer, quantity=2)   # placed (checkout of a cart holding 2 units)
order = make_order(buyer=alice, offer=offer, paid=True)    # and its payment confirmed by the producer
"""

from decimal import Decimal

from boucle.accounts.tests.factories import UserFactory
from boucle.orders.services import cart_item_add, checkout, new_idempotency_key, payment_confirm
from boucle.realization.models import OfferKind
from boucle.realization.services import offer_create
from boucle.realization.tests.factories import make_realization

ADDRESS = {
    "ship_name": "Alice Martin",
    "ship_street": "12 rue des Lilas",
    "ship_postcode": "69001",
    "ship_city": "Lyon",
    "ship_country": "FR",
}


def make_offer(*, stock=10, price="24.00", realization=None, title="The castle kit", kind=OfferKind.KIT):
    realization = realization or make_realization()
    producer = realization.adopted_by
    offer = offer_create(
        actor=producer, realization=realization, title=title, price=price, stock=stock, kind=kind
    )
    offer.producer = producer
    return offer


def producer_of(offer):
    return offer.realization.adopted_by


def make_order(*, buyer=None, offer=None, quantity=1, paid=False, key=None):
    buyer = buyer or UserFactory()
    offer = offer or make_offer()
    cart_item_add(actor=buyer, offer=offer, quantity=quantity)
    (order,) = checkout(actor=buyer, address=ADDRESS, idempotency_key=key or new_idempotency_key())
    if paid:
        payment_confirm(actor=producer_of(offer), order=order)
        order.refresh_from_db()
    return order


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))
