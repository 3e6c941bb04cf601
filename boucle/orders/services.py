"""Writes of the orders app: the cart, checkout, order states, payments and refunds.

Every write checks who acts (the buyer, a seller — a producer or owner of the selling organization —, or site
staff) and raises a domain error with nothing changed when it cannot be done. Stock moves only through
conditional UPDATEs, so concurrent buyers never oversell:
``Offer.objects.filter(pk=..., status="active", stock__gte=q).update(stock=F("stock") - q)`` either takes the
units or changes nothing (PostgreSQL re-checks the condition on the locked row; SQLite transactions begin
IMMEDIATE, one writer at a time).
"""

import re
import secrets
import uuid
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.orders import royalty, states
from boucle.orders.models import (
    ZERO,
    Cart,
    CartItem,
    Order,
    OrderEvent,
    OrderLine,
    OrderState,
    Payment,
    PaymentStatus,
    Refund,
    RefundLine,
)
from boucle.orders.payments import payment_provider

MAX_QUANTITY = 1000
MAX_AMOUNT = Decimal("9999999999.99")
CENT = Decimal("0.01")
IDEMPOTENCY_KEY_MAX = 100
_KEY_RE = re.compile(r"^[A-Za-z0-9._:\-]{1,100}$")
_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
_COUNTRY_RE = re.compile(r"^[A-Z]{2}$")

ADDRESS_FIELDS = {
    "ship_name": 120,
    "ship_street": 200,
    "ship_postcode": 20,
    "ship_city": 120,
    "ship_country": 2,
}


# ---------------------------------------------------------------------------------------------- who acts


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Please log in first."))


def is_seller(*, user, organization) -> bool:
    """A producer or owner of the organization, or site staff: sees and handles its orders."""
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    return org_has_role(user=user, organization=organization, roles=[Role.PRODUCER, Role.OWNER])


def can_confirm_payment(*, user, organization) -> bool:
    """A producer of the selling organization, or site staff (issue 7: "a manual payment is confirmed by a
    producer of the selling organization or by site staff")."""
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    return org_has_role(user=user, organization=organization, roles=[Role.PRODUCER])


def order_roles(*, user, order) -> set[str]:
    """``{"buyer"}``, ``{"seller"}``, both, or nothing: what ``user`` is to ``order``."""
    roles = set()
    if user is None or not getattr(user, "is_authenticated", False):
        return roles
    if order.buyer_id == user.pk:
        roles.add(states.BUYER)
    if is_seller(user=user, organization=order.organization):
        roles.add(states.SELLER)
    return roles


# ---------------------------------------------------------------------------------------------- input


def clean_quantity(value) -> int:
    """A whole number of units from 1 to MAX_QUANTITY, else ``InvalidInput`` naming the field."""
    try:
        quantity = int(str(value).strip())
    except (TypeError, ValueError):
        raise InvalidInput(_("The quantity is a whole number."), field="quantity") from None
    if quantity < 1:
        raise InvalidInput(_("The quantity must be at least 1."), field="quantity")
    if quantity > MAX_QUANTITY:
        raise InvalidInput(_("At most %(max)d units at once.") % {"max": MAX_QUANTITY}, field="quantity")
    return quantity


def clean_amount(value, *, field: str = "amount") -> Decimal:
    """A positive amount of money with at most two decimals (``"12.5"`` → ``Decimal("12.50")``)."""
    try:
        amount = Decimal(str(value).strip().replace(",", "."))
    except (InvalidOperation, ValueError):
        raise InvalidInput(_("Write an amount such as 12.50."), field=field) from None
    if not amount.is_finite():
        raise InvalidInput(_("Write an amount such as 12.50."), field=field)
    if amount <= 0:
        raise InvalidInput(_("The amount must be more than zero."), field=field)
    if amount > MAX_AMOUNT:
        raise InvalidInput(_("This amount is too large."), field=field)
    if amount != amount.quantize(CENT):
        raise InvalidInput(_("An amount has at most two decimals."), field=field)
    return amount.quantize(CENT)


