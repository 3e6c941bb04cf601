"""The configurator editor in the browser: pick an option the rules do not allow, read the broken rule and the
nearest valid configuration, apply the fix in one click and be valid again; save the revision; the same on a
phone with the keyboard alone."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.kinds.configurator import kind
from boucle.studio.models import Design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def configured_design(owner):
    technology = TechnologyFactory(name="Trail e-bike platform")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="configurator",
        content=kind.demo_kit(),
    )
    project = make_project(owner=owner, technology=technology, publish=True)
    title, content = kind.demo_designs()[0]  # the school-run long-tail, valid
    return services.design_create(actor=owner, project=project, title=title, content=content)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()


def option(page, name):
    """The radio button or checkbox of a choice (its label starts with the choice's name)."""
    return page.locator(".ce-groups").get_by_label(name)


def open_editor(page, design):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(reverse("design_edit", args=[design.project.slug, design.number]))
    page.locator(".configurator-editor[data-ready=true]").wait_for()
    page.locator(".ce-check-status[data-state=done]").wait_for()
    return errors


def test_pick_an_incompatible_option_see_the_fix_apply_it_and_save(page):
    # given alice's valid long-tail configuration in the editor
    alice = UserFactory(username="alice")
    design = configured_design(alice)
    log_in(page, "alice")
    errors = open_editor(page, design)
    expect(page.locator(".ce-validity")).to_have_text("Valid: every rule is met.")
    # the porteur box is greyed out with its reason (it needs the porteur frame)
    box = page.locator(".ce-choice[data-choice=front-box]")
    expect(box).to_have_class("ce-choice ce-blocked")
    expect(box.locator(".ce-why")).to_contain_text("Long-tail frame")
    # when she picks the small battery, which the long-tail frame does not allow
    option(page, "Battery 400 Wh").check()
    # then the broken rule is named and the nearest valid configuration offered
    expect(page.locator(".ce-validity")).to_have_text("Not valid yet:")
    expect(page.locator(".ce-problems")).to_contain_text("“Long-tail frame” requires “Battery 750 Wh”")
    fix = page.locator(".ce-fix")
    expect(fix).to_be_visible()
    expect(fix).to_contain_text("Battery: Battery 400 Wh → Battery 750 Wh")
    # when she applies it
    page.get_by_role("button", name="Apply this fix").click()
    # then the configuration is valid again, with the 750 Wh battery picked
    expect(page.locator(".ce-validity")).to_have_text("Valid: every rule is met.")
    expect(option(page, "Battery 750 Wh")).to_be_checked()
    expect(fix).to_be_hidden()
    # and a real change saves as revision 2
    option(page, "24-inch wheels").check()
    expect(page.locator(".ce-picture img[src$='wheels-24.png']")).to_have_count(1)
    page.locator(".ce-check-status[data-state=done]").wait_for()
    page.fill(".ce-message", "Bigger wheels")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".ce-save-status")).to_have_text("Revision 2 saved.")
    design = Design.objects.get(pk=design.pk)
    assert design.head.content["selections"]["wheels"] == ["wheels-24"] and design.head.valid
    assert errors == []


def test_on_a_phone_with_the_keyboard_alone(page):
    alice = UserFactory(username="alice")
    design = configured_design(alice)
    page.set_viewport_size(PHONE)
    log_in(page, "alice")
    open_editor(page, design)
    # the editor fits the screen
    wide = page.evaluate(
        """() => [...document.querySelectorAll('body *')].filter((e) => e.getBoundingClientRect().right > 391)
        .slice(0, 8).map((e) => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))"""
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], wide
    # arrow keys move between radios of a group: battery 750 → 1250 Wh, then back
    battery = option(page, "Battery 750 Wh")
    battery.focus()
    page.keyboard.press("ArrowDown")
    expect(option(page, "Dual battery 1,250 Wh")).to_be_checked()
    page.locator(".ce-check-status[data-state=done]").wait_for()
    expect(page.locator(".ce-validity")).to_have_text("Valid: every rule is met.")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")
    expect(option(page, "Battery 625 Wh")).to_be_checked()
    expect(page.locator(".ce-fix")).to_be_visible()
    page.get_by_role("button", name="Apply this fix").focus()
    page.keyboard.press("Enter")
    expect(page.locator(".ce-validity")).to_have_text("Valid: every rule is met.")
