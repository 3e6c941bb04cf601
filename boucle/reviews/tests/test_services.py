from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Transition
from boucle.reviews.models import Review, ReviewDecision, ReviewWindow
from boucle.reviews.selectors import review_criteria, review_queue
from boucle.reviews.services import (
    decision_answer,
    review_decide,
    review_submit,
    review_window_create,
    review_window_delete,
)
from boucle.reviews.tests.conftest import GOOD_SCORES, REASON
from boucle.reviews.tests.factories import ProjectInReviewFactory, WindowFactory

pytestmark = pytest.mark.django_db


# --- scorecards -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["reviewer", "owner", "staff"])
def test_reviewers_owners_and_staff_can_score(request, project, who):
    # given
    actor = request.getfixturevalue(who)
    # when
    review, created = review_submit(actor=actor, project=project, scores=GOOD_SCORES, note="Nice")
    # then
    assert created
    assert review.scores == GOOD_SCORES
    assert Review.objects.filter(project=project, reviewer=actor).count() == 1


@pytest.mark.parametrize("who", ["outsider", "producer", "team_member"])
def test_others_cannot_score(request, project, who):
    # given
    actor = request.getfixturevalue(who)
    # when / then
    with pytest.raises(NotAllowed):
        review_submit(actor=actor, project=project, scores=GOOD_SCORES)
    assert not Review.objects.exists()
    assert not Contribution.objects.exists()


def test_reviewer_of_another_organization_cannot_score(project, reviewer):
    # given
    elsewhere = ProjectInReviewFactory()
    # when / then
    with pytest.raises(NotAllowed):
        review_submit(actor=reviewer, project=elsewhere, scores=GOOD_SCORES)
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "scores",
    [
        {**GOOD_SCORES, "design": 0},
        {**GOOD_SCORES, "design": 6},
        {**GOOD_SCORES, "fit": -1},
        {**GOOD_SCORES, "demand": 3.5},
        {**GOOD_SCORES, "demand": True},
        {**GOOD_SCORES, "demand": "lots"},
        {**GOOD_SCORES, "beauty": 4},
        {"design": 4},
        {},
        ["design", 4],
    ],
)
def test_bad_scores_are_refused(project, reviewer, scores):
    # when / then
    with pytest.raises(InvalidInput):
        review_submit(actor=reviewer, project=project, scores=scores)
    assert not Review.objects.exists()
    assert not Contribution.objects.exists()


def test_second_submission_updates_the_scorecard(project, reviewer):
    # given
    first, _ = review_submit(actor=reviewer, project=project, scores=GOOD_SCORES, note="first")
    # when
    second, created = review_submit(actor=reviewer, project=project, scores={**GOOD_SCORES, "design": 1}, note="second")
    # then
    assert not created
    assert second.pk == first.pk
    assert Review.objects.count() == 1
    second.refresh_from_db()
    assert second.scores["design"] == 1 and second.note == "second"


def test_first_scorecard_is_a_review_contribution_and_updates_are_not(project, reviewer):
    # when
    review, _ = review_submit(actor=reviewer, project=project, scores=GOOD_SCORES)
    review_submit(actor=reviewer, project=project, scores=GOOD_SCORES, note="changed my mind")
    # then
    rows = list(Contribution.objects.all())
    assert len(rows) == 1
    assert rows[0].kind == ContributionKind.REVIEW
    assert rows[0].actor == reviewer and rows[0].project_id == project.pk
    assert rows[0].subject == review


def test_scoring_a_project_not_in_review_is_refused(project, reviewer):
    # given
    project.status = ProjectStatus.SUPPORTED
    project.save()
    # when / then
    with pytest.raises(Conflict):
        review_submit(actor=reviewer, project=project, scores=GOOD_SCORES)
    assert not Review.objects.exists()


def test_organization_criteria_are_the_ones_scored(project, reviewer, organization):
    # given
    organization.review_criteria = [{"key": "taste", "label": "Taste", "low": "bland", "high": "superb"}]
    organization.save()
    # when
    review, _ = review_submit(actor=reviewer, project=project, scores={"taste": 5})
    # then
    assert review.scores == {"taste": 5}
    with pytest.raises(InvalidInput):
        review_submit(actor=reviewer, project=project, scores=GOOD_SCORES)


def test_default_criteria_say_what_1_and_5_mean(organization):
    criteria = review_criteria(organization=organization)
    assert [c.key for c in criteria] == ["design", "fit", "demand", "feasibility"]
    assert all(c.low and c.high and c.low != c.high for c in criteria)


# --- decisions ------------------------------------------------------------------------------------------


def test_accept_writes_decision_and_transition(project, reviewer):
    # when
    decision = review_decide(actor=reviewer, project=project, decision="accepted", reason=REASON)
    # then
    project.refresh_from_db()
    assert project.status == ProjectStatus.ACCEPTED
    assert decision.decision == "accepted" and decision.reason == REASON and decision.decided_by == reviewer
    transition = Transition.objects.get(project=project)
    assert (transition.from_status, transition.to_status) == (ProjectStatus.IN_REVIEW, ProjectStatus.ACCEPTED)
    assert transition.actor == reviewer and transition.reason == REASON


def test_decline_writes_decision_and_transition(project, owner):
    # when
    review_decide(actor=owner, project=project, decision="declined", reason=REASON)
    # then
    project.refresh_from_db()
    assert project.status == ProjectStatus.DECLINED
    assert ReviewDecision.objects.get(project=project).decision == "declined"
    assert Transition.objects.get(project=project).to_status == ProjectStatus.DECLINED