def clean_idempotency_key(value) -> str:
    key = (value or "").strip()
    if not _KEY_RE.match(key):
        raise InvalidInput(
            _("The idempotency key is 1 to 100 letters, digits, dots, dashes, colons or underscores."),
            field="idempotency_key",
        )
    return key


def new_idempotency_key() -> str:
    return uuid.uuid4().hex


def clean_address(data: dict) -> dict:
    """The shipping address, stripped and checked: every field required, the country a two-letter code."""
    labels = {
        "ship_name": _("name"),
        "ship_street": _("street and number"),
        "ship_postcode": _("postcode"),
        "ship_city": _("city"),
        "ship_country": _("country"),
    }
    cleaned, errors = {}, {}
    for field, max_length in ADDRESS_FIELDS.items():
        value = " ".join(str(data.get(field) or "").replace("\x00", "").split())
        if field == "ship_country":
            value = value.upper()
        if not value:
            errors[field] = [_("Please give the %(field)s.") % {"field": labels[field]}]
        elif len(value) > max_length:
            errors[field] = [_("At most %(max)d characters.") % {"max": max_length}]
        elif field == "ship_country" and not _COUNTRY_RE.match(value):
            errors[field] = [_("The country is a two-letter code such as FR, BE or DE.")]
        cleaned[field] = value
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, errors=errors)
    return cleaned


# ---------------------------------------------------------------------------------------------- cart


def _offer_buyable(offer) -> None:
    from boucle.realization.models import OfferStatus

    if offer is None or offer.status != OfferStatus.ACTIVE:
        raise Conflict(_("This offer is withdrawn: it can no longer be ordered."), field="offer")


def cart_for(member) -> Cart:
    cart, _created = Cart.objects.get_or_create(owner=member)
    return cart


@transaction.atomic
def cart_item_add(*, actor, offer, quantity=1) -> CartItem:
    """Put ``quantity`` more units of ``offer`` in the actor's cart (one line per offer). Checks the quantity
    and that the offer is on sale; the stock is checked (and taken) at checkout."""
    _require_member(actor)
    quantity = clean_quantity(quantity)
    _offer_buyable(offer)
    cart = cart_for(actor)
    item = CartItem.objects.select_for_update().filter(cart=cart, offer=offer).first()
    if item is None:
        item = CartItem.objects.create(cart=cart, offer=offer, quantity=quantity)
    else:
        item.quantity = clean_quantity(item.quantity + quantity)
        item.save(update_fields=["quantity"])
    Cart.objects.filter(pk=cart.pk).update(updated_at=timezone.now())
    return item


@transaction.atomic
def cart_item_set(*, actor, offer, quantity) -> CartItem | None:
    """Set the quantity of ``offer`` in the actor's cart; 0 takes it out (returns None)."""
    _require_member(actor)
    try:
        if int(str(quantity).strip()) == 0:
            cart_item_remove(actor=actor, offer=offer)
            return None
    except (TypeError, ValueError):
        pass
    quantity = clean_quantity(quantity)
    _offer_buyable(offer)
    cart = cart_for(actor)
    item, created = CartItem.objects.get_or_create(cart=cart, offer=offer, defaults={"quantity": quantity})
    if not created:
        item.quantity = quantity
        item.save(update_fields=["quantity"])
    return item


@transaction.atomic
def cart_item_remove(*, actor, offer) -> bool:
    _require_member(actor)
    deleted, _rows = CartItem.objects.filter(cart__owner=actor, offer=offer).delete()
    return bool(deleted)


# ---------------------------------------------------------------------------------------------- checkout


def _new_reference() -> str:
    while True:
        reference = "BCL-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
        if not Order.objects.filter(reference=reference).exists():
            return reference


