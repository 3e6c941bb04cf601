from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import RequestContext, Template
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.ledger.models import Contribution
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Transition
from boucle.reviews.models import Review, ReviewDecision, ReviewWindow
from boucle.reviews.services import decision_answer, review_decide, review_submit
from boucle.reviews.tests.conftest import GOOD_SCORES, REASON
from boucle.reviews.tests.factories import WindowFactory

pytestmark = pytest.mark.django_db


def scorecard_post(scores=GOOD_SCORES, note=""):
    return {**{f"score_{k}": v for k, v in scores.items()}, "note": note}


def render_panel(project, user):
    request = RequestFactory().get(project.get_absolute_url())
    request.user = user
    template = Template("{% load reviews %}{% review_panel project %}")
    return template.render(RequestContext(request, {"project": project}))


# --- review windows -------------------------------------------------------------------------------------


def test_owner_plans_a_window_in_the_browser(client_for, organization, owner):
    # given
    when = (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    url = reverse("review_window_list", args=[organization.slug])
    # when
    response = client_for(owner).post(url, {"title": "Autumn review", "starts_at": when})
    # then
    assert response.status_code == 302
    assert ReviewWindow.objects.get().title == "Autumn review"
    page = client_for(owner).get(url)
    assert "Autumn review" in page.content.decode()
    assert "Plan a review window" in page.content.decode()


def test_window_in_the_past_is_refused_with_a_message(client_for, organization, owner):
    # given
    when = (timezone.now() - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    # when
    response = client_for(owner).post(
        reverse("review_window_list", args=[organization.slug]), {"title": "Too late", "starts_at": when}
    )
    # then
    assert response.status_code == 400
    assert "must open in the future" in response.content.decode()
    assert not ReviewWindow.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "outsider"])
def test_others_cannot_plan_or_delete_windows(request, client_for, organization, who):
    # given
    window = WindowFactory(organization=organization)
    client = client_for(request.getfixturevalue(who))
    when = (timezone.now() + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    # when
    page = client.get(reverse("review_window_list", args=[organization.slug]))
    created = client.post(reverse("review_window_list", args=[organization.slug]), {"title": "x", "starts_at": when})
    deleted = client.post(reverse("review_window_delete", args=[organization.slug, window.pk]))
    # then
    assert page.status_code == 200 and "Plan a review window" not in page.content.decode()
    assert created.status_code == 403 and deleted.status_code == 403
    assert list(ReviewWindow.objects.all()) == [window]


def test_owner_deletes_a_future_window_but_not_an_opened_one(client_for, organization, owner):
    # given
    future = WindowFactory(organization=organization)
    opened = WindowFactory(organization=organization, opened_at=timezone.now())
    client = client_for(owner)
    # when
    client.post(reverse("review_window_delete", args=[organization.slug, future.pk]))
    response = client.post(reverse("review_window_delete", args=[organization.slug, opened.pk]), follow=True)
    # then
    assert list(ReviewWindow.objects.all()) == [opened]
    assert "already opened" in response.content.decode()


def test_htmx_delete_answers_an_empty_row(client_for, organization, owner):
    window = WindowFactory(organization=organization)
    response = client_for(owner).post(
        reverse("review_window_delete", args=[organization.slug, window.pk]), HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200 and response.content == b""
    assert not ReviewWindow.objects.exists()


# --- queue ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "owner", "staff"])
def test_queue_shows_projects_in_review_to_reviewers(request, client_for, project, organization, reviewer, who):
    # given
    review_submit(actor=reviewer, project=project, scores=GOOD_SCORES)
    # when
    response = client_for(request.getfixturevalue(who)).get(reverse("review_queue", args=[organization.slug]))
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert project.title in html
    assert reverse("project_review", args=[project.slug]) in html
    assert "4.0" in html  # design average


@pytest.mark.parametrize("who", ["outsider", "team_member", "producer"])
def test_queue_is_refused_to_others(request, client_for, organization, who):
    response = client_for(request.getfixturevalue(who)).get(reverse("review_queue", args=[organization.slug]))
    assert response.status_code == 403


def test_queue_asks_visitors_to_log_in(client, organization):
    response = client.get(reverse("review_queue", args=[organization.slug]))
    assert response.status_code == 302 and "login" in response["Location"]


# --- scorecards and decisions ---------------------------------------------------------------------------


def test_reviewer_submits_then_updates_a_scorecard(client_for, project, reviewer):
    # given
    client = client_for(reviewer)
    url = reverse("project_review", args=[project.slug])
    # when
    first = client.post(url, scorecard_post(note="Solid"))
    second = client.post(url, scorecard_post({**GOOD_SCORES, "design": 1}, note="Changed"))
    # then
    assert first.status_code == 302 and second.status_code == 302
    review = Review.objects.get()
    assert review.scores["design"] == 1 and review.note == "Changed"
    assert Contribution.objects.count() == 1
    page = client.get(url)
    assert page.status_code == 200 and "Update my scorecard" in page.content.decode()


def test_scorecard_out_of_range_is_refused_on_the_form(client_for, project, reviewer):
    response = client_for(reviewer).post(
        reverse("project_review", args=[project.slug]), scorecard_post({**GOOD_SCORES, "fit": 9})
    )
    assert response.status_code == 400
    assert "errorlist" in response.content.decode()
    assert not Review.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "team_member"])
