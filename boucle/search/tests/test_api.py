"""GET /api/search and GET /api/search/similar: public, the same answers as the pages."""

import pytest

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.services import comment_create
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus(user, other_user):
    technology = TechnologyFactory(name="Brick system")
    project = make_project(owner=user, technology=technology, publish=True, title="Castle <gate>",
                           pitch="It opens & closes", tags="medieval")
    comment = comment_create(author=other_user, target=project, body="Castle doors squeak")
    return {"project": project, "comment": comment, "organization": technology.organization}


def test_search_returns_hits_total_and_facets(client, corpus):
    # when
    response = client.get("/api/search", {"q": "castle"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == 2 and body["page"] == 1 and body["pages"] == 1 and body["message"] == ""
    first = body["hits"][0]
    assert first["kind"] == "project" and first["id"] == corpus["project"].pk
    assert first["title"] == "Castle <gate>"
    assert first["snippet"] == "It opens &amp; closes"
    assert first["url"].endswith(corpus["project"].get_absolute_url())
    assert first["stage"] == "published" and first["organization"] == corpus["organization"].slug
    assert body["hits"][1]["snippet"] == "<mark>Castle</mark> doors squeak"
    assert {f["value"]: f["count"] for f in body["facets"]["kind"]} == {"project": 1, "comment": 1}
    assert body["facets"]["tag"] == [{"value": "medieval", "label": "medieval", "count": 1, "selected": False}]


def test_search_filters_by_kind(client, corpus):
    body = client.get("/api/search", {"q": "castle", "kind": "comment"}).json()
    assert [h["id"] for h in body["hits"]] == [corpus["comment"].pk]


def test_search_needs_no_authentication_and_empty_gives_a_message(client):
    body = client.get("/api/search").json()
    assert body["total"] == 0 and body["hits"] == [] and body["message"]


@pytest.mark.parametrize("q", ['"', "NEAR(a b)", "a:* & !b", "x" * 10_000, "🏰", "'; DROP TABLE x; --"])
def test_search_accepts_any_query(client, corpus, q):
    assert client.get("/api/search", {"q": q}).status_code == 200


def test_bad_filters_get_a_4xx_json_error(client, corpus):
    response = client.get("/api/search", {"q": "castle", "kind": "spaceship"})
    assert response.status_code == 400 and response.json()["errors"]["kind"]
    assert client.get("/api/search", {"q": "castle", "per_page": "0"}).status_code == 422
    assert client.get("/api/search", {"q": "castle", "page": "two"}).status_code == 422


def test_similar_lists_projects_like_a_draft(client, corpus):
    # when
    response = client.get("/api/search/similar", {"title": "Castle gates", "pitch": "that open"})
    # then
    assert response.status_code == 200
    body = response.json()
    assert [p["id"] for p in body] == [corpus["project"].pk]
    assert body[0]["similarity"] > 0 and body[0]["slug"] == corpus["project"].slug
    assert client.get("/api/search/similar", {"title": "Castle", "exclude": corpus["project"].pk}).json() == []
    assert client.get("/api/search/similar").json() == []
