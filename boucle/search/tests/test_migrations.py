"""The index tables come and go with the app's migration, on SQLite and PostgreSQL alike."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from boucle.search.backends import backend
from boucle.search.services import search_reindex

pytestmark = pytest.mark.django_db(transaction=True)


def test_migrating_back_drops_the_index_and_forward_recreates_it(user):
    from boucle.projects.tests.factories import make_project

    # given
    make_project(owner=user, publish=True, title="Reversible kite", pitch="Flies both ways")
    table = backend().table
    assert table in connection.introspection.table_names()
    # when
    call_command("migrate", "search", "zero", verbosity=0, stdout=io.StringIO())
    # then
    assert table not in connection.introspection.table_names()
    # when
    call_command("migrate", "search", verbosity=0, stdout=io.StringIO())
    # then: an empty index, which a reindex fills
    assert table in connection.introspection.table_names()
    assert backend().count() == 0
    assert search_reindex() == 2  # the project and its technology
