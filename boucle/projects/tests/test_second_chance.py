from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, SecondChanceRound, SecondChanceVote
from boucle.projects.selectors import second_chance_standings
from boucle.projects.services import (
    second_chance_close,
    second_chance_create,
    second_chance_vote,
    second_chances_close_due,
)
from boucle.projects.tests.factories import force_status, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def setting(user):
    technology = TechnologyFactory()
    org = technology.organization
    candidates = [
        force_status(make_project(owner=user, technology=technology, publish=True, title=f"Idea {i}"), status)
        for i, status in enumerate([ProjectStatus.EXPIRED, ProjectStatus.DECLINED, ProjectStatus.EXPIRED])
    ]
    now = timezone.now()
    round_ = second_chance_create(
        actor=org.created_by,
        organization=org,
        title="Second chance",
        opens_at=now - timedelta(hours=1),
        closes_at=now + timedelta(days=7),
        candidates=candidates,
    )
    return round_, candidates


def test_owner_opens_a_round_among_expired_and_declined_projects(setting):
    round_, candidates = setting
    assert set(round_.candidates.all()) == set(candidates)


@pytest.mark.parametrize("problem", ["not_owner", "published", "foreign", "eleven", "none", "dates"])
def test_a_bad_round_is_refused_and_nothing_is_created(user, problem):
    # given
    technology = TechnologyFactory()
    org = technology.organization
    now = timezone.now()
    actor = org.created_by
    opens, closes = now, now + timedelta(days=3)
    candidates = [
        force_status(make_project(owner=user, technology=technology, publish=True), ProjectStatus.EXPIRED)
    ]
    if problem == "not_owner":
        actor = UserFactory()
    elif problem == "published":
        candidates = [make_project(owner=user, technology=technology, publish=True)]
    elif problem == "foreign":
        candidates = [force_status(make_project(owner=user, publish=True), ProjectStatus.EXPIRED)]
    elif problem == "eleven":
        candidates = [
            force_status(make_project(owner=user, technology=technology, publish=True), ProjectStatus.EXPIRED)
            for _ in range(11)
        ]
    elif problem == "none":
        candidates = []
    elif problem == "dates":
        closes = opens - timedelta(days=1)
    # when / then
    with pytest.raises(NotAllowed if problem == "not_owner" else InvalidInput):
        second_chance_create(
            actor=actor,
            organization=org,
            title="Vote",
            opens_at=opens,
            closes_at=closes,
            candidates=candidates,
        )
    assert not SecondChanceRound.objects.exists()


def test_a_member_votes_once_and_may_change_their_vote(setting, other_user):
    round_, (a, b, _c) = setting
    second_chance_vote(actor=other_user, round_=round_, project=a)
    second_chance_vote(actor=other_user, round_=round_, project=b)
    assert list(SecondChanceVote.objects.values_list("voter__username", "project")) == [("bob", b.pk)]


def test_votes_outside_candidates_the_window_or_by_the_team_are_refused(setting, user, other_user):
    round_, (a, _b, _c) = setting
    with pytest.raises(InvalidInput):
        second_chance_vote(actor=other_user, round_=round_, project=make_project(owner=user))
    with pytest.raises(NotAllowed):
        second_chance_vote(actor=user, round_=round_, project=a)
    SecondChanceRound.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Conflict):
        second_chance_vote(actor=other_user, round_=round_, project=a)
    assert not SecondChanceVote.objects.exists()


def test_the_winner_enters_review_at_close(setting):
    # given b has 2 votes, a 1
    round_, (a, b, c) = setting
    voters = [UserFactory() for _ in range(3)]
    second_chance_vote(actor=voters[0], round_=round_, project=a)
    second_chance_vote(actor=voters[1], round_=round_, project=b)
    second_chance_vote(actor=voters[2], round_=round_, project=b)
    assert [p.pk for p in second_chance_standings(round_=round_)][:2] == [b.pk, a.pk]
    # when the job runs after closing time
    SecondChanceRound.objects.filter(pk=round_.pk).update(closes_at=timezone.now() - timedelta(seconds=1))
    assert second_chances_close_due() == 1
    # then
    round_.refresh_from_db()
    b.refresh_from_db()
    assert round_.winner == b and round_.closed_at is not None
    assert b.status == ProjectStatus.IN_REVIEW
    last = b.transitions.last()
    assert (last.from_status, last.actor) == ("declined", None) and "Second chance" in last.reason
    with pytest.raises(Conflict):
        second_chance_close(round_=round_)


def test_a_tie_goes_to_more_supporters_then_the_earlier_published(setting):
    round_, (a, b, c) = setting
    Project.objects.filter(pk=c.pk).update(support_count=50)
    for project in (a, c):
        second_chance_vote(actor=UserFactory(), round_=round_, project=project)
    assert second_chance_close(round_=round_) == c


def test_a_tie_with_equal_supporters_goes_to_the_earlier_published(setting):
    round_, (a, b, c) = setting
    Project.objects.filter(pk=c.pk).update(published_at=a.published_at - timedelta(days=1))
    for project in (a, c):
        second_chance_vote(actor=UserFactory(), round_=round_, project=project)
    assert second_chance_close(round_=round_) == c


def test_a_round_without_votes_closes_without_winner(setting):
    round_, candidates = setting
    assert second_chance_close(round_=round_) is None
    round_.refresh_from_db()
    assert round_.closed_at is not None and round_.winner is None
