"""JSON API of the orders app: the cart, checkout (with an ``Idempotency-Key`` header), the buyer's orders,
the seller's orders, state transitions, payment confirmation and refunds. Same services as the pages."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, Header, Query, Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.core.errors import NotFound
from boucle.orders import selectors, services
from boucle.orders.models import OrderState
from boucle.orgs.selectors import object_or_404

router = Router(tags=["orders"])


class CartItemOut(Schema):
    offer: int
    title: str
    project: str = Field(description="The slug of the project the offer realizes.")
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    currency: str
    stock: int
    active: bool


class CartGroupOut(Schema):
    organization: str = Field(description="The selling organization's slug: one order each at checkout.")
    currency: str
    total: Decimal
    items: list[CartItemOut]
    problems: list[str] = Field(
        description="What would stop the checkout (a withdrawn offer, not enough stock)."
    )


class CartOut(Schema):
    groups: list[CartGroupOut]


class CartItemIn(Schema):
    offer: int = Field(ge=1, le=2**62)
    quantity: int = Field(1, description="1 to 1000; added to what the cart already holds.")


class QuantityIn(Schema):
    quantity: int = Field(description="0 takes the offer out of the cart.")


class CheckoutIn(Schema):
    ship_name: str = Field(max_length=200)
    ship_street: str = Field(max_length=300)
    ship_postcode: str = Field(max_length=50)
    ship_city: str = Field(max_length=200)
    ship_country: str = Field(max_length=10, description="Two-letter code (ISO 3166): FR, BE, DE...")
    note: str = Field("", max_length=500)


class OrderLineOut(Schema):
    id: int
    offer: int
    project: str
    title: str
    quantity: int
    unit_price: Decimal
    line_total: Decimal
    refunded_amount: Decimal
    royalty_percent: Decimal | None


class OrderEventOut(Schema):
    from_state: str
    to_state: str
    actor: str | None = Field(description="The username of who made the change; None for the platform.")
    note: str
    created_at: datetime


class OrderOut(Schema):
    reference: str
    buyer: str
    organization: str
    currency: str
    state: OrderState
    total: Decimal
    paid_amount: Decimal
    refunded_amount: Decimal
    created_at: datetime

    @staticmethod
    def resolve_buyer(obj):
        return obj["buyer"] if isinstance(obj, dict) else obj.buyer.username

    @staticmethod
    def resolve_organization(obj):
        return obj["organization"] if isinstance(obj, dict) else obj.organization.slug


class RefundOut(Schema):
    id: int
    amount: Decimal
    currency: str
    reason: str
    created_at: datetime


class OrderDetailOut(OrderOut):
    ship_name: str
    ship_street: str
    ship_postcode: str
    ship_city: str
    ship_country: str
    note: str
    lines: list[OrderLineOut]
    events: list[OrderEventOut]
    refunds: list[RefundOut]
    payment_instructions: dict | None = Field(
        description="While unpaid: how to pay (for the manual provider: method, reference, amount, currency, payee)."
    )


class TransitionIn(Schema):
    to_state: Literal["in_production", "shipped", "delivered", "cancelled"]
    note: str = Field("", max_length=500)


class PaymentIn(Schema):
    amount: Decimal | None = Field(None, description="Defaults to the order's total.")
    reference: str = Field("", max_length=120, description="The bank's reference of the payment.")


class RefundIn(Schema):
    amount: Decimal
    reason: str = Field("", max_length=500)
    line: int | None = Field(
        None, ge=1, le=2**62, description="Refund on this line only; else shared over the lines."
    )


class SellerFilter(Schema):
    state: OrderState | None = None
    q: str = Field("", max_length=100, description="Reference, buyer, name on the address, offer title.")


def _cart_out(member) -> dict:
    return {
        "groups": [
            {
                "organization": group.organization.slug,
                "currency": group.currency,
                "total": group.total,
                "problems": group.problems,
                "items": [
                    {
                        "offer": item.offer_id,
                        "title": item.offer.title,
                        "project": item.offer.realization.project.slug,
                        "quantity": item.quantity,
                        "unit_price": item.offer.price,
                        "line_total": item.line_total,
                        "currency": item.offer.currency,
                        "stock": item.offer.stock,
                        "active": item.offer.is_active,
                    }
                    for item in group.items
                ],
            }
            for group in selectors.cart_groups(member=member)
        ]
    }


def _order_out(order) -> dict:
    return {
        "reference": order.reference,
        "buyer": order.buyer.username,
        "organization": order.organization.slug,
        "currency": order.currency,
        "state": order.state,
        "total": order.total,
        "paid_amount": order.paid_amount,
        "refunded_amount": order.refunded_amount,
        "created_at": order.created_at,
    }


def _order_detail_out(order) -> dict:
    order = selectors.order_full(type(order).objects.filter(pk=order.pk)).get()
    return {
        **_order_out(order),
        **{
            f: getattr(order, f)
            for f in ("ship_name", "ship_street", "ship_postcode", "ship_city", "ship_country")
        },
        "note": order.note,
        "lines": [
            {
                "id": line.pk,
                "offer": line.offer_id,
                "project": line.project.slug,
                "title": line.title,
                "quantity": line.quantity,
                "unit_price": line.unit_price,
                "line_total": line.line_total,
                "refunded_amount": line.refunded_amount,
                "royalty_percent": line.royalty_percent,
            }
            for line in order.lines.all()
        ],
        "events": [
            {
                "from_state": e.from_state,
                "to_state": e.to_state,
                "actor": e.actor.username if e.actor else None,
                "note": e.note,
                "created_at": e.created_at,
            }
            for e in order.events.all()
        ],
        "refunds": list(order.refunds.all()),
        "payment_instructions": selectors.pending_instructions(order),
    }


def _offer(offer_id: int):
    from boucle.realization.models import Offer

    offer = Offer.objects.filter(pk=offer_id).first()
    if offer is None:
        raise NotFound(_("This offer does not exist."), field="offer")
    return offer


@router.get("/cart", response=CartOut, summary="My cart, by selling organization")
def cart_detail(request):
    return _cart_out(request.user)


@router.post("/cart/items", response=CartOut, summary="Add an offer to my cart")
@ratelimit(key="user_or_ip", rate="60/m", method="POST", group="orders-cart")
def cart_item_add(request, payload: CartItemIn):
    services.cart_item_add(actor=request.user, offer=_offer(payload.offer), quantity=payload.quantity)
    return _cart_out(request.user)


@router.put("/cart/items/{int:offer_id}", response=CartOut, summary="Set the quantity of an offer in my cart")
def cart_item_set(request, offer_id: int, payload: QuantityIn):
    services.cart_item_set(actor=request.user, offer=_offer(offer_id), quantity=payload.quantity)
    return _cart_out(request.user)


@router.delete("/cart/items/{int:offer_id}", response=CartOut, summary="Take an offer out of my cart")
def cart_item_remove(request, offer_id: int):
    services.cart_item_remove(actor=request.user, offer=_offer(offer_id))
    return _cart_out(request.user)


@router.post(
    "/cart/checkout",
    response={200: list[OrderDetailOut], 201: list[OrderDetailOut]},
    summary="Order my cart: one order per selling organization",
)
@ratelimit(key="user_or_ip", rate="20/m", method="POST", group="orders-checkout")
def checkout(
    request,
    payload: CheckoutIn,
    idempotency_key: str = Header(
        ...,
        alias="Idempotency-Key",
        max_length=100,
        description="Unique per submission (a UUID): sending the same key again returns the first orders (200).",
    ),
):
    """Takes the stock of every line and empties the cart, or changes nothing: out of stock, a withdrawn
    offer, an empty cart or a bad address is a 409/400 with the reason."""
    key = services.clean_idempotency_key(idempotency_key)
    replay = (
        bool(services.orders_of_submission(buyer=request.user, idempotency_key=key))
        if request.user.is_authenticated
        else False
    )
    orders = services.checkout(
        actor=request.user,
        address=payload.dict(exclude={"note"}),
        idempotency_key=key,
        note=payload.note,
    )
    return Status(200 if replay else 201, [_order_detail_out(o) for o in orders])


@router.get("/orders", response=list[OrderOut], summary="My orders, newest first")
@paginate(Pagination)
def order_list(request):
    return selectors.orders_of_buyer(buyer=request.user)


@router.get("/orders/{reference}", response=OrderDetailOut, summary="An order (its buyer or its seller)")
def order_detail(request, reference: str):
    return _order_detail_out(selectors.order_for_actor(user=request.user, reference=reference))


@router.post(
    "/orders/{reference}/transitions", response=OrderDetailOut, summary="Move an order to its next state"
)
def order_transition(request, reference: str, payload: TransitionIn):
    """The seller: in_production, shipped; the buyer or the seller: cancelled (before payment), delivered.
    Paid and refunded come from the payment and refund endpoints."""
    order = selectors.order_for_actor(user=request.user, reference=reference)
    order = services.order_transition(
        actor=request.user, order=order, to_state=payload.to_state, note=payload.note
    )
    return _order_detail_out(order)


@router.post("/orders/{reference}/payment", response=OrderDetailOut, summary="Confirm an order's payment")
def payment_confirm(request, reference: str, payload: PaymentIn):
    """A producer of the selling organization or site staff. Unknown order: 404; already paid: 409."""
    order = selectors.order_for_actor(user=request.user, reference=reference)
    services.payment_confirm(
        actor=request.user, order=order, amount=payload.amount, reference=payload.reference
    )
    return _order_detail_out(order)


@router.post(
    "/orders/{reference}/refunds", response={201: RefundOut}, summary="Refund all or part of an order"
)
def refund_create(request, reference: str, payload: RefundIn):
    """The seller. Never more than what remains paid (400); an unpaid order: 409."""
    order = selectors.order_for_actor(user=request.user, reference=reference)
    refund = services.refund_create(
        actor=request.user, order=order, amount=payload.amount, reason=payload.reason, line=payload.line
    )
    return Status(201, refund)


@router.get("/orgs/{slug}/orders", response=list[OrderOut], summary="An organization's orders (its sellers)")
@paginate(Pagination)
def seller_order_list(request, slug: str, filters: Query[SellerFilter]):
    from boucle.orgs.models import Organization

    organization = object_or_404(Organization.objects.all(), slug=slug)
    if not services.is_seller(user=request.user, organization=organization):
        raise NotFound(_("Not found."))
    return selectors.orders_of_seller(organization=organization, state=filters.state, query=filters.q)
