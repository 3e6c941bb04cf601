from datetime import timedelta

import pytest
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import Conflict, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, Support
from boucle.projects.services import support_add, support_withdraw, team_add
from boucle.projects.tests.factories import force_status, make_project
from boucle.reviews.models import ReviewWindow

pytestmark = pytest.mark.django_db

SMALL = [{"supporters": 2, "days": 10}, {"supporters": 3, "days": 20}]


def test_a_member_supports_once(user, other_user):
    # given
    project = make_project(owner=user, publish=True)
    # when
    support_add(actor=other_user, project=project)
    # then
    assert project.support_count == 1
    assert Contribution.objects.filter(kind=ContributionKind.SUPPORT, actor=other_user).count() == 1
    with pytest.raises(Conflict):
        support_add(actor=other_user, project=project)
    project.refresh_from_db()
    assert project.support_count == 1 == Support.objects.count()


def test_the_team_cannot_support_its_own_project(user, other_user):
    project = make_project(owner=user, publish=True)
    team_add(actor=user, project=project, username="bob")
    for member in (user, other_user):
        with pytest.raises(NotAllowed):
            support_add(actor=member, project=project)
    assert project.support_count == 0 and not Support.objects.exists()


@pytest.mark.parametrize("status", [s for s in ProjectStatus.values if s != ProjectStatus.PUBLISHED])
def test_only_published_projects_collect_supports(user, other_user, status):
    project = force_status(make_project(owner=user), status)
    with pytest.raises(Conflict):
        support_add(actor=other_user, project=project)
    assert not Support.objects.exists()


def test_no_support_after_the_deadline_even_before_the_job_runs(user, other_user):
    project = make_project(owner=user, publish=True)
    Project.objects.filter(pk=project.pk).update(support_deadline=timezone.now() - timedelta(seconds=1))
    with pytest.raises(Conflict):
        support_add(actor=other_user, project=project)
    assert not Support.objects.exists()


def test_withdraw_appends_a_reversal_to_the_ledger(user, other_user):
    # given
    project = make_project(owner=user, publish=True)
    support_add(actor=other_user, project=project)
    # when
    support_withdraw(actor=other_user, project=project)
    # then
    assert project.support_count == 0 and not Support.objects.exists()
    rows = list(Contribution.objects.filter(kind=ContributionKind.SUPPORT))
    assert len(rows) == 2 and rows[1].reverses == rows[0]
    with pytest.raises(Conflict):
        support_withdraw(actor=other_user, project=project)


def test_no_withdraw_once_supported(user):
    project = make_project(owner=user, publish=True, ladder=[{"supporters": 1, "days": 10}])
    supporter = UserFactory()
    support_add(actor=supporter, project=project)
    assert project.status == ProjectStatus.SUPPORTED
    with pytest.raises(Conflict):
        support_withdraw(actor=supporter, project=project)
    project.refresh_from_db()
    assert project.support_count == 1


def test_reaching_a_tier_moves_to_the_next_one_with_its_own_deadline(user):
    # given
    project = make_project(owner=user, publish=True, ladder=SMALL)
    first_deadline = project.support_deadline
    # when
    support_add(actor=UserFactory(), project=project)
    support_add(actor=UserFactory(), project=project)
    # then
    assert project.status == ProjectStatus.PUBLISHED
    assert project.support_tier == 1
    assert project.support_deadline > first_deadline
    assert 19 <= (project.support_deadline - timezone.now()).days <= 20


def test_reaching_the_last_tier_makes_it_supported_with_the_next_review_window(user):
    # given
    project = make_project(owner=user, publish=True, ladder=SMALL)
    org = project.technology.organization
    now = timezone.now()
    ReviewWindow.objects.create(organization=org, title="Past", starts_at=now - timedelta(days=1))
    later = ReviewWindow.objects.create(organization=org, title="Autumn", starts_at=now + timedelta(days=90))
    sooner = ReviewWindow.objects.create(organization=org, title="Summer", starts_at=now + timedelta(days=30))
    # when
    for _ in range(3):
        support_add(actor=UserFactory(), project=project)
    # then
    assert project.status == ProjectStatus.SUPPORTED
    assert project.review_window == sooner != later
    assert project.supported_at is not None and project.support_deadline is None
    last = project.transitions.last()
    assert (last.from_status, last.to_status, last.actor) == ("published", "supported", None)


def test_supported_without_any_window_waits_without_one(user):
    project = make_project(owner=user, publish=True, ladder=[{"supporters": 1, "days": 5}])
    support_add(actor=UserFactory(), project=project)
    assert project.status == ProjectStatus.SUPPORTED and project.review_window is None


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=st.lists(st.tuples(st.sampled_from(["add", "withdraw"]), st.integers(0, 3)), max_size=25))
def test_count_equals_rows_and_ledger_for_any_sequence(user, ops):
    # given a fresh project and four members (hypothesis reuses the test transaction: clean up first)
    project = make_project(owner=user, publish=True, ladder=[{"supporters": 1000, "days": 30}])
    members = [UserFactory() for _ in range(4)]
    # when
    for op, i in ops:
        try:
            if op == "add":
                support_add(actor=members[i], project=project)
            else:
                support_withdraw(actor=members[i], project=project)
        except Conflict:
            pass
    # then
    project.refresh_from_db()
    rows = Contribution.objects.filter(project=project, kind=ContributionKind.SUPPORT)
    adds = rows.filter(reverses__isnull=True).count()
    reversals = rows.filter(reverses__isnull=False).count()
    assert project.support_count == Support.objects.filter(project=project).count() == adds - reversals
