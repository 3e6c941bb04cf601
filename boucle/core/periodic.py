"""Periodic jobs: tasks the worker enqueues on a schedule (support deadlines, review windows, phases...).

Apps declare them in their ``tasks.py``::

    @periodic(every=timedelta(minutes=5))
    @task()
    def projects_expire_overdue():
        ...

``boucle worker`` imports every app's ``tasks`` module, then enqueues each job when it is due. The claim is
an atomic UPDATE on the job's row, so with several workers a run is enqueued once.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: object  # a django_tasks Task


_jobs: dict[str, Job] = {}


def periodic(*, every: timedelta):
    def register(task):
        name = f"{task.module_path}"
        _jobs[name] = Job(name=name, every=every, task=task)
        return task

    return register


def jobs() -> list[Job]:
    autodiscover_modules("tasks")
    return list(_jobs.values())


def enqueue_due(now=None) -> list[str]:
    """Enqueue every job whose time has come; return the names enqueued."""
    from boucle.core.models import PeriodicJob

    now = now or timezone.now()
    enqueued = []
    for job in jobs():
        try:
            with transaction.atomic():
                PeriodicJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
        except IntegrityError:
            pass  # another worker created it first
        claimed = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
            next_run_at=now + job.every, last_run_at=now
        )
        if claimed:
            job.task.enqueue()
            enqueued.append(job.name)
    return enqueued


def run_all_now() -> list[str]:
    """Run every periodic job in this process, now (used by `boucle demo` at start and by tests)."""
    names = []
    for job in jobs():
        job.task.call()
        names.append(job.name)
    return names