# Members of the European Union, for offers that ship to "EU".
EU_COUNTRIES = frozenset(
    "AT BE BG CY CZ DE DK EE ES FI FR GR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK".split()
)
WORLDWIDE = frozenset({"WORLD", "WORLDWIDE", "*"})


def ships_to(offer, country: str) -> bool:
    """Whether ``offer`` ships to ``country`` (a two-letter code): no regions listed means anywhere; a region
    is a country code, "EU" or "WORLD"."""
    regions = {str(r).strip().upper() for r in (offer.shipping_regions or [])}
    if not regions or regions & WORLDWIDE or country in regions:
        return True
    return "EU" in regions and country in EU_COUNTRIES


def _stock_take(offer, quantity: int) -> None:
    """Take ``quantity`` units of ``offer``'s stock, or raise ``Conflict`` (and take nothing)."""
    from boucle.realization.models import Offer, OfferStatus

    taken = Offer.objects.filter(pk=offer.pk, status=OfferStatus.ACTIVE, stock__gte=quantity).update(
        stock=F("stock") - quantity
    )
    if taken:
        return
    current = Offer.objects.filter(pk=offer.pk).values("status", "stock").first()
    if current is None or current["status"] != OfferStatus.ACTIVE:
        raise Conflict(
            _("“%(title)s” is withdrawn: it can no longer be ordered.") % {"title": offer.title},
            field="offer",
        )
    if current["stock"] == 0:
        raise Conflict(_("“%(title)s” is out of stock.") % {"title": offer.title}, field="quantity")
    raise Conflict(
        _("Only %(stock)d of “%(title)s” left: you asked for %(quantity)d.")
        % {"stock": current["stock"], "title": offer.title, "quantity": quantity},
        field="quantity",
    )


def _stock_give_back(order) -> None:
    """Put the order's units back on sale (a cancellation, or a full refund before shipping). Once."""
    from boucle.realization.models import Offer

    if order.restocked:
        return
    for line in order.lines.all():
        Offer.objects.filter(pk=line.offer_id).update(stock=F("stock") + line.quantity)
    order.restocked = True
    order.save(update_fields=["restocked", "updated_at"])


def orders_of_submission(*, buyer, idempotency_key: str) -> list[Order]:
    return list(
        Order.objects.filter(buyer=buyer, idempotency_key=idempotency_key)
        .select_related("organization")
        .order_by("id")
    )


def checkout(*, actor, address: dict, idempotency_key: str, note: str = "") -> list[Order]:
    """Turn the actor's cart into orders, one per selling organization, each in that organization's currency;
    take the stock, start each order's payment and empty the cart.

    A second call with the same ``idempotency_key`` (a double click, a retried request) returns the orders
    of the first one and changes nothing, even when the two calls race (the unique constraint on
    (buyer, key, organization) makes the second transaction roll back whole).
    Out of stock, a withdrawn offer, an empty cart or a bad address: ``Conflict``/``InvalidInput``, nothing
    changed (no order, the stock and the cart as they were).
    """
    _require_member(actor)
    key = clean_idempotency_key(idempotency_key)
    existing = orders_of_submission(buyer=actor, idempotency_key=key)
    if existing:
        return existing
    try:
        return _checkout(actor=actor, address=address, key=key, note=note)
    except IntegrityError:
        existing = orders_of_submission(buyer=actor, idempotency_key=key)
        if existing:  # the same submission, made at the same moment: its orders
            return existing
        raise


