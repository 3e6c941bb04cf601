"""Several members vote in a real browser (clicks and keyboard) and see the map with its groups."""

import re
from urllib.parse import urlparse

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.opinions.models import Vote
from boucle.opinions.services import conversation_create
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SEEDS = ["Alpha trains", "Alpha stations", "Alpha rails", "Beta rockets", "Beta moon base", "Beta satellites"]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def log_out(page):
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state()


def test_members_vote_and_see_the_map_with_groups(page):
    # given
    owner = UserFactory(username="olivia")
    technology = TechnologyFactory(organization=OrganizationFactory(owner=owner))
    conversation = conversation_create(
        actor=owner, target=technology, question="Which sets next?", seeds=SEEDS
    )
    camps = {"alice": "Alpha", "anna": "Alpha", "bruno": "Beta", "bea": "Beta"}
    for name in camps:
        UserFactory(username=name)
    # when each member votes on every statement, one at a time (alice with the keyboard)
    for name, camp in camps.items():
        log_in(page, name)
        page.goto(f"/opinions/{conversation.pk}/")
        for _ in SEEDS:
            text = page.locator("#vote-card blockquote").inner_text()
            agree = text.startswith(camp)
            if name == "alice":
                page.keyboard.press("a" if agree else "d")
            else:
                page.locator("#vote-card").get_by_role(
                    "button", name=re.compile("^Agree" if agree else "^Disagree")
                ).click()
            page.wait_for_function(
                "t => !document.querySelector('#vote-card blockquote') || "
                "document.querySelector('#vote-card blockquote').innerText !== t",
                arg=text,
            )
        assert "You voted on every statement" in page.locator("#vote-card").inner_text()
        log_out(page)
    assert Vote.objects.count() == 4 * len(SEEDS)
    # then
    log_in(page, "alice")
    page.goto(f"/opinions/{conversation.pk}/")
    assert page.locator("svg[role=img]").is_visible()
    headings = page.locator("h3").all_inner_texts()
    assert any(h.startswith("Group A") and "2 participants" in h for h in headings)
    assert any(h.startswith("Group B") and "2 participants" in h for h in headings)
    assert "You are in group" in page.content()


def test_a_project_team_opens_a_conversation_and_a_visitor_signs_in_from_it_to_vote(page):
    # given a project whose owner is olivia, and a member who is not signed in yet
    from boucle.community.tests.factories import CommentProjectFactory

    owner = UserFactory(username="olivia")
    project = CommentProjectFactory(title="Moon base", created_by=owner)
    UserFactory(username="victor")
    # when olivia opens a conversation from the project page
    log_in(page, "olivia")
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Start a conversation").click()
    page.get_by_label("Question").fill("What should the moon base have first?")
    page.get_by_label("Seed statements").fill("A greenhouse\nA landing pad\nA telescope")
    page.get_by_label("Moderate statements before they show").check()
    page.get_by_role("button", name="Open the conversation").click()
    page.wait_for_load_state()
    # then she is on the conversation, ready to vote
    assert page.get_by_role("heading", name="What should the moon base have first?").is_visible()
    assert page.locator("#vote-card blockquote").is_visible()
    conversation_path = urlparse(page.url).path
    page.goto(project.get_absolute_url())
    assert page.get_by_role("link", name="What should the moon base have first?").is_visible()
    log_out(page)
    # when a visitor opens it, reads the statements and signs in to vote
    page.goto(conversation_path)
    assert "A landing pad" in page.locator("#statements-heading + details").inner_text()
    page.get_by_role("link", name="Sign in to vote.").click()
    page.fill("input[name=login]", "victor")
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    # then they are back on the conversation and vote with the keyboard
    assert page.url.endswith(conversation_path)
    page.keyboard.press("a")
    page.wait_for_function("() => document.querySelector('#vote-card').innerText.includes('You voted on 1')")
    assert Vote.objects.filter(participant__user__username="victor", value=1).count() == 1
