from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from boucle.accounts.services import token_create
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Transition
from boucle.reviews.models import Review, ReviewDecision, ReviewWindow
from boucle.reviews.services import review_decide, review_submit
from boucle.reviews.tests.conftest import GOOD_SCORES, REASON
from boucle.reviews.tests.factories import WindowFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    """api(member) -> a client that sends the member's personal token; api(None) -> anonymous."""

    def make(member):
        if member is None:
            return Client()
        _token, key = token_create(actor=member, name="tests")
        return Client(HTTP_AUTHORIZATION=f"Bearer {key}")

    return make


def post(client, url, data):
    return client.post(url, data, content_type="application/json")


def assert_error(response, status):
    assert response.status_code == status, response.content
    assert isinstance(response.json()["detail"], str) and response.json()["detail"]


# --- windows --------------------------------------------------------------------------------------------


def test_owner_creates_lists_and_deletes_windows(api, organization, owner):
    # given
    client = api(owner)
    url = f"/api/orgs/{organization.slug}/review-windows"
    starts = (timezone.now() + timedelta(days=10)).isoformat()
    # when
    created = post(client, url, {"title": "Winter review", "starts_at": starts})
    listed = api(None).get(url)
    # then
    assert created.status_code == 201
    body = created.json()
    assert body["title"] == "Winter review" and body["is_open"] is False
    assert listed.status_code == 200 and [w["title"] for w in listed.json()["items"]] == ["Winter review"]
    deleted = client.delete(f"{url}/{body['id']}")
    assert deleted.status_code == 204
    assert not ReviewWindow.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_others_cannot_create_or_delete_windows(request, api, organization, who):
    # given
    client = api(request.getfixturevalue(who))
    window = WindowFactory(organization=organization)
    url = f"/api/orgs/{organization.slug}/review-windows"
    # when
    created = post(client, url, {"title": "x", "starts_at": (timezone.now() + timedelta(days=1)).isoformat()})
    deleted = client.delete(f"{url}/{window.pk}")
    # then
    assert_error(created, 403)
    assert_error(deleted, 403)
    assert list(ReviewWindow.objects.all()) == [window]


def test_window_errors_are_json(api, organization, owner):
    client = api(owner)
    url = f"/api/orgs/{organization.slug}/review-windows"
    assert_error(post(client, url, {"title": "x", "starts_at": (timezone.now() - timedelta(days=1)).isoformat()}), 400)
    assert_error(post(client, url, {"title": "x", "starts_at": "not a date"}), 422)
    assert_error(post(api(None), url, {"title": "x", "starts_at": timezone.now().isoformat()}), 401)
    opened = WindowFactory(organization=organization, opened_at=timezone.now())
    assert_error(client.delete(f"{url}/{opened.pk}"), 409)
    assert_error(client.delete(f"{url}/999999"), 404)
    assert_error(api(None).get("/api/orgs/no-such-org/review-windows"), 404)
    assert ReviewWindow.objects.count() == 1


def test_criteria_are_public(api, organization):
    response = api(None).get(f"/api/orgs/{organization.slug}/review-criteria")
    assert response.status_code == 200
    assert [c["key"] for c in response.json()] == ["design", "fit", "demand", "feasibility"]
    assert all(c["low"] and c["high"] for c in response.json())


# --- queue ----------------------------------------------------------------------------------------------


def test_queue_for_reviewers(api, project, organization, reviewer):
    # given
    review_submit(actor=reviewer, project=project, scores=GOOD_SCORES)
    # when
    response = api(reviewer).get(f"/api/orgs/{organization.slug}/review-queue")
    # then
    assert response.status_code == 200
    entry = response.json()["in_review"][0]
    assert entry["slug"] == project.slug and entry["scorecards"] == 1 and entry["reviewed_by_me"] is True
    assert {a["criterion"]: a["average"] for a in entry["averages"]} == {k: float(v) for k, v in GOOD_SCORES.items()}


@pytest.mark.parametrize("who", ["outsider", "team_member"])
def test_queue_refused_to_others(request, api, organization, who):
    assert_error(api(request.getfixturevalue(who)).get(f"/api/orgs/{organization.slug}/review-queue"), 403)


# --- scorecards -----------------------------------------------------------------------------------------


