"""The admin's confirm-payment action goes through the service: same checks, same messages."""

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.orders.tests.factories import make_order

pytestmark = pytest.mark.django_db


def test_staff_confirm_payments_in_the_admin_and_a_paid_order_is_refused(client):
    # given a placed order and a paid one
    placed = make_order()
    paid = make_order(paid=True)
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    # when
    response = client.post(
        reverse("admin:orders_order_changelist"),
        {"action": "confirm_payment", "_selected_action": [placed.pk, paid.pk]},
        follow=True,
    )
    # then
    page = response.content.decode()
    placed.refresh_from_db()
    assert placed.state == "paid"
    assert placed.payments.get().confirmed_by == staff
    assert f"{paid.reference}: Order {paid.reference} is already paid." in page
    assert paid.payments.filter(status="confirmed").count() == 1


def test_the_order_page_opens_with_its_lines_and_history(client):
    order = make_order(paid=True)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert order.reference in page and "The castle kit" in page