@transaction.atomic
def _checkout(*, actor, address: dict, key: str, note: str) -> list[Order]:
    address = clean_address(address)
    note = " ".join(str(note or "").replace("\x00", "").split())[:500]
    # A checkout of the same key that committed since our first look: its orders, not a second set.
    existing = orders_of_submission(buyer=actor, idempotency_key=key)
    if existing:
        return existing
    items = list(
        CartItem.objects.filter(cart__owner=actor)
        .select_related("offer__realization__organization", "offer__realization__project")
        .order_by("id")
    )
    if not items:
        raise InvalidInput(_("Your cart is empty."))
    by_org: dict[int, list[CartItem]] = {}
    for item in items:
        by_org.setdefault(item.offer.realization.organization_id, []).append(item)
    orders = []
    provider = payment_provider()
    for org_items in by_org.values():
        organization = org_items[0].offer.realization.organization
        currencies = {item.offer.currency for item in org_items}
        if len(currencies) > 1:
            raise InvalidInput(
                _("%(org)s's offers in your cart are in several currencies; order them separately.")
                % {"org": organization.name}
            )
        for item in org_items:
            if not ships_to(item.offer, address["ship_country"]):
                raise Conflict(
                    _("“%(title)s” does not ship to %(country)s (only to %(regions)s).")
                    % {
                        "title": item.offer.title,
                        "country": address["ship_country"],
                        "regions": ", ".join(item.offer.shipping_regions),
                    },
                    field="ship_country",
                )
            from boucle.realization.licensing import sale_refusal

            refusal = sale_refusal(item.offer.realization)
            if refusal:
                raise Conflict(refusal, field="offer")
            _stock_take(item.offer, item.quantity)
        total = sum((item.offer.price * item.quantity for item in org_items), ZERO)
        order = Order.objects.create(
            reference=_new_reference(),
            buyer=actor,
            organization=organization,
            currency=currencies.pop(),
            idempotency_key=key,
            total=total,
            payment_provider=provider.slug,
            note=note,
            **address,
        )
        OrderLine.objects.bulk_create(
            [
                OrderLine(
                    order=order,
                    offer=item.offer,
                    project=item.offer.realization.project,
                    title=item.offer.title,
                    quantity=item.quantity,
                    unit_price=item.offer.price,
                    line_total=item.offer.price * item.quantity,
                )
                for item in org_items
            ]
        )
        Payment.objects.create(
            order=order,
            provider=provider.slug,
            amount=total,
            currency=order.currency,
            instructions=provider.start(order),
        )
        _record(order=order, actor=actor, from_state="", to_state=OrderState.PLACED)
        orders.append(order)
    CartItem.objects.filter(pk__in=[item.pk for item in items]).delete()
    return orders


# ---------------------------------------------------------------------------------------------- states


def _lock(order) -> Order:
    """The order row, locked until the transaction ends (SELECT ... FOR UPDATE; SQLite: the IMMEDIATE
    transaction already holds the write lock). Call inside ``transaction.atomic``."""
    locked = Order.objects.select_for_update().filter(pk=order.pk).first()
    if locked is None:
        raise NotFound(_("This order does not exist."))
    return Order.objects.select_related("organization", "buyer").get(pk=locked.pk)


def _state_label(state: str) -> str:
    return str(OrderState(state).label) if state in OrderState.values else str(state)


def _record(*, order, actor, from_state: str, to_state: str, note: str = "") -> OrderEvent:
    """Append the order's history row and tell the people concerned (activity event → notifications)."""
    from boucle.orders.notify import order_announce

    event = OrderEvent.objects.create(
        order=order,
        actor=actor if actor is not None and actor.is_authenticated else None,
        from_state=from_state,
        to_state=to_state,
        note=(note or "")[:500],
    )
    order_announce(order=order, actor=actor, from_state=from_state, to_state=to_state, note=note)
    return event


