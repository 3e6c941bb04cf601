"""In Chromium: search as you type, and similar projects appearing while a member drafts a project."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.tests.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_results_refresh_as_the_visitor_types_and_facets_filter(page):
    # given
    owner = UserFactory(username="maker")
    technology = TechnologyFactory(name="Brick system")
    make_project(owner=owner, technology=technology, publish=True, title="Lighthouse with a rotating lamp",
                 pitch="It turns at night")
    make_project(owner=owner, technology=technology, publish=True, title="Harbour crane", pitch="Lifts boxes",
                 body="Placed next to the lighthouse.")
    # when: the visitor types, without submitting
    page.goto("/search/")
    page.locator("#search-q").press_sequentially("lightho", delay=30)
    # then: the results came by htmx, best first, the words highlighted
    page.locator(".search-hit").nth(1).wait_for()
    assert page.locator(".search-hit h3").first.inner_text() == "Lighthouse with a rotating lamp"
    assert page.locator(".search-hit mark").first.inner_text().lower() == "lighthouse"
    assert "q=lightho" in page.url
    # when: a facet is chosen (a plain link, so it also works without JavaScript)
    page.get_by_role("link", name="Projects (2)").click()
    page.wait_for_load_state()
    assert "kind=project" in page.url and page.locator(".search-hit").count() == 2


def test_similar_projects_appear_while_a_member_drafts(page):
    # given
    member = UserFactory(username="drafter")
    technology = TechnologyFactory(name="Garden kit")
    existing = make_project(owner=UserFactory(username="earlier"), technology=technology, publish=True,
                            title="Solar powered bird feeder", pitch="Sunlight charges it; it counts the birds.")
    page.goto("/accounts/login/")
    page.fill("input[name=login]", member.username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    # when: the member types a title and a pitch on the new project page
    page.goto("/projects/new/")
    page.locator("input[name=title]").press_sequentially("Bird feeder", delay=20)
    page.locator("textarea[name=pitch]").press_sequentially("charged by the sun", delay=20)
    # then: the similar project shows, with a link to it
    link = page.locator("#similar-projects a", has_text=existing.title)
    link.wait_for()
    assert link.get_attribute("href") == existing.get_absolute_url()
    assert "Similar projects:" in page.locator("#similar-projects").inner_text()
