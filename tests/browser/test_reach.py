"""Reach, as people live it: follow a member; they publish; the follower sees it in their feed and in a
notification, then searches for it and finds it."""

import re

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects import services as projects

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()


def test_follow_a_member_then_see_their_new_project_everywhere(page):
    technology = TechnologyFactory(name="Open hops")
    maker = UserFactory(username="maker", display_name="Mara Maker")
    UserFactory(username="fan")

    # The fan follows the maker from the maker's profile.
    log_in(page, "fan")
    page.goto("/members/maker/")
    page.get_by_role("button", name="Follow").click()
    page.get_by_role("button", name=re.compile("Following")).wait_for()

    # The maker publishes a project (through the same services the pages call).
    project = projects.project_create(
        actor=maker, title="Smoked rye porter", pitch="A dark rye porter with beech-smoked malt.",
        technology=technology, body="Rye, smoke and **chocolate** malt.",
    )
    projects.project_publish(actor=maker, project=project)

    # The fan sees it in the home feed…
    page.goto("/feed/")
    page.get_by_role("link", name="Smoked rye porter").first.wait_for()

    # …and in a notification, with the unread count in the header.
    badge = page.locator("header").get_by_role("link", name=re.compile("Notifications"))
    assert re.search(r"1", badge.inner_text())
    badge.click()
    page.wait_for_url(re.compile(r"/notifications/"))
    assert page.get_by_text("Smoked rye porter").first.is_visible()

    # …and finds it by searching for a word of its pitch.
    page.goto("/search/")
    page.fill("input[name=q]", "beech smoked")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    result = page.locator("main").get_by_role("link", name="Smoked rye porter").first
    result.wait_for()
    assert page.locator("mark").first.is_visible()  # the matched words are highlighted
    result.click()
    page.wait_for_url(re.compile(r"/projects/smoked-rye-porter/$"))