@transaction.atomic
def order_transition(*, actor, order, to_state: str, note: str = "") -> Order:
    """Move an order along ``orders.states.TRANSITIONS``: the seller through production and shipping, the
    buyer or the seller to *cancelled* before payment (the stock comes back), either to *delivered*.
    Paid and refunded are reached only by confirming a payment or refunding."""
    _require_member(actor)
    order = _lock(order)
    roles = order_roles(user=actor, order=order)
    if not roles:
        raise NotFound(_("This order does not exist."))
    if to_state not in OrderState.values:
        raise InvalidInput(_("Unknown order state."), field="to_state")
    if to_state in states.BY_PAYMENT:
        raise Conflict(_("An order becomes paid when its payment is confirmed."), field="to_state")
    if to_state in states.BY_REFUND:
        raise Conflict(_("An order becomes refunded when what was paid is refunded."), field="to_state")
    allowed = states.TRANSITIONS.get((order.state, to_state))
    if allowed is None:
        raise Conflict(
            _("An order that is %(state)s cannot become %(to)s.")
            % {"state": _state_label(order.state), "to": _state_label(to_state)},
            field="to_state",
        )
    if not allowed & roles:
        raise NotAllowed(_("Only the seller can mark an order as %(to)s.") % {"to": _state_label(to_state)})
    from_state = order.state
    order.state = to_state
    fields = ["state", "updated_at"]
    if to_state == OrderState.SHIPPED:
        order.shipped_at = timezone.now()
        fields.append("shipped_at")
    order.save(update_fields=fields)
    if to_state == OrderState.CANCELLED:
        _stock_give_back(order)
        order.payments.filter(status=PaymentStatus.PENDING).delete()
    _record(order=order, actor=actor, from_state=from_state, to_state=to_state, note=note)
    return order


# ---------------------------------------------------------------------------------------------- payments


@transaction.atomic
def payment_confirm(*, actor, order, amount=None, reference: str = "", note: str = "") -> Payment:
    """A producer of the selling organization (or site staff) confirms the order's payment: the order becomes
    paid and each line credits its project's royalty pool at the organization's royalty percent.

    Already paid, cancelled or refunded: ``Conflict``, nothing changed. ``amount`` defaults to the total; the
    provider may refuse another amount (the manual provider does).
    """
    from boucle.realization.selectors import seller_settings

    _require_member(actor)
    order = _lock(order)
    if not can_confirm_payment(user=actor, organization=order.organization):
        if order_roles(user=actor, order=order):
            raise NotAllowed(
                _("Only a producer of %(org)s or site staff can confirm a payment.")
                % {"org": order.organization.name}
            )
        raise NotFound(_("This order does not exist."))
    if order.state != OrderState.PLACED:
        if order.state == OrderState.CANCELLED:
            raise Conflict(_("Order %(ref)s was cancelled: it cannot be paid.") % {"ref": order.reference})
        raise Conflict(_("Order %(ref)s is already paid.") % {"ref": order.reference})
    amount = order.total if amount in (None, "") else clean_amount(amount)
    reference = " ".join(str(reference or "").replace("\x00", "").split())[:120]
    provider = payment_provider(order.payment_provider)
    external = provider.confirm(order=order, amount=amount, reference=reference)
    now = timezone.now()
    payment = order.payments.filter(status=PaymentStatus.PENDING).order_by("id").first()
    if payment is None:
        payment = Payment(order=order, provider=provider.slug, currency=order.currency)
    payment.amount = amount
    payment.status = PaymentStatus.CONFIRMED
    payment.external_reference = external
    payment.confirmed_by = actor
    payment.confirmed_at = now
    payment.save()
    order.state = OrderState.PAID
    order.paid_amount = amount
    order.paid_at = now
    order.save(update_fields=["state", "paid_amount", "paid_at", "updated_at"])
    rate = seller_settings(order.organization).royalty_percent
    for line in order.lines.select_related("project").order_by("id"):
        line.royalty_percent = rate
        line.save(update_fields=["royalty_percent"])
        line.order = order
        royalty.credit_line(line=line, rate_percent=rate)
    _record(
        order=order,
        actor=actor,
        from_state=OrderState.PLACED,
        to_state=OrderState.PAID,
        note=note
        or _("Payment of %(amount)s %(currency)s confirmed.")
        % {"amount": amount, "currency": order.currency},
    )
    return payment


