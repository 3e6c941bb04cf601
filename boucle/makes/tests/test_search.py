import pytest

from boucle.makes.services import make_delete, make_hide
from boucle.makes.tests.factories import post_make, public_project
from boucle.search.backends import backend
from boucle.search.selectors import search_query

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(_django_db_helper):
    backend().clear()  # transactional tests elsewhere may leave rows in the index table


def _found(query):
    return [(hit.kind, hit.object.pk) for hit in search_query(q=query, per_page=50).hits]


def test_a_make_is_findable_by_its_note_until_hidden_or_deleted(other_user):
    # given
    project = public_project(title="A castle that opens")
    make = post_make(author=other_user, project=project, note="Painted the drawbridge in zanzibar blue")

    # then
    assert ("make", make.pk) in _found("zanzibar")

    # when hidden by a moderator, then deleted
    make_hide(moderator=project.technology.organization.created_by, make=make)
    assert ("make", make.pk) not in _found("zanzibar")
    visible = post_make(project=project, note="zanzibar again")
    assert ("make", visible.pk) in _found("zanzibar")
    make_delete(actor=visible.author, make=visible)
    assert _found("zanzibar") == []


def test_makes_can_be_searched_alone(other_user):
    post_make(author=other_user, project=public_project(title="Zanzibar bridge"), note="Sturdy")
    hits = search_query(q="zanzibar", kind="make").hits
    assert [h.kind for h in hits] == ["make"] and "make of “Zanzibar bridge”" in hits[0].title
