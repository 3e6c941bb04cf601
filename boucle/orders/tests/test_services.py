"""Cart, checkout, order states, payments and refunds through the services; each refusal changes nothing."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.orders import services
from boucle.orders.models import CartItem, Order, OrderEvent, OrderLine, OrderState, Payment, Refund
from boucle.orders.tests.factories import ADDRESS, make_offer, make_order, money, producer_of
from boucle.orgs.models import Membership, Role
from boucle.projects.enums import Licence
from boucle.realization.models import Offer
from boucle.realization.services import grant_create, grant_revoke, offer_withdraw
from boucle.realization.tests.factories import accepted_design, make_producer, make_realization

pytestmark = pytest.mark.django_db


def _state():
    """Everything a refused write must leave as it was."""
    return (
        Order.objects.count(),
        OrderLine.objects.count(),
        OrderEvent.objects.count(),
        Payment.objects.count(),
        Refund.objects.count(),
        list(Offer.objects.order_by("pk").values_list("pk", "stock")),
        list(CartItem.objects.order_by("pk").values_list("pk", "quantity")),
        list(Order.objects.order_by("pk").values_list("pk", "state", "paid_amount", "refunded_amount")),
    )


# ---------------------------------------------------------------------------------------------- cart


@pytest.mark.parametrize("quantity", [0, -1, "-3", "two", "", None, 1001, "1.5"])
def test_a_quantity_that_is_not_a_positive_whole_number_is_refused(quantity):
    # given
    offer = make_offer()
    buyer = UserFactory()
    before = _state()
    # when / then
    with pytest.raises(InvalidInput) as error:
        services.cart_item_add(actor=buyer, offer=offer, quantity=quantity)
    assert error.value.field == "quantity"
    assert _state() == before


def test_adding_the_same_offer_twice_adds_up_on_one_line(user):
    offer = make_offer()
    services.cart_item_add(actor=user, offer=offer, quantity=2)
    services.cart_item_add(actor=user, offer=offer, quantity=3)
    assert list(CartItem.objects.filter(cart__owner=user).values_list("quantity", flat=True)) == [5]


def test_a_withdrawn_offer_cannot_go_in_the_cart(user):
    offer = make_offer()
    offer_withdraw(actor=producer_of(offer), offer=offer)
    offer.refresh_from_db()
    before = _state()
    with pytest.raises(Conflict, match="withdrawn"):
        services.cart_item_add(actor=user, offer=offer, quantity=1)
    assert _state() == before


def test_setting_a_quantity_of_zero_takes_the_offer_out_of_the_cart(user):
    offer = make_offer()
    services.cart_item_add(actor=user, offer=offer, quantity=2)
    assert services.cart_item_set(actor=user, offer=offer, quantity="0") is None
    assert not CartItem.objects.filter(cart__owner=user).exists()


def test_a_visitor_cannot_fill_a_cart():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.cart_item_add(actor=AnonymousUser(), offer=make_offer(), quantity=1)


# ---------------------------------------------------------------------------------------------- checkout


def test_checkout_makes_one_order_per_selling_organization_and_takes_the_stock(user):
    # given offers of two organizations in the cart
    kit = make_offer(stock=10, price="24.00")
    other = make_offer(stock=5, price="7.50", title="The brewing pack")
    services.cart_item_add(actor=user, offer=kit, quantity=2)
    services.cart_item_add(actor=user, offer=other, quantity=3)
    # when
    orders = services.checkout(actor=user, address=ADDRESS, idempotency_key="k-1")
    # then
    assert len(orders) == 2
    by_org = {o.organization_id: o for o in orders}
    first = by_org[kit.realization.organization_id]
    second = by_org[other.realization.organization_id]
    assert (first.total, first.currency, first.state) == (money("48.00"), "EUR", OrderState.PLACED)
    assert second.total == money("22.50")
    line = first.lines.get()
    assert (line.quantity, line.unit_price, line.project_id) == (
        2,
        money("24.00"),
        kit.realization.project_id,
    )
    kit.refresh_from_db()
    other.refresh_from_db()
    assert (kit.stock, other.stock) == (8, 2)
    assert not CartItem.objects.filter(cart__owner=user).exists()
    assert [(e.from_state, e.to_state, e.actor) for e in first.events.all()] == [("", "placed", user)]
    payment = first.payments.get()
    assert payment.status == "pending"
    assert payment.instructions["reference"] == first.reference
    assert payment.instructions["amount"] == "48.00"


def test_submitting_the_same_checkout_twice_returns_the_first_orders_and_changes_nothing(user):
    # given a first submission
    offer = make_offer(stock=10)
    services.cart_item_add(actor=user, offer=offer, quantity=2)
    (first,) = services.checkout(actor=user, address=ADDRESS, idempotency_key="same-key")
    # and the cart filled again meanwhile
    services.cart_item_add(actor=user, offer=offer, quantity=1)
    before = _state()
    # when the same submission arrives again
    again = services.checkout(actor=user, address=ADDRESS, idempotency_key="same-key")
    # then
    assert [o.pk for o in again] == [first.pk]
    assert _state() == before


def test_the_same_key_of_another_buyer_is_another_submission(user, other_user):
    offer = make_offer(stock=10)
    make_order(buyer=user, offer=offer, key="k")
    order = make_order(buyer=other_user, offer=offer, key="k")
    assert order.buyer == other_user
    assert Order.objects.count() == 2


@pytest.mark.parametrize(
    ("stock", "quantity", "message"),
    [(0, 1, "out of stock"), (3, 4, "Only 3 of")],
)
def test_ordering_more_than_the_stock_is_refused_and_nothing_changes(user, stock, quantity, message):
    # given a cart with another offer that is in stock, and one that is not
    fine = make_offer(stock=10, title="In stock")
    short = make_offer(stock=stock)
    services.cart_item_add(actor=user, offer=fine, quantity=1)
    services.cart_item_add(actor=user, offer=short, quantity=quantity)
    before = _state()
    # when / then: no order at all, every stock and the cart as they were
    with pytest.raises(Conflict, match=message):
        services.checkout(actor=user, address=ADDRESS, idempotency_key="k")
    assert _state() == before


def test_an_offer_withdrawn_after_it_went_in_the_cart_is_refused_at_checkout(user):
    offer = make_offer(stock=10)
    services.cart_item_add(actor=user, offer=offer, quantity=1)
    offer_withdraw(actor=producer_of(offer), offer=offer)
    before = _state()
    with pytest.raises(Conflict, match="withdrawn"):
        services.checkout(actor=user, address=ADDRESS, idempotency_key="k")
    assert _state() == before


def test_an_nc_design_whose_grant_was_revoked_after_it_went_in_the_cart_is_refused_at_checkout(user):
    # given an NC design sold under its author's commercial grant, in a member's cart
    alice = UserFactory()
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    producer, org = make_producer()
    grant = grant_create(actor=alice, organization=org)
    realization = make_realization(design=design, producer=producer, organization=org)
    offer = make_offer(stock=10, realization=realization)
    services.cart_item_add(actor=user, offer=offer, quantity=1)
    # when the author revokes the grant
    grant_revoke(actor=alice, grant=grant)
    before = _state()
    # then the checkout is refused with the author named, and nothing changes
    with pytest.raises(Conflict, match="revoked"):
        services.checkout(actor=user, address=ADDRESS, idempotency_key="k")
    assert _state() == before


@pytest.mark.parametrize(
    ("field", "value"),
    [("ship_name", ""), ("ship_city", "   "), ("ship_country", "France"), ("ship_country", "F1")],
)
def test_a_bad_address_is_refused_with_the_field_named(user, field, value):
    offer = make_offer()
    services.cart_item_add(actor=user, offer=offer, quantity=1)
    before = _state()
    with pytest.raises(InvalidInput) as error:
        services.checkout(actor=user, address={**ADDRESS, field: value}, idempotency_key="k")
    assert field in error.value.errors
    assert _state() == before


@pytest.mark.parametrize("key", ["", "has space", "x" * 101, "semi;colon"])
def test_a_bad_idempotency_key_is_refused(user, key):
    services.cart_item_add(actor=user, offer=make_offer(), quantity=1)
    before = _state()
    with pytest.raises(InvalidInput):
        services.checkout(actor=user, address=ADDRESS, idempotency_key=key)
    assert _state() == before


def test_an_empty_cart_cannot_be_ordered(user):
    with pytest.raises(InvalidInput, match="empty"):
        services.checkout(actor=user, address=ADDRESS, idempotency_key="k")
    assert Order.objects.count() == 0


# ---------------------------------------------------------------------------------------------- states


def test_the_seller_moves_a_paid_order_through_production_and_shipping():
    # given a paid order
    order = make_order(paid=True)
    producer = producer_of(order.lines.get().offer)
    # when
    services.order_transition(actor=producer, order=order, to_state="in_production")
    services.order_transition(actor=producer, order=order, to_state="shipped", note="Colissimo 8X123")
    services.order_transition(actor=order.buyer, order=order, to_state="delivered")
    # then
    order.refresh_from_db()
    assert order.state == OrderState.DELIVERED
    assert order.shipped_at is not None
    history = [(e.from_state, e.to_state, e.actor_id, e.note) for e in order.events.order_by("id")]
    assert history == [
        ("", "placed", order.buyer_id, ""),
        ("placed", "paid", producer.pk, history[1][3]),
        ("paid", "in_production", producer.pk, ""),
        ("in_production", "shipped", producer.pk, "Colissimo 8X123"),
        ("shipped", "delivered", order.buyer_id, ""),
    ]


@pytest.mark.parametrize(
    ("paid", "to_state", "error", "message"),
    [
        (False, "shipped", Conflict, "cannot become shipped"),
        (False, "paid", Conflict, "payment is confirmed"),
        (True, "refunded", Conflict, "refunded"),
        (True, "placed", Conflict, "cannot become placed"),
        (True, "cancelled", Conflict, "cannot become cancelled"),
        (True, "lost", InvalidInput, "Unknown"),
    ],
)
def test_illegal_transitions_are_refused_and_nothing_changes(paid, to_state, error, message):
    order = make_order(paid=paid)
    producer = producer_of(order.lines.get().offer)
    before = _state()
    with pytest.raises(error, match=message):
        services.order_transition(actor=producer, order=order, to_state=to_state)
    assert _state() == before


def test_the_buyer_cannot_ship_their_own_order_and_strangers_do_not_see_it():
    order = make_order(paid=True)
    before = _state()
    with pytest.raises(NotAllowed):
        services.order_transition(actor=order.buyer, order=order, to_state="shipped")
    with pytest.raises(NotFound):
        services.order_transition(actor=UserFactory(), order=order, to_state="shipped")
    assert _state() == before


def test_cancelling_before_payment_gives_the_stock_back_once():
    # given
    offer = make_offer(stock=5)
    order = make_order(offer=offer, quantity=3)
    offer.refresh_from_db()
    assert offer.stock == 2
    # when the buyer cancels
    services.order_transition(actor=order.buyer, order=order, to_state="cancelled")
    # then
    offer.refresh_from_db()
    order.refresh_from_db()
    assert (offer.stock, order.state, order.restocked) == (5, "cancelled", True)
    assert not order.payments.exists()  # nothing left to pay
    # and a cancelled order can be neither cancelled again nor paid
    with pytest.raises(Conflict):
        services.order_transition(actor=order.buyer, order=order, to_state="cancelled")
    with pytest.raises(Conflict, match="cancelled"):
        services.payment_confirm(actor=producer_of(offer), order=order)
    offer.refresh_from_db()
    assert offer.stock == 5


# ---------------------------------------------------------------------------------------------- payments


def test_confirming_a_payment_makes_the_order_paid_and_credits_each_line(monkeypatch):
    # given a placed order of two lines from one organization
    realization = make_realization()
    kit = make_offer(realization=realization, price="24.00")
    product = make_offer(realization=realization, price="80.00", title="The castle, built")
    buyer = UserFactory()
    services.cart_item_add(actor=buyer, offer=kit, quantity=2)
    services.cart_item_add(actor=buyer, offer=product, quantity=1)
    (order,) = services.checkout(actor=buyer, address=ADDRESS, idempotency_key="k")
    credited = []
    monkeypatch.setattr(
        services.royalty,
        "credit_line",
        lambda *, line, rate_percent: credited.append((line.pk, rate_percent)),
    )
    # when its producer confirms the transfer
    payment = services.payment_confirm(actor=realization.adopted_by, order=order, reference="VIR 123")
    # then
    order.refresh_from_db()
    assert (order.state, order.paid_amount) == ("paid", money("128.00"))
    assert (payment.status, payment.amount, payment.confirmed_by) == (
        "confirmed",
        money("128.00"),
        realization.adopted_by,
    )
    lines = list(order.lines.order_by("id"))
    assert credited == [(lines[0].pk, Decimal("10.00")), (lines[1].pk, Decimal("10.00"))]
    assert [line.royalty_percent for line in lines] == [Decimal("10.00")] * 2
    assert order.events.last().to_state == "paid"


def test_confirming_a_payment_twice_is_refused_and_changes_nothing():
    order = make_order(paid=True)
    before = _state()
    with pytest.raises(Conflict, match="already paid"):
        services.payment_confirm(actor=producer_of(order.lines.get().offer), order=order)
    assert _state() == before
    assert order.payments.filter(status="confirmed").count() == 1


def test_a_payment_of_another_amount_than_the_total_is_refused():
    order = make_order()
    before = _state()
    with pytest.raises(InvalidInput, match="total"):
        services.payment_confirm(actor=producer_of(order.lines.get().offer), order=order, amount="10.00")
    assert _state() == before


def test_only_a_producer_of_the_seller_or_staff_confirms_a_payment():
    order = make_order()
    owner = order.organization.created_by
    stranger = UserFactory()
    before = _state()
    with pytest.raises(NotAllowed):  # an owner who is not a producer
        services.payment_confirm(actor=owner, order=order)
    with pytest.raises(NotAllowed):  # the buyer
        services.payment_confirm(actor=order.buyer, order=order)
    with pytest.raises(NotFound):  # someone else does not learn it exists
        services.payment_confirm(actor=stranger, order=order)
    assert _state() == before
    services.payment_confirm(actor=UserFactory(is_staff=True), order=order)
    order.refresh_from_db()
    assert order.state == "paid"


def test_a_payment_confirmation_for_an_unknown_order_is_not_found():
    order = make_order()
    producer = producer_of(order.lines.get().offer)
    ghost = Order(pk=order.pk + 1000)
    with pytest.raises(NotFound):
        services.payment_confirm(actor=producer, order=ghost)


# ---------------------------------------------------------------------------------------------- refunds


def test_a_partial_then_full_refund_makes_the_order_refunded_and_gives_the_stock_back():
    # given a paid order of 3 kits at 24.00
    offer = make_offer(stock=10, price="24.00")
    order = make_order(offer=offer, quantity=3, paid=True)
    producer = producer_of(offer)
    # when the seller refunds 20.00, then the rest
    services.refund_create(actor=producer, order=order, amount="20.00", reason="One box was damaged")
    order.refresh_from_db()
    assert (order.state, order.refunded_amount) == ("paid", money("20.00"))
    services.refund_create(actor=producer, order=order, amount="52")
    # then
    order.refresh_from_db()
    offer.refresh_from_db()
    assert (order.state, order.refunded_amount) == ("refunded", money("72.00"))
    assert offer.stock == 10  # it never left
    line = order.lines.get()
    assert line.refunded_amount == money("72.00")
    events = list(order.events.order_by("id").values_list("from_state", "to_state"))
    assert events[-2:] == [("paid", "paid"), ("paid", "refunded")]


def test_a_full_refund_after_shipping_does_not_give_the_stock_back():
    offer = make_offer(stock=10)
    order = make_order(offer=offer, quantity=2, paid=True)
    producer = producer_of(offer)
    services.order_transition(actor=producer, order=order, to_state="shipped")
    services.refund_create(actor=producer, order=order, amount=order.total)
    offer.refresh_from_db()
    assert offer.stock == 8


@pytest.mark.parametrize("amount", ["48.01", "0", "-5", "abc", "1.001", "NaN", "Infinity"])
def test_a_refund_that_is_not_a_positive_amount_within_what_was_paid_is_refused(amount):
    order = make_order(quantity=2, paid=True)  # 48.00
    before = _state()
    with pytest.raises(InvalidInput):
        services.refund_create(actor=producer_of(order.lines.get().offer), order=order, amount=amount)
    assert _state() == before


def test_refunds_never_add_up_to_more_than_was_paid():
    order = make_order(quantity=2, paid=True)  # 48.00
    producer = producer_of(order.lines.get().offer)
    services.refund_create(actor=producer, order=order, amount="40.00")
    before = _state()
    with pytest.raises(InvalidInput, match="At most 8.00"):
        services.refund_create(actor=producer, order=order, amount="8.01")
    assert _state() == before


def test_an_unpaid_order_cannot_be_refunded_and_the_buyer_cannot_refund():
    order = make_order()
    producer = producer_of(order.lines.get().offer)
    before = _state()
    with pytest.raises(Conflict, match="Only a paid order"):
        services.refund_create(actor=producer, order=order, amount="1.00")
    paid = make_order(paid=True)
    before = _state()
    with pytest.raises(NotAllowed):
        services.refund_create(actor=paid.buyer, order=paid, amount="1.00")
    assert _state() == before


def test_a_refund_on_one_line_stays_on_that_line():
    realization = make_realization()
    kit = make_offer(realization=realization, price="24.00")
    product = make_offer(realization=realization, price="80.00", title="Built")
    buyer = UserFactory()
    services.cart_item_add(actor=buyer, offer=kit, quantity=1)
    services.cart_item_add(actor=buyer, offer=product, quantity=1)
    (order,) = services.checkout(actor=buyer, address=ADDRESS, idempotency_key="k")
    services.payment_confirm(actor=realization.adopted_by, order=order)
    kit_line, product_line = order.lines.order_by("id")
    with pytest.raises(InvalidInput, match="on this line"):
        services.refund_create(actor=realization.adopted_by, order=order, amount="30", line=kit_line)
    services.refund_create(actor=realization.adopted_by, order=order, amount="10", line=product_line)
    kit_line.refresh_from_db()
    product_line.refresh_from_db()
    assert (kit_line.refunded_amount, product_line.refunded_amount) == (money("0"), money("10"))


def test_an_owner_may_refund_too():
    order = make_order(paid=True)
    owner = order.organization.created_by
    assert Membership.objects.filter(user=owner, role=Role.OWNER).exists()
    services.refund_create(actor=owner, order=order, amount="1.00")
    assert order.refunds.count() == 1


@given(
    cents=st.integers(min_value=1, max_value=10**7),
    nets=st.lists(st.integers(min_value=0, max_value=10**6), min_size=1, max_size=6),
)
def test_a_refund_shared_over_lines_sums_exactly_and_never_exceeds_a_line(cents, nets):
    # given lines holding `nets` cents, and an amount no larger than their sum
    total = sum(nets)
    if total == 0:
        return
    cents = min(cents, total)
    lines = [
        OrderLine(pk=i + 1, line_total=Decimal(n) / 100, refunded_amount=Decimal("0"))
        for i, n in enumerate(nets)
    ]
    # when
    parts = services._split(Decimal(cents) / 100, lines)
    # then
    assert sum(part for _line, part in parts) == Decimal(cents) / 100
    for line, part in parts:
        assert Decimal("0") < part <= line.net_amount


def test_an_offer_that_does_not_ship_to_the_country_is_refused_and_nothing_changes(user):
    # given a kit shipped to the EU and Switzerland only
    offer = make_offer(stock=5)
    Offer.objects.filter(pk=offer.pk).update(shipping_regions=["EU", "CH"])
    services.cart_item_add(actor=user, offer=offer, quantity=1)
    before = _state()
    # when / then: Canada is refused, Switzerland and an EU country are fine
    with pytest.raises(Conflict, match="does not ship to CA") as error:
        services.checkout(actor=user, address={**ADDRESS, "ship_country": "ca"}, idempotency_key="k1")
    assert error.value.field == "ship_country"
    assert _state() == before
    services.checkout(actor=user, address={**ADDRESS, "ship_country": "CH"}, idempotency_key="k2")
    assert Order.objects.get().ship_country == "CH"


@pytest.mark.parametrize(
    ("regions", "country", "ships"),
    [
        ([], "JP", True),
        (["FR"], "FR", True),
        (["FR"], "BE", False),
        (["EU"], "DE", True),
        (["EU"], "CH", False),
        (["WORLD"], "NZ", True),
    ],
)
def test_shipping_regions(regions, country, ships):
    assert services.ships_to(Offer(shipping_regions=regions), country) is ships
