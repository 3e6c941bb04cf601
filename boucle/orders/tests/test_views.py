"""The pages: cart and checkout, the buyer's orders, the seller's orders and their actions."""

import re

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.core.testing import active_content
from boucle.orders.models import CartItem, Order, OrderState
from boucle.orders.services import cart_item_add
from boucle.orders.tests.factories import ADDRESS, make_offer, make_order, money, producer_of

pytestmark = pytest.mark.django_db


def _key(html: str) -> str:
    return re.search(r'name="idempotency_key" value="([^"]+)"', html).group(1)


def test_a_member_adds_an_offer_orders_it_and_sees_how_to_pay(client_for, user):
    # given
    offer = make_offer(stock=4, price="24.00")
    client = client_for(user)
    # when they add two to the cart from the offer's order page
    page = client.get(reverse("cart_add", args=[offer.pk]))
    assert page.status_code == 200 and "Add to cart" in page.content.decode()
    response = client.post(reverse("cart_add", args=[offer.pk]), {"quantity": "2"})
    assert response.status_code == 302
    cart = client.get(reverse("cart_detail")).content.decode()
    assert "48.00 EUR" in cart
    # and place the order with the page's idempotency key
    data = {**ADDRESS, "idempotency_key": _key(cart)}
    response = client.post(reverse("checkout"), data)
    # then
    order = Order.objects.get(buyer=user)
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    page = client.get(order.get_absolute_url()).content.decode()
    assert order.reference in page and "bank transfer" in page and "48.00 EUR" in page
    # and submitting the same page again places nothing more
    again = client.post(reverse("checkout"), data)
    assert again["Location"] == order.get_absolute_url()
    assert Order.objects.count() == 1
    offer.refresh_from_db()
    assert offer.stock == 2


def test_a_bad_quantity_is_shown_on_the_form_and_the_cart_stays_empty(client_for, user):
    offer = make_offer()
    response = client_for(user).post(reverse("cart_add", args=[offer.pk]), {"quantity": "-2"})
    assert response.status_code == 400
    assert "at least 1" in response.content.decode()
    assert not CartItem.objects.exists()


def test_checkout_with_a_missing_address_field_says_which_and_changes_nothing(client_for, user):
    offer = make_offer(stock=3)
    cart_item_add(actor=user, offer=offer, quantity=1)
    client = client_for(user)
    response = client.post(reverse("checkout"), {**ADDRESS, "ship_city": "", "idempotency_key": "k1"})
    assert response.status_code == 400
    assert "This field is required" in response.content.decode()
    assert not Order.objects.exists()
    offer.refresh_from_db()
    assert offer.stock == 3


def test_checkout_of_an_out_of_stock_offer_says_so(client_for, user):
    offer = make_offer(stock=1)
    cart_item_add(actor=user, offer=offer, quantity=2)
    response = client_for(user).post(reverse("checkout"), {**ADDRESS, "idempotency_key": "k1"})
    assert response.status_code == 400
    assert "Only 1 of" in response.content.decode()
    assert not Order.objects.exists()


def test_the_cart_quantity_changes_with_htmx(client_for, user):
    offer = make_offer(stock=10, price="5.00")
    cart_item_add(actor=user, offer=offer, quantity=1)
    response = client_for(user).post(
        reverse("cart_item_update", args=[offer.pk]), {"quantity": "3"}, HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    assert "15.00 EUR" in response.content.decode()
    assert "<html" not in response.content.decode()


def test_the_buyer_sees_their_orders_and_cancels_one(client_for):
    order = make_order(quantity=2)
    client = client_for(order.buyer)
    assert order.reference in client.get(reverse("order_list")).content.decode()
    response = client.post(reverse("order_transition", args=[order.reference]), {"to_state": "cancelled"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.state == OrderState.CANCELLED


def test_another_member_cannot_see_an_order(client_for):
    order = make_order()
    client = client_for(UserFactory())
    assert client.get(order.get_absolute_url()).status_code == 404
    assert client.get(order.get_seller_url()).status_code == 404
    assert client.get(reverse("seller_order_list", args=[order.organization.slug])).status_code == 404


def test_the_producer_confirms_the_payment_then_ships(client_for):
    # given a placed order
    order = make_order(quantity=1)
    producer = producer_of(order.lines.get().offer)
    client = client_for(producer)
    page = client.get(order.get_seller_url()).content.decode()
    assert "Confirm the payment" in page
    # when
    response = client.post(
        reverse("seller_payment_confirm", args=[order.organization.slug, order.reference]),
        {"reference": "VIR-1"},
    )
    assert response.status_code == 302
    client.post(
        reverse("seller_order_transition", args=[order.organization.slug, order.reference]),
        {"to_state": "shipped"},
    )
    # then
    order.refresh_from_db()
    assert (order.state, order.paid_amount) == ("shipped", order.total)
    page = client.get(order.get_seller_url()).content.decode()
    assert "Confirm the payment" not in page
    # confirming again (another tab) says it is already paid
    response = client.post(
        reverse("seller_payment_confirm", args=[order.organization.slug, order.reference]), {}
    )
    assert response.status_code == 400 and "already paid" in response.content.decode()


def test_a_refund_larger_than_paid_is_refused_on_the_page(client_for):
    order = make_order(quantity=1, paid=True)
    client = client_for(producer_of(order.lines.get().offer))
    url = reverse("seller_refund", args=[order.organization.slug, order.reference])
    response = client.post(url, {"amount": "999", "reason": "x"})
    assert response.status_code == 400 and "At most" in response.content.decode()
    assert client.post(url, {"amount": "4.00", "reason": "Late"}).status_code == 302
    order.refresh_from_db()
    assert order.refunded_amount == money("4.00")


def test_the_seller_filters_and_searches_their_orders(client_for):
    offer = make_offer(stock=10)
    paid = make_order(offer=offer, paid=True, buyer=UserFactory(display_name="Zoé Lambert"))
    placed = make_order(offer=offer)
    client = client_for(producer_of(offer))
    url = reverse("seller_order_list", args=[offer.realization.organization.slug])
    page = client.get(url, {"state": "paid"}).content.decode()
    assert paid.reference in page and placed.reference not in page
    page = client.get(url, {"q": "zoé"}, HTTP_HX_REQUEST="true").content.decode()
    assert paid.reference in page and placed.reference not in page


def test_order_pages_escape_what_buyers_typed(client_for):
    offer = make_offer()
    buyer = UserFactory(display_name='<script>alert("x")</script>')
    cart_item_add(actor=buyer, offer=offer, quantity=1)
    from boucle.orders.services import checkout

    (order,) = checkout(
        actor=buyer,
        address={**ADDRESS, "ship_name": "<img src=x onerror=alert(1)>"},
        idempotency_key="k",
        note="<b>hi</b>",
    )
    for client, url in (
        (client_for(buyer), order.get_absolute_url()),
        (client_for(producer_of(offer)), order.get_seller_url()),
    ):
        assert active_content(client.get(url).content.decode()) == []