def test_scorecard_created_then_updated(api, project, reviewer):
    # given
    client = api(reviewer)
    url = f"/api/projects/{project.slug}/reviews"
    # when
    first = post(client, url, {"scores": GOOD_SCORES, "note": "good"})
    second = post(client, url, {"scores": {**GOOD_SCORES, "demand": 5}})
    # then
    assert first.status_code == 201 and second.status_code == 200
    assert first.json()["id"] == second.json()["id"] and second.json()["scores"]["demand"] == 5
    assert Review.objects.count() == 1
    assert Contribution.objects.filter(kind=ContributionKind.REVIEW).count() == 1
    listed = client.get(url)
    assert listed.status_code == 200 and listed.json()["count"] == 1


@pytest.mark.parametrize(
    "payload,status",
    [
        ({"scores": {**GOOD_SCORES, "design": 6}}, 400),
        ({"scores": {**GOOD_SCORES, "design": 0}}, 400),
        ({"scores": {**GOOD_SCORES, "colour": 3}}, 400),
        ({"scores": {"design": 3}}, 400),
        ({"scores": {**GOOD_SCORES, "design": "4"}}, 422),
        ({"scores": {**GOOD_SCORES, "design": 2.5}}, 422),
        ({"scores": "all fives"}, 422),
        ({}, 422),
    ],
)
def test_bad_scorecards_are_refused(api, project, reviewer, payload, status):
    response = post(api(reviewer), f"/api/projects/{project.slug}/reviews", payload)
    assert_error(response, status)
    assert not Review.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "team_member", "producer"])
def test_others_cannot_score_or_read_scorecards(request, api, project, who):
    client = api(request.getfixturevalue(who))
    assert_error(post(client, f"/api/projects/{project.slug}/reviews", {"scores": GOOD_SCORES}), 403)
    assert_error(client.get(f"/api/projects/{project.slug}/reviews"), 403)
    assert not Review.objects.exists()


# --- decisions ------------------------------------------------------------------------------------------


def test_accept_through_the_api(api, project, reviewer):
    # when
    response = post(api(reviewer), f"/api/projects/{project.slug}/decision", {"decision": "accepted", "reason": REASON})
    # then
    assert response.status_code == 201
    assert response.json()["decision"] == "accepted" and response.json()["decided_by"]["username"] == reviewer.username
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    assert Transition.objects.get().to_status == ProjectStatus.ACCEPTED


@pytest.mark.parametrize("reason", ["", "   ", "Nope."])
def test_decline_without_reason_is_refused_through_the_api(api, project, reviewer, reason):
    response = post(api(reviewer), f"/api/projects/{project.slug}/decision", {"decision": "declined", "reason": reason})
    assert_error(response, 400)
    assert "reason" in response.json()["errors"]
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    assert not ReviewDecision.objects.exists() and not Transition.objects.exists()


def test_decision_errors(api, project, reviewer, outsider):
    url = f"/api/projects/{project.slug}/decision"
    assert_error(post(api(outsider), url, {"decision": "accepted", "reason": REASON}), 403)
    assert_error(post(api(reviewer), url, {"decision": "maybe", "reason": REASON}), 422)
    assert_error(post(api(reviewer), "/api/projects/nope/decision", {"decision": "accepted", "reason": REASON}), 404)
    assert not ReviewDecision.objects.exists()
    post(api(reviewer), url, {"decision": "accepted", "reason": REASON})
    assert_error(post(api(reviewer), url, {"decision": "declined", "reason": REASON}), 409)


def test_team_answers_once_and_decisions_are_public(api, project, reviewer, team_member, outsider):
    # given
    review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    url = f"/api/projects/{project.slug}/decision/answer"
    # when
    assert_error(post(api(outsider), url, {"answer": "Me too"}), 403)
    first = post(api(team_member), url, {"answer": "We will rework it."})
    second = post(api(team_member), url, {"answer": "Again"})
    public = api(None).get(f"/api/projects/{project.slug}/decisions")
    # then
    assert first.status_code == 200 and first.json()["answer"] == "We will rework it."
    assert_error(second, 409)
    assert public.status_code == 200
    [item] = public.json()["items"]
    assert item["reason"] == REASON and item["answer"] == "We will rework it."
    assert item["answered_by"]["username"] == team_member.username


def test_answer_without_decision_is_404(api, project, team_member):
    assert_error(post(api(team_member), f"/api/projects/{project.slug}/decision/answer", {"answer": "Hello"}), 404)
