"""The realization API: adopt, offers, stock, runs, seller settings, grants — the same rules as the pages."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import Licence, ProjectStatus
from boucle.projects.tests.factories import force_status
from boucle.realization.models import CommercialGrant, Offer, ProductionRun, Realization
from boucle.realization.tests.factories import accepted_design, make_producer, make_realization

pytestmark = pytest.mark.django_db


def test_a_producer_adopts_publishes_an_offer_and_the_shop_lists_it(client_for, client):
    # given an accepted brick-like design and a producer
    alice = UserFactory(display_name="Alice Martin")
    design = accepted_design(owner=alice, licence=Licence.BY_SA)
    producer, org = make_producer()
    api = client_for(producer)
    # when the producer adopts it and publishes an offer
    response = api.post(
        "/api/realizations",
        {"project": design.project.slug, "organization": org.slug, "revision": design.head.pk},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    realization = response.json()
    assert realization["attribution"][0]["authors"][0]["name"] == "Alice Martin"
    assert realization["revision"]["id"] == design.head.pk and realization["adopted_by"] == producer.username
    response = api.post(
        f"/api/realizations/{realization['id']}/offers",
        {
            "title": "Basket kit",
            "kind": "kit",
            "price": "19.90",
            "stock": 4,
            "shipping_regions": ["fr", "EU"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    offer = response.json()
    assert (
        offer["price"] == "19.90" and offer["currency"] == "EUR" and offer["shipping_regions"] == ["FR", "EU"]
    )
    # then anyone sees it in the shop, and the kit lines of the frozen revision
    shop = client.get("/api/offers").json()
    assert [o["id"] for o in shop["items"]] == [offer["id"]]
    kit = client.get(f"/api/realizations/{realization['id']}/kit").json()
    assert [(line["part"], line["quantity"]) for line in kit["lines"]] == [("apple", "3")]


def test_refusals_are_json_with_the_field_and_nothing_changes(client_for):
    design = accepted_design(licence=Licence.BY_NC)
    producer, org = make_producer()
    api = client_for(producer)
    payload = {"project": design.project.slug, "organization": org.slug, "revision": design.head.pk}
    # NC without grants
    response = api.post("/api/realizations", payload, content_type="application/json")
    assert response.status_code == 403 and "commercial grant" in response.json()["detail"]
    # unknown revision
    response = api.post("/api/realizations", payload | {"revision": 999999}, content_type="application/json")
    assert response.status_code == 400 and "revision" in response.json()["errors"]
    # not accepted
    force_status(design.project, ProjectStatus.IN_REVIEW)
    response = api.post("/api/realizations", payload, content_type="application/json")
    assert response.status_code == 409
    assert not Realization.objects.exists()


def test_bad_offers_and_stock_changes_are_refused(client_for):
    realization = make_realization()
    api = client_for(realization.adopted_by)
    url = f"/api/realizations/{realization.pk}/offers"
    for bad in ({"price": "-1"}, {"price": "0"}, {"stock": -1}, {"price": "1.001"}):
        body = {"title": "Kit", "price": "10", "stock": 1} | bad
        response = api.post(url, body, content_type="application/json")
        assert response.status_code == 400, (bad, response.content)
    assert not Offer.objects.exists()
    offer = api.post(url, {"title": "Kit", "price": "10", "stock": 1}, content_type="application/json").json()
    response = api.post(f"/api/offers/{offer['id']}/stock", {"delta": -2}, content_type="application/json")
    assert response.status_code == 409
    assert (
        api.post(f"/api/offers/{offer['id']}/stock", {"delta": 4}, content_type="application/json").json()[
            "stock"
        ]
        == 5
    )
    other = client_for(UserFactory())
    assert other.post(f"/api/offers/{offer['id']}/withdraw").status_code == 403
    assert api.post(f"/api/offers/{offer['id']}/withdraw").json()["status"] == "withdrawn"


def test_runs_through_the_api_check_the_kits_stock(client_for):
    realization = make_realization(design=accepted_design(counters=(("pear", 2),)))
    api = client_for(realization.adopted_by)
    url = f"/api/realizations/{realization.pk}/runs"
    response = api.post(url, {"quantity": 6}, content_type="application/json")
    assert response.status_code == 400 and "pear" in response.json()["detail"]
    assert not ProductionRun.objects.exists()
    run = api.post(url, {"quantity": 2}, content_type="application/json").json()
    assert run["parts"][0]["quantity"] == "4"
    response = api.post(
        f"/api/runs/{run['id']}/status", {"status": "in_production"}, content_type="application/json"
    )
    assert response.json()["status"] == "in_production"
    assert client_for(UserFactory()).get(url).status_code == 403


def test_grants_and_seller_settings(client_for, client):
    alice = UserFactory()
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    api = client_for(alice)
    grant = api.post("/api/grants", {"organization": org.slug}, content_type="application/json")
    assert grant.status_code == 201 and grant.json()["project"] is None
    assert (
        api.post("/api/grants", {"organization": org.slug}, content_type="application/json").status_code
        == 409
    )
    assert (
        api.post("/api/grants", {"organization": "nope"}, content_type="application/json").status_code == 404
    )
    assert len(client_for(owner).get(f"/api/orgs/{org.slug}/grants").json()) == 1
    assert [g["organization"] for g in api.get("/api/grants").json()] == [org.slug]
    revoked = api.post(f"/api/grants/{grant.json()['id']}/revoke").json()
    assert revoked["revoked_at"] is not None and CommercialGrant.objects.get().revoked_at is not None
    url = f"/api/orgs/{org.slug}/seller-settings"
    assert client.get(url).json() == {"organization": org.slug, "currency": "EUR", "royalty_percent": "10.00"}
    assert (
        client_for(alice)
        .put(url, {"currency": "USD", "royalty_percent": "5"}, content_type="application/json")
        .status_code
        == 403
    )
    response = client_for(owner).put(
        url, {"currency": "usd", "royalty_percent": "12.5"}, content_type="application/json"
    )
    assert response.json() == {"organization": org.slug, "currency": "USD", "royalty_percent": "12.50"}
