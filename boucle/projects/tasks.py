"""Periodic jobs of projects. Each wraps a plain service function (tested directly in tests/test_jobs.py)."""

from datetime import timedelta

from django_tasks import task

from boucle.core import pagecache
from boucle.core.periodic import periodic
from boucle.projects import services


def _changed(count):
    """Jobs write with update(), which sends no signal: tell the visitors' page cache when they changed rows."""
    if count:
        pagecache.bump_on_commit()
    return count


@periodic(every=timedelta(minutes=5))
@task()
def projects_expire_overdue():
    return _changed(services.projects_expire_overdue())


@periodic(every=timedelta(minutes=5))
@task()
def review_windows_open():
    return _changed(services.review_windows_open())


@periodic(every=timedelta(minutes=15))
@task()
def review_windows_attach():
    return _changed(services.review_windows_attach())


@periodic(every=timedelta(minutes=5))
@task()
def second_chances_close_due():
    return _changed(services.second_chances_close_due())


@periodic(every=timedelta(minutes=15))
@task()
def projects_hot_score_recompute():
    return _changed(services.projects_hot_score_recompute())
