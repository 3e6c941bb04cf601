"""The "verified buyer" badge: a make linked to a paid order line of the same project, bought by its author."""

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import InvalidInput
from boucle.makes.models import Make
from boucle.makes.selectors import verified_buyer_ids
from boucle.makes.tests.factories import post_make, public_project
from boucle.orders.services import refund_create
from boucle.orders.tests.factories import make_order, producer_of

pytestmark = pytest.mark.django_db


def test_a_buyer_of_a_paid_line_is_a_verified_buyer_on_the_pages_and_the_api(client, client_for):
    # given
    buyer = UserFactory()
    order = make_order(buyer=buyer, paid=True)
    line = order.lines.get()

    # when: the form offers the buyer's order line and links it
    form = client_for(buyer).get(reverse("make_create", args=[line.project.slug])).content.decode()
    response = client_for(buyer).post(
        reverse("make_create", args=[line.project.slug]),
        {"rating": "5", "note": "Arrived fast", "order_line": line.pk},
    )

    # then
    make = Make.objects.get()
    assert f'value="{line.pk}"' in form and response.status_code == 302
    assert make.order_line == line and verified_buyer_ids(makes=[make]) == {make.pk}
    assert "Verified buyer" in client.get(make.get_absolute_url()).content.decode()
    assert "Verified buyer" in client.get(line.project.get_absolute_url()).content.decode()
    assert client.get(f"/api/makes/{make.pk}").json()["verified_buyer"] is True


def test_a_make_linked_to_an_order_without_a_revision_names_the_revision_bought():
    # given a buyer of a realized design
    buyer = UserFactory()
    line = make_order(buyer=buyer, paid=True).lines.get()
    frozen = line.offer.realization.revision
    # when they link their order but leave "what you built" unsaid
    make = post_make(author=buyer, project=line.project, order_line=line)
    # then the make names the frozen revision, so it shows on that design's page
    assert (make.design, make.revision) == (frozen.design, frozen)


def test_an_unpaid_or_wholly_refunded_order_gives_no_badge():
    buyer = UserFactory()
    placed = make_order(buyer=buyer).lines.get()
    make = post_make(author=buyer, project=placed.project, order_line=placed)
    assert verified_buyer_ids(makes=[make]) == set()

    paid_order = make_order(buyer=buyer, offer=placed.offer, paid=True)
    paid = paid_order.lines.get()
    other = post_make(author=buyer, project=paid.project, order_line=paid)
    assert verified_buyer_ids(makes=[other]) == {other.pk}
    refund_create(actor=producer_of(paid.offer), order=paid_order, amount=paid.line_total)
    assert verified_buyer_ids(makes=[other]) == set()


def test_someone_elses_order_line_or_another_projects_is_refused():
    line = make_order(paid=True).lines.get()
    with pytest.raises(InvalidInput) as err:
        post_make(author=UserFactory(), project=line.project, order_line=line)
    assert err.value.field == "order_line"
    with pytest.raises(InvalidInput):
        post_make(author=line.order.buyer, project=public_project(), order_line=line)
    assert not Make.objects.exists()


def test_a_make_without_an_order_is_not_verified():
    make = post_make()
    assert verified_buyer_ids(makes=[make]) == set()
