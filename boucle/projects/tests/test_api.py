from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, SecondChanceVote, Support
from boucle.projects.tests.factories import force_status, make_project
from boucle.projects.tests.test_services import png

pytestmark = pytest.mark.django_db

API = "/api/projects"


def test_a_member_creates_publishes_and_reads_a_project(client_for, user):
    # given
    technology = TechnologyFactory()
    c = client_for(user)
    # when
    created = c.post(
        f"{API}/",
        {
            "title": "Castle",
            "pitch": "Opens.",
            "technology": technology.slug,
            "tags": ["castle"],
            "licence": "CC0-1.0",
        },
        content_type="application/json",
    )
    published = c.post(f"{API}/castle/publish")
    # then
    assert created.status_code == 201
    body = created.json()
    assert body["slug"] == "castle" and body["status"] == "draft" and body["tags"] == ["castle"]
    assert body["team"] == [{"username": "alice", "name": user.name, "role": "owner"}]
    assert published.status_code == 200 and published.json()["status"] == "published"
    assert published.json()["support_ladder"][0] == {"supporters": 100, "days": 60}
    transitions = c.get(f"{API}/castle/transitions").json()
    assert [(t["from_status"], t["to_status"], t["actor"]) for t in transitions] == [
        ("draft", "published", "alice")
    ]


def test_bad_input_answers_4xx_json_and_creates_nothing(client_for, user):
    c = client_for(user)
    technology = TechnologyFactory()
    bad = [
        {"title": "", "pitch": "p", "technology": technology.slug},
        {"title": "T", "pitch": "p", "technology": "nope"},
        {"title": "T", "pitch": "p", "technology": technology.slug, "licence": "GPL"},
        {"title": "T\x00", "pitch": "p", "technology": technology.slug},
        {"title": "T", "pitch": "p", "technology": technology.slug, "tags": [str(i) for i in range(11)]},
        {"pitch": "p"},
    ]
    for payload in bad:
        response = c.post(f"{API}/", payload, content_type="application/json")
        assert 400 <= response.status_code < 500, payload
        assert "detail" in response.json()
    assert not Project.objects.exists()


def test_writes_need_authentication(client):
    response = client.post(f"{API}/", {}, content_type="application/json")
    assert response.status_code == 401 and "detail" in response.json()


def test_drafts_are_404_except_for_their_team(client, client_for, user, other_user):
    project = make_project(owner=user)
    assert client.get(f"{API}/{project.slug}").status_code == 404
    assert client_for(other_user).get(f"{API}/{project.slug}").json() == {"detail": "Not found."}
    assert client_for(other_user).get(f"{API}/{project.slug}/transitions").status_code == 404
    assert client_for(user).get(f"{API}/{project.slug}").status_code == 200


def test_a_foreign_edit_is_403_and_changes_nothing(client_for, user, other_user):
    project = make_project(owner=user, publish=True)
    response = client_for(other_user).patch(
        f"{API}/{project.slug}", {"title": "Mine"}, content_type="application/json"
    )
    assert response.status_code == 403 and response.json()["detail"]
    assert (
        client_for(other_user)
        .post(f"{API}/{project.slug}/archive", {"reason": "x"}, content_type="application/json")
        .status_code
        == 403
    )
    project.refresh_from_db()
    assert project.title != "Mine" and project.status == ProjectStatus.PUBLISHED


def test_team_edits_archives_and_uploads_a_cover(client_for, user):
    project = make_project(owner=user, publish=True)
    c = client_for(user)
    response = c.patch(
        f"{API}/{project.slug}", {"pitch": "Better.", "tags": ["a", "b"]}, content_type="application/json"
    )
    assert (
        response.status_code == 200
        and response.json()["pitch"] == "Better."
        and response.json()["tags"] == ["a", "b"]
    )
    response = c.post(f"{API}/{project.slug}/cover", {"cover": png()})
    assert response.status_code == 200 and response.json()["cover"].startswith("projects/")
    bad = c.post(f"{API}/{project.slug}/cover", {"cover": png().__class__("x.png", b"nope")})
    assert bad.status_code == 400 and bad.json()["errors"] == {"cover": [bad.json()["detail"]]}
    assert (
        c.post(f"{API}/{project.slug}/archive", {"reason": ""}, content_type="application/json").status_code
        == 400
    )
    response = c.post(f"{API}/{project.slug}/archive", {"reason": "Done."}, content_type="application/json")
    assert response.json()["status"] == "archived"


def test_support_and_withdraw(client_for, user, other_user):
    # given
    project = make_project(owner=user, publish=True)
    c = client_for(other_user)
    # when / then
    assert c.post(f"{API}/{project.slug}/support").json() == {
        "supported": True,
        "support_count": 1,
        "status": "published",
    }
    again = c.post(f"{API}/{project.slug}/support")
    assert again.status_code == 409 and again.json()["detail"] == "You already support this project."
    assert client_for(user).post(f"{API}/{project.slug}/support").status_code == 403
    assert c.delete(f"{API}/{project.slug}/support").json()["support_count"] == 0
    assert c.delete(f"{API}/{project.slug}/support").status_code == 409
    assert not Support.objects.exists()
    assert Contribution.objects.filter(kind=ContributionKind.SUPPORT).count() == 2


