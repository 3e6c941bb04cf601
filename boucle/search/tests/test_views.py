"""The search page, its htmx fragment, the similar-projects fragment and the drafting page."""

import pytest
from django.urls import reverse

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.services import comment_create
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db

URL = "/search/"


@pytest.fixture
def castles(user, other_user):
    technology = TechnologyFactory(name="Brick system")
    projects = [
        make_project(owner=user, technology=technology, publish=True, title=f"Castle number {n}",
                     pitch="Towers and walls", tags="medieval")
        for n in range(3)
    ]
    comment = comment_create(author=other_user, target=projects[0], body="What a castle!")
    return {"technology": technology, "projects": projects, "comment": comment}


def test_the_page_shows_highlighted_results_with_facets_and_a_live_search_box(client, castles):
    # when
    response = client.get(URL, {"q": "castle"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("search") == URL
    assert html.count('class="search-hit"') == 4
    assert "<mark>Castle</mark> number" in html
    assert 'hx-trigger="keyup changed delay:300ms, search"' in html and 'aria-live="polite"' in html
    assert "?q=castle&amp;kind=comment" in html  # a facet link
    assert "4 results for “castle”" in html
    assert "Comments <span" in html and "(1)" in html
    assert castles["projects"][0].get_absolute_url() in html
    assert f'#comment-{castles["comment"].pk}' in html


def test_a_facet_link_filters_and_offers_to_clear_the_filter(client, castles):
    # when
    response = client.get(URL, {"q": "castle", "kind": "comment"})
    # then
    html = response.content.decode()
    assert html.count('class="search-hit"') == 1
    assert 'aria-current="true"' in html
    assert '<input type="hidden" name="kind" value="comment">' in html
    assert 'href="?q=castle"' in html  # clears the filter


def test_an_htmx_request_gets_only_the_results(client, castles):
    response = client.get(URL, {"q": "castle"}, headers={"HX-Request": "true", "HX-Target": "search-results"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and 'role="search"' not in html
    assert html.count('class="search-hit"') == 4


def test_results_are_paginated_with_links(client, castles):
    from boucle.search import selectors

    first = client.get(URL, {"q": "castle", "page": "1"})
    assert 'rel="next"' not in first.content.decode()
    # given: a smaller page size
    original = selectors.search_query

    def small_pages(**kwargs):
        return original(**{**kwargs, "per_page": 2})

    import boucle.search.views as views

    views.search_query, saved = small_pages, views.search_query
    try:
        html = client.get(URL, {"q": "castle", "page": "2"}).content.decode()
    finally:
        views.search_query = saved
    assert 'href="?q=castle" rel="prev"' in html and "Page 2 of 2" in html


def test_an_empty_search_says_what_to_do(client):
    response = client.get(URL)
    assert response.status_code == 200
    assert "Type a few words" in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"q": '"unbalanced NEAR( AND *'},
        {"q": "'; DROP TABLE search_fts; --"},
        {"q": "x" * 10_000},
        {"q": "🏰 castle"},
        {"q": "castle", "kind": "spaceship", "stage": "flying", "page": "-3"},
        {"q": "castle", "page": "abc", "tag": "not a slug!", "organization": "nope"},
        {"q": "castle", "page": "99999999999999999999"},
    ],
)
def test_any_query_string_answers_200(client, castles, params):
    response = client.get(URL, params)
    assert response.status_code == 200


def test_a_nul_character_is_refused_by_the_site_not_a_500(client, castles):
    # The core middleware answers 400 to NUL bytes in a query string, before any view.
    assert client.get(URL, {"q": "castle\x00"}).status_code == 400


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_leave_no_active_content_in_the_results_page(client, user, other_user, payload):
    # given
    technology = TechnologyFactory(name=f"Tech {payload}"[:120], summary=f"quokka {payload}"[:280])
    project = make_project(owner=user, technology=technology, publish=True, title=f"quokka {payload}"[:140],
                           pitch=f"quokka {payload}"[:280], body=f"quokka {payload}", tags="quokka")
    comment_create(author=other_user, target=project, body=f"quokka {payload}")
    # when
    response = client.get(URL, {"q": f"quokka {payload}"[:50]})
    plain = client.get(URL, {"q": "quokka"})
    # then
    for page in (response, plain):
        assert page.status_code == 200
        assert active_content(page.content.decode()) == []
    assert plain.content.decode().count('class="search-hit"') == 3


def test_the_similar_fragment_lists_similar_projects(client, user):
    # given
    project = make_project(owner=user, publish=True, title="Solar bird feeder", pitch="Sunlight feeds the birds")
    # when
    response = client.get("/search/similar/", {"title": "Bird feeder", "pitch": "solar powered"},
                          headers={"HX-Request": "true"})
    # then
    html = response.content.decode()
    assert response.status_code == 200 and "<html" not in html
    assert "Similar projects:" in html and project.get_absolute_url() in html


def test_the_similar_fragment_says_when_nothing_is_similar(client, user):
    make_project(owner=user, publish=True, title="Solar bird feeder", pitch="Sunlight feeds the birds")
    html = client.get("/search/similar/", {"title": "Underwater piano"}).content.decode()
    assert "No similar project yet." in html and "Similar projects:" not in html
    assert client.get("/search/similar/", {"title": "🐦 \"NEAR", "exclude": "x"}).status_code == 200


def test_the_drafting_page_asks_for_similar_projects_as_the_member_types(client_for, user):
    # when
    html = client_for(user).get(reverse("project_create")).content.decode()
    # then
    assert 'id="similar-projects" aria-live="polite"' in html
    assert 'hx-get="/search/similar/"' in html and 'hx-include="#id_title, #id_pitch"' in html
    assert "keyup changed delay:300ms from:#id_title" in html


def test_the_drafting_page_shows_similar_projects_when_it_comes_back_with_an_error(client_for, user, other_user):
    # given
    existing = make_project(owner=other_user, publish=True, title="Solar bird feeder", pitch="Sunlight for birds")
    # when: posted without a technology (no JavaScript needed to see the similar projects)
    response = client_for(user).post(reverse("project_create"), {"title": "Bird feeder, solar", "pitch": "Birds"})
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "Similar projects:" in html and existing.get_absolute_url() in html
