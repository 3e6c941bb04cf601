"""The recipe editor in the browser: a brewer opens a real recipe, changes a hop amount and sees the bitterness
move (and the style bar with it), adds an ingredient from the kit by searching it, saves the revision, and
meets a conflict when someone saved since."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.kinds.recipes import kind as recipes_kind
from boucle.studio.models import Design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def recipe_design(owner, *, title="London Pride-style best bitter"):
    technology = TechnologyFactory(name="Open beer")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="recipes",
        content=recipes_kind.demo_kit(),
    )
    project = make_project(owner=owner, technology=technology, licence=Licence.BY_SA, publish=True)
    _title, content = recipes_kind.demo_designs()[0]  # Londonpride.xml: Target at 60 and 15 min, 30 g each
    return services.design_create(actor=owner, project=project, title=title, content=content)


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()


def open_editor(page, design):
    page.goto(reverse("design_edit", args=[design.project.slug, design.number]))
    page.locator(".recipe-editor.re-ready").wait_for()
    page.locator(".re-check-status[data-state=done]").wait_for()


def metric(page, key):
    return page.locator(f'.re-metrics [data-metric="{key}"] .re-metric-value')


def test_change_a_hop_amount_see_the_ibu_move_and_save(page):
    # given: alice's best bitter, 32.9 IBU (Tinseth), in the Best Bitter range
    alice = UserFactory(username="alice")
    design = recipe_design(alice)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    log_in(page, "alice")
    open_editor(page, design)
    expect(metric(page, "ibu")).to_have_text("32.9")
    expect(page.locator('.re-metrics [data-metric="ibu"] small')).to_contain_text("in range")

    # when: she doubles the 60-minute Target addition, by keyboard
    amount = page.get_by_role("spinbutton", name="Amount of Target").first
    amount.fill("60")
    # then: the bitterness follows, above the style's range, and the addition's own IBU too
    expect(metric(page, "ibu")).to_have_text("54.9")
    expect(page.locator('.re-metrics [data-metric="ibu"] small')).to_contain_text("above the style")
    expect(page.locator('.re-hop-ibu[data-hop="h1"]')).to_have_text("44.0")
    expect(page.locator(".re-dirty")).to_be_visible()

    # when: she adds Cascade from the kit by searching it, and saves with a message
    page.get_by_label("Add a hop").fill("casc")
    page.get_by_label("Add a hop").press("Enter")
    expect(page.locator(".re-live")).to_contain_text("Added Cascade.")
    page.get_by_label("Message").fill("More bitter, and Cascade")
    page.get_by_role("button", name="Save", exact=True).click()
    # then: a new revision holds 60 g of Target at 60 minutes and the Cascade addition
    expect(page.locator(".re-save-status")).to_have_text("Saved revision 2.")
    head = Design.objects.get(pk=design.pk).head
    assert head.number == 2 and head.message == "More bitter, and Cascade"
    assert [(h["id"], h["ingredient"], h["amount"]) for h in head.content["hops"]] == [
        ("h1", "target", 60.0),
        ("h2", "target", 30.0),
        ("h3", "cascade", 20.0),
    ]

    # when: someone else saves meanwhile, and she saves again
    services.revision_save(
        actor=alice,
        design=Design.objects.get(pk=design.pk),
        content={**head.content, "notes": "Brewed it elsewhere"},
        parent=2,
        message="elsewhere",
    )
    amount.fill("50")
    expect(metric(page, "ibu")).not_to_have_text("54.9")
    page.get_by_role("button", name="Save", exact=True).click()
    # then: a conflict, never an overwrite
    expect(page.locator(".re-conflict")).to_be_visible()
    assert Design.objects.get(pk=design.pk).head.number == 3
    assert errors == []


def test_units_and_scaling(page):
    alice = UserFactory(username="alice")
    design = recipe_design(alice)
    log_in(page, "alice")
    open_editor(page, design)
    # US units on demand: 40 L shows as 10.567 gal, stored metric
    page.get_by_role("button", name="Show US units").click()
    expect(page.locator('input[name="batch_size"]')).to_have_value("10.567")
    page.get_by_role("button", name="Show metric units").click()
    # scaling to 20 L halves the malt and keeps the bitterness
    page.get_by_label("New batch size").fill("20")
    page.get_by_role("button", name="Scale", exact=True).click()
    expect(page.locator('input[name="batch_size"]')).to_have_value("20")
    expect(page.get_by_role("spinbutton", name="Amount of Pale 2-Row")).to_have_value("4.5")
    expect(metric(page, "ibu")).to_have_text("32.9")


def test_on_a_phone_the_editor_fits_the_screen_and_works_by_keyboard(page):
    alice = UserFactory(username="alice")
    design = recipe_design(alice)
    log_in(page, "alice")
    page.set_viewport_size({"width": 390, "height": 844})
    open_editor(page, design)
    # the page never scrolls sideways (wide tables scroll inside their own box)
    assert page.evaluate("document.documentElement.scrollWidth") <= 392
    # Tab to the 15-minute Target addition's amount, type a new one: the bitterness follows
    late = page.get_by_role("spinbutton", name="Amount of Target").nth(1)
    late.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("60")
    expect(metric(page, "ibu")).not_to_have_text("32.9")
    expect(page.locator('.re-hop-ibu[data-hop="h2"]')).not_to_have_text("10.9")
