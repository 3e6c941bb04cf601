from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges import services
from boucle.challenges.models import Challenge, Phase, PhaseChange
from boucle.challenges.selectors import challenge_accepts_projects, challenge_countdown, duration_words
from boucle.challenges.tasks import challenges_record_phase_changes
from boucle.challenges.tests.factories import ChallengeFactory, phase_dates
from boucle.core.errors import InvalidInput, NotAllowed
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db
NOW = timezone.now()
DAY = timedelta(days=1)


@pytest.fixture
def technology(user):
    return TechnologyFactory(organization=OrganizationFactory(owner=user))


def test_owner_opens_a_challenge_with_phases(user, technology):
    challenge = services.challenge_create(
        actor=user, technology=technology, title="Castles", brief="Build **castles**",
        phases={"ideation": (NOW, NOW + DAY), "support": (NOW + 2 * DAY, NOW + 5 * DAY)}, support_ladder_text="5/10",
    )
    assert challenge.slug == "castles"
    assert [p.kind for p in challenge.phases.all()] == ["ideation", "support"]
    assert challenge.support_ladder == [{"supporters": 5, "days": 10}]


def test_non_owner_cannot_open_a_challenge(other_user, technology):
    with pytest.raises(NotAllowed):
        services.challenge_create(actor=other_user, technology=technology, title="X", brief="Y")
    assert Challenge.objects.count() == 0


def test_staff_can_open_a_challenge(technology):
    challenge = services.challenge_create(actor=UserFactory(is_staff=True), technology=technology, title="X", brief="Y")
    assert challenge.pk


@pytest.mark.parametrize(
    "phases",
    [
        {"ideation": (NOW, NOW)},  # ends when it starts
        {"design": (NOW + DAY, NOW)},  # inverted
        {"ideation": (NOW, NOW + 3 * DAY), "design": (NOW + 2 * DAY, NOW + 4 * DAY)},  # overlap
        {"ideation": (NOW + 5 * DAY, NOW + 6 * DAY), "review": (NOW, NOW + DAY)},  # out of order
        {"ideation": (NOW, None)},  # half given
        {"party": (NOW, NOW + DAY)},  # unknown kind
    ],
)
def test_bad_phases_are_refused_and_nothing_is_written(user, technology, phases):
    with pytest.raises(InvalidInput):
        services.challenge_create(actor=user, technology=technology, title="X", brief="Y", phases=phases)
    assert Challenge.objects.count() == 0 and Phase.objects.count() == 0


def test_phases_may_touch(user, technology):
    challenge = services.challenge_create(
        actor=user, technology=technology, title="X", brief="Y",
        phases={"ideation": (NOW, NOW + DAY), "design": (NOW + DAY, NOW + 2 * DAY)},
    )
    assert challenge.phases.count() == 2


def test_update_replaces_phases_and_bad_update_changes_nothing(user):
    challenge = ChallengeFactory(technology=TechnologyFactory(organization=OrganizationFactory(owner=user)),
                                 title="Before")
    with pytest.raises(InvalidInput):
        services.challenge_update(actor=user, challenge=challenge, title="After",
                                  phases={"ideation": (NOW + DAY, NOW)})
    challenge.refresh_from_db()
    assert challenge.title == "Before" and challenge.phases.count() == 5
    with pytest.raises(InvalidInput):
        services.challenge_update(actor=user, challenge=challenge, title="After", support_ladder_text="10/1, 5/1")
    challenge.refresh_from_db()
    assert challenge.title == "Before" and challenge.support_ladder is None
    services.challenge_update(actor=user, challenge=challenge, title="After", phases={"design": (NOW, NOW + DAY)})
    challenge.refresh_from_db()
    assert challenge.title == "After" and [p.kind for p in challenge.phases.all()] == ["design"]


def test_non_owner_cannot_update(user, other_user):
    challenge = ChallengeFactory(technology=TechnologyFactory(organization=OrganizationFactory(owner=user)))
    with pytest.raises(NotAllowed):
        services.challenge_update(actor=other_user, challenge=challenge, title="Mine")


@pytest.mark.parametrize(
    "current,accepts", [("ideation", True), ("design", True), ("support", False), ("review", False),
                        ("realization", False)]
)
def test_challenge_accepts_projects_in_ideation_and_design_only(current, accepts):
    challenge = ChallengeFactory(phases__current=current)
    assert challenge_accepts_projects(challenge=challenge) is accepts


def test_challenge_accepts_projects_without_dates_unless_unpublished():
    assert challenge_accepts_projects(challenge=ChallengeFactory(phases=False)) is True
    assert challenge_accepts_projects(challenge=ChallengeFactory(phases=False, is_published=False)) is False
    assert challenge_accepts_projects(challenge=ChallengeFactory(is_published=False)) is False


def test_challenge_does_not_accept_before_or_after_its_phases():
    challenge = ChallengeFactory(phases=phase_dates(current=None))
    assert challenge_accepts_projects(challenge=challenge) is False
    last_end = challenge.phases.last().ends_at
    assert challenge_accepts_projects(challenge=challenge, now=last_end + DAY) is False


def test_countdown_words():
    assert duration_words(3 * 86400 + 4 * 3600 + 59) == "3 days, 4 hours"
    assert duration_words(86400) == "1 day"
    assert duration_words(2 * 3600 + 5 * 60) == "2 hours, 5 minutes"
    assert duration_words(-5) == "0 minutes"
    challenge = ChallengeFactory(phases={"design": (NOW - DAY, NOW + 2 * DAY + timedelta(hours=3, seconds=30))})
    countdown = challenge_countdown(challenge=challenge, now=NOW)
    assert countdown["ends"] and countdown["left"] == "2 days, 3 hours" and countdown["phase"].kind == "design"


def test_periodic_job_records_phase_changes_once():
    # given: a challenge in its ideation phase, another that has no phases
    challenge = ChallengeFactory(phases__current="ideation")
    ChallengeFactory(phases=False)
    # when: the job runs twice
    challenges_record_phase_changes.call()
    challenges_record_phase_changes.call()
    # then: one change, from nothing to ideation
    change = PhaseChange.objects.get()
    assert (change.challenge, change.from_kind, change.to_kind) == (challenge, "", "ideation")
    challenge.refresh_from_db()
    assert challenge.last_phase_seen == "ideation"


def test_phase_record_notes_each_transition():
    challenge = ChallengeFactory(phases__current="ideation")
    design = challenge.phases.get(kind="design")
    last = challenge.phases.get(kind="realization")
    services.challenge_phase_record(challenge=challenge, now=NOW)
    services.challenge_phase_record(challenge=challenge, now=design.starts_at + timedelta(minutes=1))
    services.challenge_phase_record(challenge=challenge, now=last.ends_at + DAY)
    assert [(c.from_kind, c.to_kind) for c in PhaseChange.objects.order_by("seen_at")] == [
        ("", "ideation"), ("ideation", "design"), ("design", "")]