def test_team_add_and_remove(client_for, user, other_user):
    project = make_project(owner=user)
    c = client_for(user)
    response = c.post(f"{API}/{project.slug}/team", {"username": "bob"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["role"] == "coauthor"
    assert (
        c.post(
            f"{API}/{project.slug}/team", {"username": "ghost"}, content_type="application/json"
        ).status_code
        == 400
    )
    assert c.delete(f"{API}/{project.slug}/team/alice").status_code == 409
    assert c.delete(f"{API}/{project.slug}/team/bob").status_code == 204
    assert c.delete(f"{API}/{project.slug}/team/ghost").status_code == 404


def test_list_filters_sorts_and_paginates(client, user):
    a = make_project(owner=user, publish=True, title="Alpha", tags="castle")
    make_project(owner=user, publish=True, title="Bravo")
    make_project(owner=user, title="Draft")
    Project.objects.filter(pk=a.pk).update(support_count=7)
    body = client.get(f"{API}/", {"sort": "supported", "page_size": 1}).json()
    assert (body["count"], body["pages"], body["items"][0]["title"]) == (2, 2, "Alpha")
    assert [p["title"] for p in client.get(f"{API}/", {"tag": "castle"}).json()["items"]] == ["Alpha"]
    assert client.get(f"{API}/", {"sort": "loudest"}).status_code == 422
    assert client.get(f"{API}/", {"stage": "nope"}).status_code == 422
    nul = client.get(f"{API}/", {"tag": "a\x00b"})  # refused by the NUL middleware, or simply no match
    assert nul.status_code == 400 or nul.json()["count"] == 0


def test_second_chance_through_the_api(client, client_for, user, other_user):
    # given
    technology = TechnologyFactory()
    org = technology.organization
    expired = force_status(
        make_project(owner=user, technology=technology, publish=True), ProjectStatus.EXPIRED
    )
    now = timezone.now()
    owner = client_for(org.created_by)
    payload = {
        "organization": org.slug,
        "title": "Again",
        "opens_at": (now - timedelta(hours=1)).isoformat(),
        "closes_at": (now + timedelta(days=2)).isoformat(),
        "candidates": [expired.slug],
    }
    # when
    assert (
        client_for(other_user)
        .post(f"{API}/second-chances", payload, content_type="application/json")
        .status_code
        == 403
    )
    created = owner.post(f"{API}/second-chances", payload, content_type="application/json")
    round_id = created.json()["id"]
    vote = client_for(other_user).post(
        f"{API}/second-chances/{round_id}/vote", {"project": expired.slug}, content_type="application/json"
    )
    # then
    assert created.status_code == 201 and created.json()["is_open"] is True
    assert vote.json() == {"round": round_id, "project": expired.slug}
    assert SecondChanceVote.objects.count() == 1
    detail = client.get(f"{API}/second-chances/{round_id}").json()
    assert detail["candidates"][0]["votes"] == 1
    assert client.get(f"{API}/second-chances", {"organization": org.slug}).json()["count"] == 1
    bad = client_for(other_user).post(
        f"{API}/second-chances/{round_id}/vote", {"project": "x"}, content_type="application/json"
    )
    assert bad.status_code == 400


def test_naive_dates_are_accepted_as_local_time(client_for):
    technology = TechnologyFactory()
    org = technology.organization
    expired = force_status(make_project(technology=technology, publish=True), ProjectStatus.EXPIRED)
    payload = {
        "organization": org.slug,
        "title": "Again",
        "opens_at": "2030-01-01T10:00:00",
        "closes_at": "2030-01-02T10:00:00",
        "candidates": [expired.slug],
    }
    assert (
        client_for(org.created_by)
        .post(f"{API}/second-chances", payload, content_type="application/json")
        .status_code
        == 201
    )


def test_a_team_member_reads_their_draft_with_a_token(client, user):
    from boucle.accounts.models import ApiToken

    # given
    project = make_project(owner=user)
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, key_hash=ApiToken.hash_key(key), name="script", hint=key[:8])
    # when
    response = client.get(f"{API}/{project.slug}", HTTP_AUTHORIZATION=f"Bearer {key}")
    # then
    assert response.status_code == 200 and response.json()["status"] == "draft"


def test_supports_are_rate_limited_in_the_api_and_the_pages(client_for, user, other_user, settings):
    # given
    settings.RATELIMIT_ENABLE = True
    from django.core.cache import cache

    cache.clear()
    project = make_project(owner=user, publish=True)
    c = client_for(other_user)
    # when a member toggles their support in a loop, within one rate window (the clock is held still so the test
    # never straddles two windows)
    from unittest import mock

    with mock.patch("django_ratelimit.core.time.time", return_value=1_800_000_000.0):
        codes = [
            (c.post if i % 2 == 0 else c.delete)(f"{API}/{project.slug}/support").status_code
            for i in range(31)
        ]
        page = c.post(f"/projects/{project.slug}/support/")
    # then the 31st call of the minute is refused, with the JSON error body, and so is the page's button
    assert codes[:30] == [201, 200] * 15 and codes[30] == 429
    assert page.status_code == 429
    project.refresh_from_db()
    assert project.support_count == Support.objects.count() == 0
