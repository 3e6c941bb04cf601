"""search_query: ranking, filters, facets, snippets, pagination and any input, the same on both backends."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.services import comment_create
from boucle.core.errors import InvalidInput
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.projects.enums import ProjectStatus
from boucle.projects.tests.factories import force_status, make_project
from boucle.search.selectors import search_query
from boucle.search.services import search_index
from boucle.search.tests.helpers import found, key

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    "   ",
    '"',
    '"unbalanced',
    "castle\"'; DROP TABLE search_fts; --",
    "' OR 1=1 --",
    "castle AND OR NOT NEAR",
    "NEAR(castle tower, 2)",
    "castle*",
    "*",
    "^castle",
    "title:castle",
    "castle:*",
    "castle & | ! <-> tower",
    "!(castle)",
    "(((",
    "-castle",
    "{castle}",
    "\\",
    "\x00castle\x00",
    "🏰 castle 🎉",
    "🏰🏰🏰",
    "城堡",
    "x" * 10_000,
    "castle " * 2_000,
    "%s %% %(x)s ?",
    "<script>alert(1)</script>",
]


@pytest.fixture
def corpus(user, other_user):
    technology = TechnologyFactory(name="Brick system", summary="Bricks that click")
    title_hit = make_project(owner=user, technology=technology, publish=True, title="Castle gate", pitch="It opens")
    body_hit = make_project(
        owner=user, technology=technology, publish=True, title="Drawbridge", pitch="Chains and pulleys",
        body="Fits any castle wall.", tags="medieval",
    )
    other_org = make_project(owner=other_user, publish=True, title="Sand castle mould", pitch="For beaches",
                             tags="medieval, beach")
    comment = comment_create(author=other_user, target=body_hit, body="My castle needs two of them")
    return {"technology": technology, "title_hit": title_hit, "body_hit": body_hit, "other_org": other_org,
            "comment": comment}


def test_a_title_match_ranks_above_a_body_match_and_a_comment(corpus):
    # when
    keys = found("castle")
    # then
    assert keys.index(key(corpus["title_hit"])) < keys.index(key(corpus["body_hit"]))
    assert keys.index(key(corpus["title_hit"])) < keys.index(key(corpus["comment"]))
    assert set(keys) == {key(corpus[k]) for k in ("title_hit", "body_hit", "other_org", "comment")}


def test_ranks_decrease_down_the_list(corpus):
    ranks = [hit.rank for hit in search_query(q="castle").hits]
    assert ranks == sorted(ranks, reverse=True) and all(r > 0 for r in ranks)


def test_every_word_must_match_and_the_last_is_a_prefix(corpus):
    assert found("castle gat") == [key(corpus["title_hit"])]
    assert found("castle gates") == []
    assert found("drawbr") == [key(corpus["body_hit"])]


def test_accents_and_case_do_not_matter(user):
    project = make_project(owner=user, publish=True, title="Crème brûlée TORCH", pitch="Caramel")
    assert found("creme brulee torch") == [key(project)]
    assert found("CRÈME") == [key(project)]


def test_filters_narrow_the_results(corpus):
    organization = corpus["technology"].organization
    assert set(found("castle", kind="project")) == {key(corpus[k]) for k in ("title_hit", "body_hit", "other_org")}
    assert found("castle", kind="comment") == [key(corpus["comment"])]
    assert set(found("castle", tag="medieval")) == {key(corpus["body_hit"]), key(corpus["other_org"])}
    assert set(found("castle", organization=organization.slug)) == {
        key(corpus[k]) for k in ("title_hit", "body_hit", "comment")
    }
    assert found("castle", organization="no-such-org") == []
    assert found("castle", tag="no-such-tag") == []
    force_status(corpus["other_org"], ProjectStatus.SUPPORTED)
    search_index(corpus["other_org"])
    assert found("castle", stage="supported") == [key(corpus["other_org"])]


def test_facets_count_what_each_choice_would_find(corpus):
    # when
    results = search_query(q="castle", kind="project")
    facets = {name: {v.value: v.count for v in values} for name, values in results.facets.items()}
    # then: the kind facet ignores the kind filter; the others apply it
    assert facets["kind"] == {"project": 3, "comment": 1}
    assert facets["stage"] == {"published": 3}
    assert facets["tag"] == {"medieval": 2, "beach": 1}
    assert facets["organization"] == {
        corpus["technology"].organization.slug: 2,
        corpus["other_org"].technology.organization.slug: 1,
    }
    assert [v.selected for v in results.facets["kind"]] == [True, False]
    assert results.total == 3
    labels = {v.value: v.label for v in results.facets["organization"]}
    assert labels[corpus["technology"].organization.slug] == corpus["technology"].organization.name


def test_unknown_kind_or_stage_is_invalid_input():
    with pytest.raises(InvalidInput):
        search_query(q="castle", kind="spaceship")
    with pytest.raises(InvalidInput):
        search_query(q="castle", stage="launched")


def test_results_are_paginated(user):
    # given
    technology = TechnologyFactory()
    projects = [
        make_project(owner=user, technology=technology, publish=True, title=f"Pagoda {n}", pitch="Tiered roof")
        for n in range(5)
    ]
    # when
    first = search_query(q="pagoda", per_page=2, page=1)
    third = search_query(q="pagoda", per_page=2, page=3)
    beyond = search_query(q="pagoda", per_page=2, page=99)
    # then
    assert first.total == 5 and first.num_pages == 3 and first.has_next and not first.has_previous
    assert len(first.hits) == 2 and len(third.hits) == 1 and beyond.hits == []
    seen = [h.object.pk for p in (1, 2, 3) for h in search_query(q="pagoda", per_page=2, page=p).hits]
    assert sorted(seen) == sorted(p.pk for p in projects)


def test_snippets_highlight_the_matched_words_in_escaped_text(user, other_user):
    # given
    project = make_project(
        owner=user, publish=True, title="Tom & Jerry's <b>castle</b>", pitch="A <i>castle</i> for mice & cats",
    )
    # when
    hit = search_query(q="castle").hits[0]
    # then
    assert hit.object == project
    assert str(hit.snippet) == "A &lt;i&gt;<mark>castle</mark>&lt;/i&gt; for mice &amp; cats"
    assert str(hit.title_html) == "Tom &amp; Jerry&#x27;s &lt;b&gt;<mark>castle</mark>&lt;/b&gt;"


def test_snippets_show_the_part_of_a_long_body_that_matches(user):
    body = "Filler words here. " * 100 + "The secret is a hidden trapdoor. " + "More filler. " * 100
    make_project(owner=user, publish=True, title="Mystery box", pitch="Opens somehow", body=body)
    snippet = str(search_query(q="trapdoor").hits[0].snippet)
    assert "<mark>trapdoor</mark>" in snippet and snippet.startswith("…") and snippet.endswith("…")
    assert len(snippet) < 400


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_in_titles_bodies_and_comments_stay_text(user, other_user, payload):
    # given
    project = make_project(owner=user, publish=True, title=f"Payload {payload}"[:140], pitch=f"zebra {payload}",
                           body=f"zebra {payload}")
    comment_create(author=other_user, target=project, body=f"zebra {payload}")
    # when
    results = search_query(q="zebra")
    # then
    assert results.total == 2
    for hit in results.hits:
        html = f"<h3>{hit.title_html}</h3><p>{hit.snippet}</p>"
        assert active_content(html) == [], html


@pytest.mark.parametrize("q", HOSTILE)
def test_hostile_queries_answer_without_error(corpus, q):
    results = search_query(q=q, kind="project", tag="medieval")
    assert results.total >= 0
    if not any(ch.isalnum() for ch in q):
        assert results.total == 0 and results.message


def test_empty_query_finds_nothing_with_a_friendly_message(corpus):
    results = search_query(q="")
    assert results.hits == [] and results.total == 0
    assert "Type a few words" in results.message


def test_operators_are_plain_words(user):
    project = make_project(owner=user, publish=True, title="Near and far", pitch="Or not")
    assert found("near and far") == [key(project)]
    assert found("NOT") == [key(project)]
    assert found('"near" OR "moon"') == []  # every word must match: "moon" is missing


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(max_size=300), kind=st.sampled_from(["", "project", "comment"]), page=st.integers(-5, 600))
def test_any_text_is_a_valid_query(corpus, q, kind, page):
    results = search_query(q=q, kind=kind, page=page)
    assert results.total >= 0
    for hit in results.hits:
        assert active_content(str(hit.snippet)) == []


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(q=st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=60))
def test_any_text_is_a_valid_similar_query(corpus, q):
    from boucle.search.selectors import similar_projects

    assert len(similar_projects(title=q, pitch=q)) <= 5


def test_facets_of_the_broadest_queries_count_among_the_first_matches(corpus, monkeypatch):
    from boucle.search.backends import backend

    # given: facets read at most two matches
    monkeypatch.setattr(type(backend()), "facet_scan", 2)
    # when
    results = search_query(q="castle")
    # then: total and ranking stay exact, facets say they are partial
    assert results.total == 4 and len(results.hits) == 4
    assert not results.facets_exact
    assert sum(v.count for v in results.facets["kind"]) == 2
    assert search_query(q="drawbridge").facets_exact is True  # one match: below the cap


def test_facets_are_exact_below_the_scan_limit(corpus):
    assert search_query(q="castle").facets_exact is True
