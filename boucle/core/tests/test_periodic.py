from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks import task

from boucle.core import periodic
from boucle.core.models import PeriodicJob

RUNS = []


@task()
def record_run():
    RUNS.append(timezone.now())


@pytest.fixture
def registered_job():
    periodic.periodic(every=timedelta(minutes=5))(record_run)
    RUNS.clear()
    yield record_run
    periodic._jobs.pop(record_run.module_path, None)


@pytest.mark.django_db
def test_a_due_job_runs_once_per_period(registered_job):
    # given
    now = timezone.now()
    # when the scheduler checks twice within the period
    first = periodic.enqueue_due(now=now)
    second = periodic.enqueue_due(now=now + timedelta(minutes=1))
    # then the job ran once, and is due again one period later
    assert registered_job.module_path in first
    assert registered_job.module_path not in second
    assert len(RUNS) == 1
    job = PeriodicJob.objects.get(name=registered_job.module_path)
    assert job.next_run_at == now + timedelta(minutes=5)
    assert registered_job.module_path in periodic.enqueue_due(now=now + timedelta(minutes=5))
    assert len(RUNS) == 2


@pytest.mark.django_db
def test_every_app_job_is_discovered():
    names = {job.name for job in periodic.jobs()}
    # Each job is a django_tasks task found through the apps' tasks modules.
    assert all(name.startswith("boucle.") for name in names)