@pytest.mark.parametrize("decision", ["declined", "accepted"])
@pytest.mark.parametrize("reason", ["", "   \n\t ", "Too short.", " " * 30 + "short" + " " * 30])
def test_decision_without_a_real_reason_is_refused(project, reviewer, decision, reason):
    # when / then
    with pytest.raises(InvalidInput) as error:
        review_decide(actor=reviewer, project=project, decision=decision, reason=reason)
    assert error.value.field == "reason"
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    assert not ReviewDecision.objects.exists()
    assert not Transition.objects.exists()


@pytest.mark.parametrize("who", ["outsider", "producer", "team_member"])
def test_others_cannot_decide(request, project, who):
    # given
    actor = request.getfixturevalue(who)
    # when / then
    with pytest.raises(NotAllowed):
        review_decide(actor=actor, project=project, decision="accepted", reason=REASON)
    project.refresh_from_db()
    assert project.status == ProjectStatus.IN_REVIEW
    assert not ReviewDecision.objects.exists() and not Transition.objects.exists()


def test_unknown_decision_is_refused(project, reviewer):
    with pytest.raises(InvalidInput):
        review_decide(actor=reviewer, project=project, decision="maybe", reason=REASON)
    assert not ReviewDecision.objects.exists()


def test_a_project_is_decided_once(project, reviewer):
    # given
    review_decide(actor=reviewer, project=project, decision="accepted", reason=REASON)
    # when / then
    with pytest.raises(Conflict):
        review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    assert ReviewDecision.objects.count() == 1


# --- the team's answer ----------------------------------------------------------------------------------


def test_team_answers_once(project, reviewer, team_member):
    # given
    decision = review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    # when
    decision_answer(actor=team_member, decision=decision, answer="Thank you, we will rework the base.")
    # then
    decision.refresh_from_db()
    assert decision.answer == "Thank you, we will rework the base."
    assert decision.answered_by == team_member and decision.answered_at is not None
    with pytest.raises(Conflict):
        decision_answer(actor=team_member, decision=decision, answer="Second thoughts")
    decision.refresh_from_db()
    assert decision.answer == "Thank you, we will rework the base."


@pytest.mark.parametrize("who", ["outsider", "reviewer"])
def test_only_the_team_answers(request, project, reviewer, who):
    # given
    decision = review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    actor = request.getfixturevalue(who)
    # when / then
    with pytest.raises(NotAllowed):
        decision_answer(actor=actor, decision=decision, answer="Not my project")
    decision.refresh_from_db()
    assert decision.answer == "" and decision.answered_at is None


def test_blank_answer_is_refused(project, reviewer, team_member):
    decision = review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    with pytest.raises(InvalidInput):
        decision_answer(actor=team_member, decision=decision, answer="   ")
    decision.refresh_from_db()
    assert decision.answered_at is None


# --- review windows -------------------------------------------------------------------------------------


def test_owner_adds_and_deletes_a_future_window(organization, owner):
    # when
    window = review_window_create(
        actor=owner, organization=organization, title="Spring review", starts_at=timezone.now() + timedelta(days=9)
    )
    # then
    assert ReviewWindow.objects.filter(organization=organization).count() == 1
    review_window_delete(actor=owner, window=window)
    assert not ReviewWindow.objects.exists()


@pytest.mark.parametrize("who", ["reviewer", "outsider", "team_member"])
def test_only_owners_manage_windows(request, organization, who):
    # given
    actor = request.getfixturevalue(who)
    window = WindowFactory(organization=organization)
    # when / then
    with pytest.raises(NotAllowed):
        review_window_create(
            actor=actor, organization=organization, title="Mine", starts_at=timezone.now() + timedelta(days=3)
        )
    with pytest.raises(NotAllowed):
        review_window_delete(actor=actor, window=window)
    assert list(ReviewWindow.objects.all()) == [window]


def test_window_in_the_past_or_without_title_is_refused(organization, owner):
    with pytest.raises(InvalidInput):
        review_window_create(
            actor=owner, organization=organization, title="Late", starts_at=timezone.now() - timedelta(hours=1)
        )
    with pytest.raises(InvalidInput):
        review_window_create(
            actor=owner, organization=organization, title="  ", starts_at=timezone.now() + timedelta(days=1)
        )
    assert not ReviewWindow.objects.exists()


def test_an_opened_window_cannot_be_deleted(organization, owner):
    # given
    opened = WindowFactory(organization=organization, opened_at=timezone.now())
    passed = WindowFactory(organization=organization, starts_at=timezone.now() - timedelta(days=1))
    # when / then
    for window in (opened, passed):
        with pytest.raises(Conflict):
            review_window_delete(actor=owner, window=window)
    assert ReviewWindow.objects.count() == 2


# --- queue ----------------------------------------------------------------------------------------------


def test_queue_averages_scores_per_criterion(project, organization, reviewer, owner, django_assert_max_num_queries):
    # given
    review_submit(actor=reviewer, project=project, scores={"design": 4, "fit": 5, "demand": 3, "feasibility": 2})
    review_submit(actor=owner, project=project, scores={"design": 3, "fit": 4, "demand": 3, "feasibility": 5})
    for _ in range(3):
        ProjectInReviewFactory(technology=project.technology)
    window = WindowFactory(organization=organization)
    waiting = ProjectInReviewFactory(technology=project.technology, status=ProjectStatus.SUPPORTED, review_window=window)
    # when
    with django_assert_max_num_queries(3):
        queue = review_queue(organization=organization, user=reviewer)
        entries = queue["in_review"]
        [w.review_window for w in queue["waiting"]]
    # then
    entry = next(e for e in entries if e.project == project)
    assert entry.scorecards == 2
    assert {c.key: avg for c, avg in entry.averages} == {"design": 3.5, "fit": 4.5, "demand": 3, "feasibility": 3.5}
    assert entry.my_review is not None
    assert len(entries) == 4
    assert queue["waiting"] == [waiting]
