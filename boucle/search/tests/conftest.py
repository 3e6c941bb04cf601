import pytest


@pytest.fixture(autouse=True)
def _search_index_starts_empty(_django_db_helper):
    """Start every search test from an empty index.

    Transactional tests elsewhere (the browser walks) end with a flush that empties the model tables but not
    the search index table, which is not a model; its leftover rows would count in these tests' totals.
    """
    from boucle.search.backends import backend

    backend().clear()
