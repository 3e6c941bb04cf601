"""The answers to a save every studio editor reads the same way (static/studio/editor-save.js), here through the
recipe editor: a co-author taken off the team meanwhile is offered to send the change as a suggestion and does;
a refused content shows the server's words; a save that reaches no server says so and keeps the work."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boucle.accounts.tests.factories import UserFactory
from boucle.projects import services as project_services
from boucle.studio.models import Design

from .test_recipe_editor import log_in, open_editor, recipe_design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_coauthor_taken_off_the_team_sends_the_change_as_a_suggestion(page):
    # given: bob, a co-author of alice's recipe, has the editor open
    alice = UserFactory(username="alice")
    bob = UserFactory(username="bob")
    design = recipe_design(alice)
    project_services.team_add(actor=alice, project=design.project, username="bob")
    log_in(page, "bob")
    open_editor(page, design)
    page.get_by_role("spinbutton", name="Amount of Target").first.fill("45")
    page.get_by_label("Message").fill("A touch more Target")
    # when: alice takes him off the team, and he saves
    project_services.team_remove(actor=alice, project=design.project, user=bob)
    page.get_by_role("button", name="Save", exact=True).click()
    # then: nothing is saved; the box says why, by keyboard focus, and offers a suggestion instead
    conflict = page.locator(".re-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_be_focused()
    expect(page.locator(".re-conflict-title")).to_have_text(
        "Not saved: you cannot save revisions of this design."
    )
    assert Design.objects.get(pk=design.pk).head.number == 1
    # when: he sends it as a suggestion
    conflict.get_by_role("button", name="Send it as a suggestion instead").click()
    # then: the team gets his suggestion, with his message, and he is told where to see it
    status = page.locator(".re-save-status")
    expect(status).to_contain_text("Suggestion sent")
    expect(status.get_by_role("link", name="See the suggestions")).to_be_visible()
    expect(page.get_by_label("Message")).to_have_value("")
    suggestion = Design.objects.get(pk=design.pk).suggestions.get()
    assert (suggestion.author, suggestion.revision.message) == (bob, "A touch more Target")
    assert suggestion.revision.content["hops"][0]["amount"] == 45.0


def test_a_refused_save_shows_the_servers_words_and_an_unreachable_server_keeps_the_work(page):
    # given: alice edits her recipe
    alice = UserFactory(username="alice")
    design = recipe_design(alice)
    log_in(page, "alice")
    open_editor(page, design)
    page.get_by_role("spinbutton", name="Amount of Target").first.fill("45")
    save_url = reverse("api:revision_create", args=[design.pk])
    # when: the server refuses the content
    page.route(
        f"**{save_url}",
        lambda route: route.fulfill(
            status=400,
            content_type="application/json",
            body='{"detail": "The design content does not fit.", "errors": {"content.hops": ["too many"]}}',
        ),
    )
    page.get_by_role("button", name="Save", exact=True).click()
    # then: its detail and field errors are shown, the button works again
    status = page.locator(".re-save-status")
    expect(status).to_have_text("Not saved: The design content does not fit. too many")
    expect(status).to_have_attribute("data-state", "error")
    expect(page.get_by_role("button", name="Save", exact=True)).to_be_enabled()
    # when: the server cannot be reached
    page.unroute(f"**{save_url}")
    page.route(f"**{save_url}", lambda route: route.abort())
    page.get_by_role("button", name="Save", exact=True).click()
    # then: she is told so, her change is still in the editor, and nothing was saved
    expect(status).to_contain_text("the server could not be reached")
    expect(page.get_by_role("spinbutton", name="Amount of Target").first).to_have_value("45")
    assert Design.objects.get(pk=design.pk).head.number == 1
    # when: the server answers again
    page.unroute(f"**{save_url}")
    page.get_by_role("button", name="Save", exact=True).click()
    # then: the revision is saved
    expect(status).to_have_text("Saved revision 2.")
    assert Design.objects.get(pk=design.pk).head.content["hops"][0]["amount"] == 45.0