def _split(amount: Decimal, lines: list[OrderLine]) -> list[tuple[OrderLine, Decimal]]:
    """Share ``amount`` over ``lines`` in proportion to what each still holds (its net), to the cent; leftover
    cents go to the largest remainders, ties to the first line. Never more than a line's net."""
    nets = [int((line.net_amount / CENT).to_integral_value()) for line in lines]
    total = sum(nets)
    cents = int((amount / CENT).to_integral_value())
    if total <= 0:
        return []
    shares, remainders = [], []
    for i, net in enumerate(nets):
        whole, rest = divmod(cents * net, total)
        shares.append(whole)
        remainders.append((-rest, i))
    for _rest, i in sorted(remainders)[: cents - sum(shares)]:
        shares[i] += 1
    return [(line, Decimal(share) * CENT) for line, share in zip(lines, shares, strict=True) if share]


@transaction.atomic
def refund_create(*, actor, order, amount, reason: str = "", line=None) -> Refund:
    """The seller gives back ``amount`` of what was paid (all of it, or a part; on one line or shared over
    the lines in proportion). Each line's share reverses its royalties. When everything paid is refunded, the
    order becomes *refunded* and, if it had not shipped, its stock comes back.

    More than what remains refundable, an unpaid order, or a line of another order: refused, nothing changed.
    """
    _require_member(actor)
    order = _lock(order)
    if not is_seller(user=actor, organization=order.organization):
        if order_roles(user=actor, order=order):
            raise NotAllowed(_("Only the seller can refund an order."))
        raise NotFound(_("This order does not exist."))
    if order.state not in states.REFUNDABLE:
        raise Conflict(
            _("Only a paid order can be refunded; this one is %(state)s.")
            % {"state": _state_label(order.state)}
        )
    amount = clean_amount(amount)
    if amount > order.refundable_amount:
        raise InvalidInput(
            _("At most %(left)s %(currency)s can be refunded (paid %(paid)s, refunded %(refunded)s).")
            % {
                "left": order.refundable_amount,
                "currency": order.currency,
                "paid": order.paid_amount,
                "refunded": order.refunded_amount,
            },
            field="amount",
        )
    lines = list(order.lines.select_related("project").order_by("id"))
    if line is not None:
        chosen = [candidate for candidate in lines if candidate.pk == getattr(line, "pk", line)]
        if not chosen:
            raise InvalidInput(_("This line is not part of the order."), field="line")
        if amount > chosen[0].net_amount:
            raise InvalidInput(
                _("At most %(left)s %(currency)s can be refunded on this line.")
                % {"left": chosen[0].net_amount, "currency": order.currency},
                field="amount",
            )
        parts = [(chosen[0], amount)]
    else:
        parts = _split(amount, lines)
    reason = " ".join(str(reason or "").replace("\x00", "").split())[:500]
    provider = payment_provider(order.payment_provider)
    provider_reference = provider.refund(order=order, amount=amount)
    refund = Refund.objects.create(
        order=order,
        amount=amount,
        currency=order.currency,
        reason=reason,
        provider_reference=provider_reference[:120],
        created_by=actor,
    )
    for refunded_line, part in parts:
        refund_line = RefundLine.objects.create(refund=refund, line=refunded_line, amount=part)
        OrderLine.objects.filter(pk=refunded_line.pk).update(refunded_amount=F("refunded_amount") + part)
        if refunded_line.royalty_percent is not None:
            royalty.reverse_refund_line(refund_line=refund_line)
    from_state = order.state
    order.refunded_amount += amount
    fields = ["refunded_amount", "updated_at"]
    if order.refunded_amount == order.paid_amount:
        order.state = OrderState.REFUNDED
        fields.append("state")
    order.save(update_fields=fields)
    if order.state == OrderState.REFUNDED and from_state in states.NOT_SHIPPED:
        _stock_give_back(order)
    note = _("Refund of %(amount)s %(currency)s.") % {"amount": amount, "currency": order.currency}
    if reason:
        note = f"{note} {reason}"
    _record(order=order, actor=actor, from_state=from_state, to_state=order.state, note=note)
    return refund
