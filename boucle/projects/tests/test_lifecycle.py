import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.orgs.models import Membership, Role
from boucle.projects.enums import ProjectStatus as S
from boucle.projects.lifecycle import PLATFORM, PRODUCER, REVIEWER, TEAM, TRANSITIONS, project_transition
from boucle.projects.models import Transition
from boucle.projects.tests.factories import force_status, make_project

pytestmark = pytest.mark.django_db


def _actor_for(role, project):
    if role == PLATFORM:
        return None
    if role == TEAM:
        return project.created_by
    user = UserFactory()
    Membership.objects.create(
        organization=project.technology.organization,
        user=user,
        role={REVIEWER: Role.REVIEWER, PRODUCER: Role.PRODUCER}[role],
    )
    return user


ALLOWED = [(f, t, who) for (f, t), roles in TRANSITIONS.items() for who in sorted(roles)]


@pytest.mark.parametrize(
    "from_status,to_status,role", ALLOWED, ids=[f"{f}->{t}-by-{w}" for f, t, w in ALLOWED]
)
def test_every_allowed_transition_is_made_by_its_role_and_recorded(from_status, to_status, role):
    # given
    project = force_status(make_project(), from_status)
    actor = _actor_for(role, project)
    # when
    row = project_transition(project=project, to_status=to_status, actor=actor, reason="Because.")
    # then
    assert project.status == to_status
    assert (row.from_status, row.to_status, row.actor, row.reason) == (
        from_status,
        to_status,
        actor,
        "Because.",
    )
    assert project.transitions.count() == 1


FORBIDDEN_PAIRS = [(f, t) for f in S.values for t in S.values if (f, t) not in TRANSITIONS]


@pytest.mark.parametrize("from_status,to_status", FORBIDDEN_PAIRS)
def test_a_transition_outside_the_table_is_a_conflict_and_writes_nothing(from_status, to_status):
    # given
    project = force_status(make_project(), from_status)
    staff = UserFactory(is_staff=True)
    # when / then
    with pytest.raises(Conflict):
        project_transition(project=project, to_status=to_status, actor=staff, reason="Because.")
    project.refresh_from_db()
    assert project.status == from_status
    assert not Transition.objects.exists()


WRONG_ROLES = [
    (f, t, who)
    for (f, t), roles in TRANSITIONS.items()
    for who in (PLATFORM, TEAM, REVIEWER, PRODUCER, "stranger")
    if who not in roles
]


@pytest.mark.parametrize(
    "from_status,to_status,role", WRONG_ROLES, ids=[f"{f}->{t}-by-{w}" for f, t, w in WRONG_ROLES]
)
def test_a_transition_by_the_wrong_role_is_not_allowed_and_writes_nothing(from_status, to_status, role):
    # given
    project = force_status(make_project(), from_status)
    actor = UserFactory() if role == "stranger" else _actor_for(role, project)
    # when / then
    with pytest.raises(NotAllowed):
        project_transition(project=project, to_status=to_status, actor=actor, reason="Because.")
    project.refresh_from_db()
    assert project.status == from_status
    assert not Transition.objects.exists()


HUMAN = [(f, t) for (f, t), roles in TRANSITIONS.items() if roles - {PLATFORM}]
PLATFORM_ONLY = [(f, t) for (f, t), roles in TRANSITIONS.items() if roles == {PLATFORM}]


@pytest.mark.parametrize("from_status,to_status", HUMAN)
def test_site_staff_may_make_every_human_transition(from_status, to_status):
    project = force_status(make_project(), from_status)
    project_transition(
        project=project, to_status=to_status, actor=UserFactory(is_staff=True), reason="Staff."
    )
    assert project.status == to_status


@pytest.mark.parametrize("from_status,to_status", PLATFORM_ONLY)
def test_site_staff_cannot_make_the_platforms_own_transitions(from_status, to_status):
    project = force_status(make_project(), from_status)
    with pytest.raises(NotAllowed):
        project_transition(project=project, to_status=to_status, actor=UserFactory(is_staff=True))
    assert not Transition.objects.exists()


def test_organization_owners_review_and_produce():
    project = force_status(make_project(), S.IN_REVIEW)
    owner = project.technology.organization.created_by
    project_transition(project=project, to_status=S.ACCEPTED, actor=owner)
    project_transition(project=project, to_status=S.IN_PRODUCTION, actor=owner)
    assert project.status == S.IN_PRODUCTION


@pytest.mark.parametrize("to_status", [S.DECLINED, S.ARCHIVED])
def test_a_decline_or_an_archive_without_reason_is_refused(to_status):
    project = force_status(make_project(), S.IN_REVIEW)
    staff = UserFactory(is_staff=True)
    with pytest.raises(InvalidInput):
        project_transition(project=project, to_status=to_status, actor=staff, reason="  ")
    project.refresh_from_db()
    assert project.status == S.IN_REVIEW
    assert not Transition.objects.exists()


def test_an_unknown_status_is_invalid_input():
    project = make_project()
    with pytest.raises(InvalidInput):
        project_transition(project=project, to_status="launched", actor=project.created_by)


def test_publishing_copies_the_ladder_and_starts_the_first_tiers_clock():
    # given a technology with its own ladder
    project = make_project(ladder=[{"supporters": 5, "days": 10}, {"supporters": 50, "days": 30}])
    # when
    project_transition(project=project, to_status=S.PUBLISHED, actor=project.created_by)
    # then
    assert project.support_ladder == [{"supporters": 5, "days": 10}, {"supporters": 50, "days": 30}]
    assert project.support_tier == 0
    assert project.published_at is not None
    assert (project.support_deadline - project.published_at).days == 10


def test_publishing_without_any_rule_uses_the_lego_ladder():
    from boucle.projects.ladder import DEFAULT_LADDER

    project = make_project(publish=True)
    assert project.support_ladder == DEFAULT_LADDER
    assert (project.support_deadline - project.published_at).days == 60
