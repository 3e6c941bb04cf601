from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.models import Challenge
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def iso(dt):
    return dt.isoformat()


def test_list_and_read_are_public(client):
    challenge = ChallengeFactory(phases__current="design")
    ChallengeFactory(is_published=False)
    body = client.get("/api/challenges/").json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["slug"] == challenge.slug and item["current_phase"] == "design" and item["accepts_projects"] is True
    assert len(item["phases"]) == 5
    assert client.get(f"/api/challenges/{challenge.slug}").status_code == 200
    assert client.get("/api/challenges/nope").status_code == 404


def test_owner_creates_and_updates_with_phases(client_for, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    now = timezone.now()
    owner = client_for(user)
    created = owner.post("/api/challenges/", {
        "technology": technology.slug, "title": "Garden tools", "brief": "Dig",
        "phases": [{"kind": "ideation", "starts_at": iso(now), "ends_at": iso(now + timedelta(days=2))}],
        "support_ladder": "20/10",
    }, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["current_phase"] == "ideation"
    slug = created.json()["slug"]
    updated = owner.patch(f"/api/challenges/{slug}", {
        "title": "Garden", "phases": [
            {"kind": "design", "starts_at": iso(now), "ends_at": iso(now + timedelta(days=1))},
            {"kind": "support", "starts_at": iso(now + timedelta(days=1)), "ends_at": iso(now + timedelta(days=4))},
        ],
    }, content_type="application/json")
    assert updated.status_code == 200
    assert updated.json()["title"] == "Garden" and [p["kind"] for p in updated.json()["phases"]] == ["design", "support"]


def test_non_owner_gets_403(client_for, user, other_user):
    challenge = ChallengeFactory(technology=TechnologyFactory(organization=OrganizationFactory(owner=user)))
    client = client_for(other_user)
    assert client.post("/api/challenges/", {"technology": challenge.technology.slug, "title": "X", "brief": "Y"},
                       content_type="application/json").status_code == 403
    assert client.patch(f"/api/challenges/{challenge.slug}", {"title": "X"},
                        content_type="application/json").status_code == 403
    assert Challenge.objects.count() == 1


def test_bad_phases_get_json_errors_and_change_nothing(client_for, user):
    challenge = ChallengeFactory(technology=TechnologyFactory(organization=OrganizationFactory(owner=user)))
    now = timezone.now()
    owner = client_for(user)
    inverted = owner.patch(f"/api/challenges/{challenge.slug}", {
        "phases": [{"kind": "review", "starts_at": iso(now), "ends_at": iso(now - timedelta(days=1))}],
    }, content_type="application/json")
    assert inverted.status_code == 400 and inverted.json()["detail"]
    twice = owner.patch(f"/api/challenges/{challenge.slug}", {
        "phases": [{"kind": "review", "starts_at": iso(now), "ends_at": iso(now + timedelta(days=1))}] * 2,
    }, content_type="application/json")
    assert twice.status_code == 400
    unknown = owner.patch(f"/api/challenges/{challenge.slug}", {
        "phases": [{"kind": "party", "starts_at": iso(now), "ends_at": iso(now + timedelta(days=1))}],
    }, content_type="application/json")
    assert unknown.status_code == 422
    missing = owner.post("/api/challenges/", {"technology": challenge.technology.slug},
                         content_type="application/json")
    assert missing.status_code == 422
    assert challenge.phases.count() == 5 and Challenge.objects.count() == 1


def test_nul_byte_in_filter_and_path(client):
    assert client.get("/api/challenges/?technology=a%00b").status_code == 400
    assert client.get("/api/challenges/a%00b").status_code == 400
