"""Demo data of the orders app, called by ``boucle.demo.seed`` after the realizations: members order the demo
offers, each organization's producer confirms payments and moves orders along, refunds some (in part and in
full), and the organization pays one contributor part of what it owes. So every state shows on the pages, and
``boucle reconcile`` has credits, reversals and payouts to check.

Idempotent: each demo order has a fixed idempotency key per buyer (a second seed returns the first orders and
does nothing more); the payout has a fixed reference. Everything goes through the services.
"""

from decimal import Decimal

from django.utils.translation import gettext as _

from boucle.core.errors import BoucleError

# What becomes of each demo order of an organization, in this order (the buyer's quantity in brackets).
STORIES = [
    ("placed", 1),
    ("paid", 1),
    ("in_production", 2),
    ("shipped", 1),
    ("delivered", 1),
    ("partly_refunded", 3),
    ("refunded", 1),
    ("refunded_after_shipping", 1),
    ("cancelled", 1),
]
DEMO_ADDRESS = {
    "ship_street": "8 place de la Comédie",
    "ship_postcode": "34000",
    "ship_city": "Montpellier",
    "ship_country": "FR",
}
PAYOUT_SHARE = Decimal("0.5")  # of what the organization owes its first contributor


def _producer(organization):
    from boucle.orgs.models import Membership, Role

    membership = (
        Membership.objects.filter(organization=organization, role=Role.PRODUCER)
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def _buyers(people, organization) -> list:
    from boucle.orgs.models import Membership

    staff = set(Membership.objects.filter(organization=organization).values_list("user_id", flat=True))
    community = people.community if hasattr(people, "community") else list(people)
    return [m for m in community if m.pk not in staff]


def _tell(order, story: str, producer) -> None:
    from boucle.orders import services

    if story == "placed":
        return
    if story == "cancelled":
        services.order_transition(actor=order.buyer, order=order, to_state="cancelled")
        return
    services.payment_confirm(actor=producer, order=order, reference=f"VIR-{order.reference[-6:]}")
    if story in ("in_production", "shipped", "delivered"):
        services.order_transition(actor=producer, order=order, to_state="in_production")
    if story in ("shipped", "delivered", "refunded_after_shipping"):
        services.order_transition(
            actor=producer, order=order, to_state="shipped", note=_("Parcel handed to the carrier.")
        )
    if story == "delivered":
        services.order_transition(actor=order.buyer, order=order, to_state="delivered")
    order.refresh_from_db()
    if story == "partly_refunded":
        part = (order.total / 3).quantize(Decimal("0.01"))
        services.refund_create(
            actor=producer, order=order, amount=part, reason=_("One item arrived damaged.")
        )
    if story in ("refunded", "refunded_after_shipping"):
        services.refund_create(
            actor=producer, order=order, amount=order.total, reason=_("The buyer changed their mind.")
        )


def _payout(organization) -> None:
    from boucle.ledger.royalties import payout_record
    from boucle.ledger.selectors import organization_owed

    reference = f"demo-payout-{organization.slug}"[:100]
    for balance in organization_owed(organization):
        owed = balance.earned - balance.reversed - balance.paid
        amount = (owed * PAYOUT_SHARE).quantize(Decimal("0.01"))
        if amount <= 0:
            continue
        try:
            payout_record(
                organization=organization,
                member=balance.member,
                currency=balance.currency,
                amount=amount,
                recorded_by=organization.created_by,
                reference=reference,
            )
        except BoucleError:
            pass  # already recorded by an earlier seed (the reference is unique)
        return


def seed_orders(*, orgs, people) -> int:
    """``orgs``: the demo's organizations (``OrgContext`` or Organizations); ``people``: the seed's People (or
    a list of members). Returns how many orders were placed."""
    from boucle.orders import services
    from boucle.orders.models import Order
    from boucle.realization.models import Offer, OfferStatus

    placed = 0
    for ctx in orgs:
        organization = getattr(ctx, "org", ctx)
        producer = _producer(organization)
        offers = list(
            Offer.objects.filter(realization__organization=organization, status=OfferStatus.ACTIVE)
            .select_related("realization")
            .order_by("id")
        )
        buyers = _buyers(people, organization)
        if producer is None or not offers or not buyers:
            continue
        for n, (story, quantity) in enumerate(STORIES):
            buyer = buyers[n % len(buyers)]
            offer = offers[n % len(offers)]
            key = f"demo-{organization.slug}-{n}"[:100]
            if Order.objects.filter(buyer=buyer, idempotency_key=key).exists():
                continue
            if offer.stock < quantity:
                continue
            services.cart_item_set(actor=buyer, offer=offer, quantity=quantity)
            # Only this offer in the cart: a member's own cart is left as it was otherwise.
            kept = list(buyer.cart.items.exclude(offer=offer).values_list("offer_id", "quantity"))
            buyer.cart.items.exclude(offer=offer).delete()
            (order,) = services.checkout(
                actor=buyer,
                address={**DEMO_ADDRESS, "ship_name": buyer.name},
                idempotency_key=key,
                note=_("Demo order."),
            )
            for offer_id, q in kept:
                buyer.cart.items.create(offer_id=offer_id, quantity=q)
            _tell(order, story, producer)
            placed += 1
            offer.refresh_from_db()
        _payout(organization)
    return placed
