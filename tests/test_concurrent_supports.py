"""Concurrent supports lose nothing and never fail with "database is locked" (SQLite and PostgreSQL)."""

import threading

import pytest
from django.db import connection, connections

from boucle.accounts.tests.factories import UserFactory
from boucle.projects.models import Project, Support
from boucle.projects.services import support_add
from boucle.projects.tests.factories import make_project

MEMBERS = 20


@pytest.mark.django_db(transaction=True)
def test_twenty_members_supporting_at_once_are_all_counted():
    # given a published project and twenty members
    project = make_project(publish=True, ladder=[{"supporters": 1000, "days": 30}])
    members = [UserFactory() for _ in range(MEMBERS)]
    start = threading.Barrier(MEMBERS)
    errors = []

    def support(member):
        try:
            start.wait(timeout=30)
            support_add(actor=member, project=Project.objects.get(pk=project.pk))
        except Exception as error:  # noqa: BLE001 (collected and asserted below)
            errors.append(repr(error))
        finally:
            connections.close_all()  # each thread had its own connection

    # when they all support from their own thread at the same moment
    threads = [threading.Thread(target=support, args=(m,)) for m in members]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    # then
    assert errors == []
    project.refresh_from_db()
    assert project.support_count == MEMBERS == Support.objects.filter(project=project).count()
    assert connection.vendor in ("sqlite", "postgresql")
