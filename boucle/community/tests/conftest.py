import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.community.tests.factories import CommentProjectFactory


@pytest.fixture
def owner(db):
    return UserFactory(username="olivia")


@pytest.fixture
def project(owner):
    return CommentProjectFactory(created_by=owner, title="Brick lamp")


@pytest.fixture(autouse=True)
def _clear_cache():
    # Rate-limit counters live in the shared file cache; start every test from zero.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
