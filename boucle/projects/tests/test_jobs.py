from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.projects import tasks
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, Support
from boucle.projects.services import (
    projects_expire_overdue,
    projects_hot_score_recompute,
    review_windows_attach,
    review_windows_open,
    support_add,
)
from boucle.projects.tests.factories import force_status, make_project
from boucle.reviews.models import ReviewWindow

pytestmark = pytest.mark.django_db


def test_published_projects_past_their_deadline_expire_with_a_reason(user):
    # given
    overdue = make_project(owner=user, publish=True)
    on_time = make_project(owner=user, publish=True)
    Project.objects.filter(pk=overdue.pk).update(support_deadline=timezone.now() - timedelta(minutes=1))
    # when
    expired = projects_expire_overdue()
    # then
    overdue.refresh_from_db()
    on_time.refresh_from_db()
    assert expired == 1
    assert overdue.status == ProjectStatus.EXPIRED and on_time.status == ProjectStatus.PUBLISHED
    last = overdue.transitions.last()
    assert last.actor is None and "ran out" in last.reason
    assert projects_expire_overdue() == 0


def test_an_opening_window_moves_its_organizations_supported_projects_into_review(user):
    # given two supported projects of one organization, one of another
    now = timezone.now()
    first = make_project(owner=user, publish=True, ladder=[{"supporters": 1, "days": 5}])
    second = make_project(owner=user, publish=True, technology=first.technology)
    elsewhere = make_project(owner=user, publish=True, ladder=[{"supporters": 1, "days": 5}])
    window = ReviewWindow.objects.create(
        organization=first.technology.organization, title="Spring", starts_at=now + timedelta(days=1)
    )
    for p in (first, second, elsewhere):
        force_status(p, ProjectStatus.SUPPORTED)
    # when the window's date has not come, nothing moves
    assert review_windows_open(now=now) == 0
    # when it comes
    moved = review_windows_open(now=now + timedelta(days=1, minutes=1))
    # then
    window.refresh_from_db()
    for p in (first, second, elsewhere):
        p.refresh_from_db()
    assert moved == 2 and window.opened_at is not None
    assert first.status == second.status == ProjectStatus.IN_REVIEW
    assert first.review_window == window
    assert elsewhere.status == ProjectStatus.SUPPORTED
    assert review_windows_open(now=now + timedelta(days=2)) == 0


def test_supported_projects_without_a_window_get_the_next_one(user):
    project = make_project(owner=user, publish=True, ladder=[{"supporters": 1, "days": 5}])
    support_add(actor=UserFactory(), project=project)
    assert project.review_window is None
    window = ReviewWindow.objects.create(
        organization=project.technology.organization,
        title="Winter",
        starts_at=timezone.now() + timedelta(days=3),
    )
    assert review_windows_attach() == 1
    project.refresh_from_db()
    assert project.review_window == window


def test_hot_score_weighs_recent_supports_and_freshness(user):
    # given two projects published together, one supported now, one a week ago
    now = timezone.now()
    busy = make_project(owner=user, publish=True)
    quiet = make_project(owner=user, publish=True)
    support_add(actor=UserFactory(), project=busy)
    support_add(actor=UserFactory(), project=quiet)
    Support.objects.filter(project=quiet).update(created_at=now - timedelta(days=6))
    draft = make_project(owner=user)
    # when
    projects_hot_score_recompute(now=now)
    # then
    busy.refresh_from_db()
    quiet.refresh_from_db()
    draft.refresh_from_db()
    assert busy.hot_score > quiet.hot_score > 2.0
    assert busy.hot_score == pytest.approx(3.0, abs=0.01)
    assert draft.hot_score == 0


def test_the_tasks_run_the_jobs(user):
    project = make_project(owner=user, publish=True)
    Project.objects.filter(pk=project.pk).update(support_deadline=timezone.now() - timedelta(minutes=1))
    for job in (
        tasks.projects_expire_overdue,
        tasks.review_windows_open,
        tasks.review_windows_attach,
        tasks.second_chances_close_due,
        tasks.projects_hot_score_recompute,
    ):
        job.enqueue()
    project.refresh_from_db()
    assert project.status == ProjectStatus.EXPIRED