def test_others_cannot_open_the_review_page_or_post(request, client_for, project, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("project_review", args=[project.slug])).status_code == 403
    assert client.post(reverse("project_review", args=[project.slug]), scorecard_post()).status_code == 403
    decided = client.post(reverse("project_decide", args=[project.slug]), {"decision": "accepted", "reason": REASON})
    assert decided.status_code == 403
    assert not Review.objects.exists() and not ReviewDecision.objects.exists()


def test_decline_without_reason_is_refused_in_the_browser(client_for, project, reviewer):
    # when
    response = client_for(reviewer).post(
        reverse("project_decide", args=[project.slug]), {"decision": "declined", "reason": "   "}
    )
    # then
    assert response.status_code == 400
    assert "reason for your decision" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    assert not ReviewDecision.objects.exists() and not Transition.objects.exists()


def test_accept_in_the_browser(client_for, project, reviewer):
    response = client_for(reviewer).post(
        reverse("project_decide", args=[project.slug]), {"decision": "accepted", "reason": REASON}
    )
    assert response.status_code == 302 and response["Location"].endswith("#review")
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    assert ReviewDecision.objects.get().decision == "accepted"
    assert Transition.objects.get().to_status == ProjectStatus.ACCEPTED


def test_team_answers_once_in_the_browser(client_for, project, reviewer, team_member):
    # given
    review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    client = client_for(team_member)
    url = reverse("decision_answer", args=[project.slug])
    # when
    first = client.post(url, {"answer": "We will come back with a smaller base."})
    second = client.post(url, {"answer": "And another thing"})
    # then
    assert first.status_code == 302
    assert second.status_code == 400 and "already answered" in second.content.decode()
    assert ReviewDecision.objects.get().answer == "We will come back with a smaller base."


def test_outsider_cannot_answer(client_for, project, reviewer, outsider):
    review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    response = client_for(outsider).post(reverse("decision_answer", args=[project.slug]), {"answer": "Me too"})
    assert response.status_code == 403
    assert ReviewDecision.objects.get().answered_at is None


def test_answer_without_decision_is_404(client_for, project, team_member):
    assert client_for(team_member).get(reverse("decision_answer", args=[project.slug])).status_code == 404


# --- the panel on the project page ----------------------------------------------------------------------


def test_panel_shows_criteria_to_everyone_and_forms_only_to_reviewers(project, reviewer, outsider):
    # when
    for_visitor = render_panel(project, AnonymousUser())
    for_reviewer = render_panel(project, reviewer)
    for_outsider = render_panel(project, outsider)
    # then
    for html in (for_visitor, for_reviewer, for_outsider):
        assert "fit with the technology" in html
        assert "ready to produce" in html  # what a 5 means for feasibility
    assert "Publish the decision" in for_reviewer and "Submit my scorecard" in for_reviewer
    assert "Publish the decision" not in for_outsider and "score_design" not in for_outsider


def test_panel_shows_decision_and_answer_form_to_the_team(project, reviewer, team_member, outsider):
    # given
    review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    project.refresh_from_db()
    # when
    for_team = render_panel(project, team_member)
    for_outsider = render_panel(project, outsider)
    # then
    assert REASON in for_team and REASON in for_outsider
    assert reviewer.name in for_outsider
    assert "Publish our answer" in for_team and "Publish our answer" not in for_outsider
    assert "Publish the decision" not in render_panel(project, reviewer)  # no longer in review


def test_panel_queries_are_bounded(project, reviewer, team_member, django_assert_max_num_queries):
    review_submit(actor=reviewer, project=project, scores=GOOD_SCORES)
    project = type(project).objects.select_related("technology__organization").get(pk=project.pk)
    with django_assert_max_num_queries(8):
        render_panel(project, reviewer)


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_user_text_renders_without_active_content(client_for, project, reviewer, owner, team_member, payload):
    # given
    review_submit(actor=reviewer, project=project, scores=GOOD_SCORES, note=payload)
    decision = review_decide(actor=owner, project=project, decision="declined", reason=payload + " " + REASON)
    decision_answer(actor=team_member, decision=decision, answer=payload)
    project.refresh_from_db()
    # when
    pages = [
        render_panel(project, team_member),
        client_for(reviewer).get(reverse("project_review", args=[project.slug])).content.decode(),
        client_for(team_member).get(reverse("decision_answer", args=[project.slug])).content.decode(),
    ]
    # then
    for html in pages:
        assert active_content(html) == []
