"""The search page runs the same number of queries whatever the number of results shown."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.community.services import comment_create
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def _plant(n, word, user, other_user):
    technology = TechnologyFactory(name=f"{word} technology")
    challenge = ChallengeFactory(technology=technology, title=f"{word} challenge", brief=word)
    for i in range(n):
        project = make_project(owner=user, technology=technology, publish=True, title=f"{word} {i}", pitch=word,
                               tags=f"{word}-tag-{i}")
        comment_create(author=other_user, target=project, body=f"{word} comment")
        comment_create(author=other_user, target=challenge, body=f"{word} remark")
        comment_create(author=other_user, target=technology, body=f"{word} note")


def _count(client, q):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": q})
    assert response.status_code == 200
    return len(queries), response.content.decode().count('class="search-hit"')


def test_query_count_does_not_grow_with_the_results(client, user, other_user):
    # given
    _plant(1, "few", user, other_user)
    _plant(5, "many", user, other_user)
    # when
    few_queries, few_hits = _count(client, "few")
    many_queries, many_hits = _count(client, "many")
    # then
    assert (few_hits, many_hits) == (6, 20)
    assert many_queries == few_queries
