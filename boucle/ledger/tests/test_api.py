"""The JSON API of influence and royalties."""

from decimal import Decimal

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.ledger.models import ContributionKind, EntryKind, JournalEntry
from boucle.ledger.royalties import royalty_credit
from boucle.ledger.tests.conftest import record

D = Decimal


@pytest.fixture
def sold(org, project, creator):
    dan, erin = UserFactory(username="dan"), UserFactory(username="erin")
    record(project, dan, ContributionKind.DESIGN_REVISION, 2)
    record(project, dan, ContributionKind.COMMENT_HELPFUL)
    record(project, erin, ContributionKind.SUGGESTION_MERGED)
    record(project, erin, ContributionKind.SUPPORT)
    royalty_credit(
        organization=org,
        currency="EUR",
        project=project,
        net_amount=D("37.00"),
        rate_percent=D("10"),
        source=UserFactory(),
    )
    return {"dan": dan, "erin": erin, "carol": creator}


@pytest.mark.django_db
def test_influence_is_public_and_explained(client, project, sold, org):
    response = client.get(f"/api/projects/{project.slug}/influence")
    assert response.status_code == 200
    body = response.json()
    assert body["total_points"] == 27 and body["organization"] == org.slug
    assert body["shares"][0] == {
        "member": "dan",
        "name": sold["dan"].name,
        "points": 12,
        "share": "4/9",
        "percent": "44.44",
        "acts": [
            {"kind": "design_revision", "count": 2, "weight": 5, "points": 10},
            {"kind": "comment_helpful", "count": 1, "weight": 2, "points": 2},
        ],
    }
    assert client.get("/api/projects/nope/influence").status_code == 404


@pytest.mark.django_db
def test_owners_change_weights_others_cannot(client_for, user, other_user, org):
    assert (
        client_for(other_user)
        .patch(f"/api/orgs/{org.slug}/influence-weights", {"support": 3}, content_type="application/json")
        .status_code
        == 403
    )
    bad = client_for(user).patch(
        f"/api/orgs/{org.slug}/influence-weights", {"support": 1001}, content_type="application/json"
    )
    assert bad.status_code == 422
    ok = client_for(user).patch(
        f"/api/orgs/{org.slug}/influence-weights", {"support": 3}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["weights"]["support"] == 3
    assert ok.json()["defaults"]["support"] == 1


@pytest.mark.django_db
def test_my_earnings_and_statement_lines(client_for, client, sold):
    dan = client_for(sold["dan"])
    body = dan.get("/api/me/earnings").json()
    assert body["balances"][0] | {"organization": None} == {
        "organization": None,
        "currency": "EUR",
        "earned": "1.64",
        "reversed": "0.00",
        "paid": "0.00",
        "owed": "1.64",
    }
    lines = dan.get("/api/me/earnings/lines?currency=eur").json()
    assert lines["count"] == 1 and lines["items"][0]["amount"] == "1.64"
    assert dan.get("/api/me/earnings?currency=EURO").status_code == 422
    assert client.get("/api/me/earnings").status_code == 401


@pytest.mark.django_db
def test_an_owner_records_a_payout_and_sees_what_is_owed(client_for, user, org, sold):
    owner = client_for(user)
    created = owner.post(
        f"/api/orgs/{org.slug}/royalties/payouts",
        {"member": "dan", "currency": "EUR", "amount": "1.50", "reference": "T-1"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["amount"] == "1.50" and created.json()["recorded_by"] == user.username
    owed = {row["member"]: row["owed"] for row in owner.get(f"/api/orgs/{org.slug}/royalties/owed").json()}
    assert owed == {"dan": "0.14", "carol": "1.37", "erin": "0.69"}
    payouts = owner.get(f"/api/orgs/{org.slug}/royalties/payouts").json()
    assert payouts["count"] == 1 and payouts["items"][0]["member"] == "dan"


@pytest.mark.django_db
def test_bad_payouts_are_refused_and_nothing_is_stored(client_for, user, org, sold):
    owner = client_for(user)
    url = f"/api/orgs/{org.slug}/royalties/payouts"
    cases = [
        ({"member": "dan", "currency": "EUR", "amount": "1.65"}, 400),  # more than owed
        ({"member": "dan", "currency": "EUR", "amount": 1.5}, 422),  # a JSON number, not a string
        ({"member": "dan", "currency": "EUR", "amount": "1.555"}, 422),
        ({"member": "dan", "currency": "EUR", "amount": "0"}, 400),
        ({"member": "nobody", "currency": "EUR", "amount": "1"}, 400),
        ({"member": "dan", "currency": "EU", "amount": "1"}, 422),
    ]
    for payload, status in cases:
        response = owner.post(url, payload, content_type="application/json")
        assert response.status_code == status, (payload, response.json())
        assert response.json()["detail"]
    other = client_for(sold["dan"])
    assert (
        other.post(
            url, {"member": "dan", "currency": "EUR", "amount": "1"}, content_type="application/json"
        ).status_code
        == 403
    )
    assert other.get(f"/api/orgs/{org.slug}/royalties/owed").status_code == 403
    assert not JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()


@pytest.mark.django_db
def test_nul_bytes_and_control_characters_are_refused_not_crashing(client_for, user, org, sold):
    owner = client_for(user)
    url = f"/api/orgs/{org.slug}/royalties/payouts"
    for payload in [
        {"member": "da\x00n", "currency": "EUR", "amount": "1"},
        {"member": "dan", "currency": "EUR", "amount": "1", "reference": "T\x00-1"},
    ]:
        response = owner.post(url, payload, content_type="application/json")
        assert response.status_code == 400
    assert client_for(user).get("/api/projects/a%00b/influence").status_code in (400, 404)
    assert not JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()
