"""Reads of the orders app: the cart with its totals, a buyer's orders, an organization's orders."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from boucle.core.errors import NotFound
from boucle.orders.models import ZERO, CartItem, Order, OrderEvent, OrderState, Payment


@dataclass
class CartGroup:
    """The cart's items sold by one organization: they become one order at checkout."""

    organization: object
    currency: str
    items: list = field(default_factory=list)
    total: Decimal = ZERO
    problems: list[str] = field(default_factory=list)


def cart_items(*, member) -> QuerySet[CartItem]:
    return (
        CartItem.objects.filter(cart__owner=member)
        .select_related("offer__realization__organization", "offer__realization__project")
        .order_by("id")
    )


def cart_groups(*, member) -> list[CartGroup]:
    """The cart by selling organization, each with its total in its currency and what would stop checkout
    (a withdrawn offer, not enough stock)."""
    groups: dict[int, CartGroup] = {}
    for item in cart_items(member=member):
        offer = item.offer
        organization = offer.realization.organization
        group = groups.setdefault(
            organization.pk, CartGroup(organization=organization, currency=offer.currency)
        )
        item.line_total = offer.price * item.quantity
        group.items.append(item)
        group.total += item.line_total
        if not offer.is_active:
            group.problems.append(_("“%(title)s” is withdrawn.") % {"title": offer.title})
        elif offer.stock < item.quantity:
            group.problems.append(
                _("Only %(stock)d of “%(title)s” left.") % {"stock": offer.stock, "title": offer.title}
            )
    return list(groups.values())


def cart_count(*, member) -> int:
    if member is None or not member.is_authenticated:
        return 0
    return sum(CartItem.objects.filter(cart__owner=member).values_list("quantity", flat=True))


def _with_details(orders: QuerySet[Order]) -> QuerySet[Order]:
    return orders.select_related("organization", "buyer").prefetch_related("lines")


def orders_of_buyer(*, buyer) -> QuerySet[Order]:
    return _with_details(Order.objects.filter(buyer=buyer)).order_by("-created_at", "-id")


def orders_of_seller(*, organization, state: str | None = None, query: str = "") -> QuerySet[Order]:
    """The organization's orders, newest first; ``state`` filters, ``query`` searches the reference, the
    buyer's name or username, the name on the address and the lines' titles."""
    orders = Order.objects.filter(organization=organization)
    if state in OrderState.values:
        orders = orders.filter(state=state)
    query = " ".join((query or "").replace("\x00", "").split())[:100]
    if query:
        orders = orders.filter(
            Q(reference__icontains=query)
            | Q(buyer__username__icontains=query)
            | Q(buyer__display_name__icontains=query)
            | Q(ship_name__icontains=query)
            | Q(lines__title__icontains=query)
        ).distinct()
    return _with_details(orders).order_by("-created_at", "-id")


def order_state_counts(*, organization) -> dict[str, int]:
    from django.db.models import Count

    rows = Order.objects.filter(organization=organization).values("state").annotate(n=Count("id"))
    counts = {state: 0 for state in OrderState.values}
    counts.update({row["state"]: row["n"] for row in rows})
    return counts


def order_full(orders: QuerySet[Order]) -> QuerySet[Order]:
    """An order page: its lines (and their offers), history with actors, payments and refunds."""
    return orders.select_related("organization", "buyer").prefetch_related(
        "lines__offer",
        "lines__project",
        Prefetch("events", queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "id")),
        Prefetch("payments", queryset=Payment.objects.select_related("confirmed_by").order_by("id")),
        "refunds__lines",
    )


def order_for_buyer(*, user, reference: str) -> Order:
    """The buyer's own order (site staff see any); ``NotFound`` otherwise, whether or not it exists."""
    reference = (reference or "").replace("\x00", "").strip()
    if user is None or not user.is_authenticated:
        raise NotFound(_("This order does not exist."))
    orders = Order.objects.filter(reference=reference)
    if not user.is_staff:
        orders = orders.filter(buyer=user)
    order = order_full(orders).first()
    if order is None:
        raise NotFound(_("This order does not exist."))
    return order


def order_for_seller(*, user, organization, reference: str) -> Order:
    """One of the organization's orders, for its producers and owners (and site staff); ``NotFound`` for
    anyone else and for unknown references."""
    from boucle.orders.services import is_seller

    reference = (reference or "").replace("\x00", "").strip()
    if not is_seller(user=user, organization=organization):
        raise NotFound(_("This order does not exist."))
    order = order_full(Order.objects.filter(reference=reference, organization=organization)).first()
    if order is None:
        raise NotFound(_("This order does not exist."))
    return order


def order_for_actor(*, user, reference: str) -> Order:
    """An order its buyer or its seller may act on (the API's transition, payment and refund paths)."""
    from boucle.orders.services import order_roles

    reference = (reference or "").replace("\x00", "").strip()
    order = order_full(Order.objects.filter(reference=reference)).first()
    if order is None or not order_roles(user=user, order=order):
        raise NotFound(_("This order does not exist."))
    return order


def pending_instructions(order) -> dict | None:
    """What the buyer must still do to pay (the provider's instructions), or None once paid or cancelled."""
    if order.state != OrderState.PLACED:
        return None
    for payment in order.payments.all():
        if payment.status == "pending":
            return payment.instructions
    return None
