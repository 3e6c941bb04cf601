"""The orders API: cart, checkout with an Idempotency-Key, orders, transitions, payment, refunds."""

import json

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.orders.models import Order
from boucle.orders.tests.factories import ADDRESS, make_offer, make_order, producer_of

pytestmark = pytest.mark.django_db


def _post(client, url, body=None, **headers):
    return client.post(url, json.dumps(body or {}), content_type="application/json", **headers)


def test_a_member_fills_the_cart_and_checks_out_once_per_key(client_for, user):
    # given
    offer = make_offer(stock=5, price="24.00")
    client = client_for(user)
    # when
    cart = _post(client, "/api/cart/items", {"offer": offer.pk, "quantity": 2}).json()
    assert cart["groups"][0]["total"] == "48.00"
    first = _post(client, "/api/cart/checkout", ADDRESS, HTTP_IDEMPOTENCY_KEY="3f2a-1")
    again = _post(client, "/api/cart/checkout", ADDRESS, HTTP_IDEMPOTENCY_KEY="3f2a-1")
    # then
    assert first.status_code == 201
    assert again.status_code == 200
    assert again.json() == first.json()
    (order,) = first.json()
    assert order["state"] == "placed" and order["total"] == "48.00"
    assert order["payment_instructions"]["reference"] == order["reference"]
    assert Order.objects.count() == 1
    offer.refresh_from_db()
    assert offer.stock == 3
    assert client.get("/api/orders").json()["items"][0]["reference"] == order["reference"]


def test_checkout_without_an_idempotency_key_is_refused(client_for, user):
    offer = make_offer()
    client = client_for(user)
    _post(client, "/api/cart/items", {"offer": offer.pk, "quantity": 1})
    response = _post(client, "/api/cart/checkout", ADDRESS)
    assert response.status_code == 422
    assert not Order.objects.exists()


@pytest.mark.parametrize("quantity", [0, -4])
def test_a_zero_or_negative_quantity_is_refused_with_a_message(client_for, user, quantity):
    offer = make_offer()
    response = _post(client_for(user), "/api/cart/items", {"offer": offer.pk, "quantity": quantity})
    assert response.status_code == 400
    assert response.json() == {
        "detail": "The quantity must be at least 1.",
        "errors": {"quantity": ["The quantity must be at least 1."]},
    }


def test_an_out_of_stock_checkout_is_a_conflict_and_changes_nothing(client_for, user):
    offer = make_offer(stock=1)
    client = client_for(user)
    _post(client, "/api/cart/items", {"offer": offer.pk, "quantity": 2})
    response = _post(client, "/api/cart/checkout", ADDRESS, HTTP_IDEMPOTENCY_KEY="k")
    assert response.status_code == 409
    assert "Only 1 of" in response.json()["detail"]
    assert client.get("/api/cart").json()["groups"][0]["items"][0]["quantity"] == 2
    offer.refresh_from_db()
    assert offer.stock == 1 and not Order.objects.exists()


def test_the_seller_confirms_payment_ships_and_refunds_through_the_api(client_for):
    order = make_order(quantity=2)  # 48.00
    seller = client_for(producer_of(order.lines.get().offer))
    base = f"/api/orders/{order.reference}"
    paid = _post(seller, f"{base}/payment", {"reference": "VIR-9"})
    assert paid.status_code == 200 and paid.json()["state"] == "paid"
    twice = _post(seller, f"{base}/payment", {})
    assert twice.status_code == 409 and "already paid" in twice.json()["detail"]
    shipped = _post(seller, f"{base}/transitions", {"to_state": "shipped", "note": "parcel 42"})
    assert shipped.json()["events"][-1]["note"] == "parcel 42"
    too_much = _post(seller, f"{base}/refunds", {"amount": "48.01"})
    assert too_much.status_code == 400
    refund = _post(seller, f"{base}/refunds", {"amount": "10", "reason": "Dented box"})
    assert refund.status_code == 201 and refund.json()["amount"] == "10.00"
    listed = seller.get(f"/api/orgs/{order.organization.slug}/orders", {"state": "shipped"}).json()
    assert [o["reference"] for o in listed["items"]] == [order.reference]
    assert listed["items"][0]["refunded_amount"] == "10.00"


def test_unknown_orders_and_other_peoples_orders_are_not_found(client_for):
    order = make_order()
    stranger = client_for(UserFactory())
    assert _post(stranger, "/api/orders/BCL-NOPE/payment", {}).status_code == 404
    assert _post(stranger, f"/api/orders/{order.reference}/payment", {}).status_code == 404
    assert stranger.get(f"/api/orders/{order.reference}").status_code == 404
    assert stranger.get(f"/api/orgs/{order.organization.slug}/orders").status_code == 404
    order.refresh_from_db()
    assert order.state == "placed"


def test_the_buyer_cannot_confirm_their_own_payment(client_for):
    order = make_order()
    response = _post(client_for(order.buyer), f"/api/orders/{order.reference}/payment", {})
    assert response.status_code == 403
    order.refresh_from_db()
    assert order.state == "placed"


def test_an_illegal_transition_is_a_conflict_with_the_reason(client_for):
    order = make_order()
    seller = client_for(producer_of(order.lines.get().offer))
    response = _post(seller, f"/api/orders/{order.reference}/transitions", {"to_state": "delivered"})
    assert response.status_code == 409
    assert response.json()["detail"] == "An order that is placed cannot become delivered."


def test_visitors_need_to_log_in(client):
    assert client.get("/api/cart").status_code == 401
    assert _post(client, "/api/cart/checkout", ADDRESS, HTTP_IDEMPOTENCY_KEY="k").status_code == 401
