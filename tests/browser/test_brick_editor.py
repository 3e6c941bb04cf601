"""The brick editor in the browser, as members use it on the studio's edit page: build a small model, watch the
bill of materials follow, save it as a revision, meet a conflict, fork the design as another member and see
the lineage; and at phone size (390 × 844), place and remove bricks by tapping and by keyboard alone, in the
3D view (WebGL: SwiftShader in headless Chromium) and in the top view offered without WebGL."""

import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.kinds.bricks.catalog import demo_kit
from boucle.studio.models import Design

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
# What a browser without WebGL answers: no context at all (the editor must fall back to its top view).
NO_WEBGL = """
const original = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
  if (/webgl/i.test(type)) return null;
  return original.call(this, type, ...rest);
};
"""


def brick_design(owner, *, title="Tiny house", licence=Licence.BY_SA, content=None):
    technology = TechnologyFactory(name="Bricks")
    services.kit_save(
        actor=technology.organization.created_by, technology=technology, kind="bricks", content=demo_kit()
    )
    project = make_project(owner=owner, technology=technology, licence=licence, publish=True)
    return services.design_create(
        actor=owner, project=project, title=title, content=content or {"parts": [], "free": []}
    )


def edit_url(design):
    return reverse("design_edit", args=[design.project.slug, design.number])


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()


def open_editor(page, design, *, view="3d"):
    page.goto(edit_url(design))
    page.locator(".brick-editor.be-ready").wait_for()
    assert page.locator(".brick-editor").get_attribute("data-view") == view
    page.locator(".be-check-status[data-state=done]").wait_for()


def cell(page, x, y, z=0):
    """Where cell (x, y) at plate z is on the screen (the editor projects it through its camera)."""
    point = page.evaluate(
        "([x, y, z]) => document.querySelector('.brick-editor').brickEditor.view.cellToClient(x, y, z)", [x, y, z]
    )
    return point["x"], point["y"]


def editor_state(page, expression):
    """The value of a JavaScript expression about the editor (``ed``)."""
    return page.evaluate(f"() => {{ const ed = document.querySelector('.brick-editor').brickEditor; return {expression}; }}")


def live(page):
    return page.locator(".be-live")


def bom_quantity(page, name, colour):
    row = page.locator(".be-bom tbody tr").filter(has_text=name).filter(has_text=colour)
    return row.locator("td").nth(2).inner_text()


def test_build_a_small_model_watch_the_bom_save_it_and_meet_a_conflict(page):
    # given: alice's empty brick design
    alice = UserFactory(username="alice")
    design = brick_design(alice)
    log_in(page, "alice")
    open_editor(page, design)
    expect(page.locator(".be-bom-empty")).to_be_visible()

    # when: she picks a red 2 × 4 brick and clicks the grid
    page.get_by_role("button", name="Brick 2 × 4", exact=True).click()
    page.get_by_role("button", name="Red", exact=True).click()
    expect(page.get_by_role("button", name="Brick 2 × 4", exact=True)).to_have_attribute("aria-pressed", "true")
    page.mouse.click(*cell(page, 10, 10))
    # then: it is placed (announced) and the bill of materials follows
    expect(live(page)).to_contain_text("Placed Brick 2 × 4, Red (b1) at 9, 10, layer 0.")
    expect(page.locator(".be-bom tbody tr")).to_have_count(1)
    expect(page.locator(".be-bom tbody tr").first).to_contain_text("Brick 2 × 4")
    assert bom_quantity(page, "Brick 2 × 4", "Red") == "1"

    # when: she clicks the top of that brick: the next one goes on top of it
    page.mouse.click(*cell(page, 10, 10, 3))
    expect(live(page)).to_contain_text("Placed Brick 2 × 4, Red (b2) at 9, 10, layer 3.")
    expect(page.locator(".be-total-quantity")).to_have_text("2")
    assert bom_quantity(page, "Brick 2 × 4", "Red") == "2"
    price = page.locator(".be-total-price").inner_text()
    assert re.search(r"0[.,]\d\d", price), price
    expect(page.locator(".be-validity")).to_have_text("Valid: the model can be built from the kit.")

    # when: a blue plate lands away from the model
    page.get_by_role("button", name="Plate 2 × 2", exact=True).click()
    page.get_by_role("button", name="Blue", exact=True).click()
    page.mouse.click(*cell(page, 20, 20))
    expect(live(page)).to_contain_text("Placed Plate 2 × 2, Blue (b3)")
    # then: validation names the plate; showing the problem highlights it in the view
    problem = page.locator(".be-problems li[data-code=floating]")
    expect(problem).to_contain_text("b3")
    problem.get_by_role("button", name="Show in the view").click()
    expect(problem.get_by_role("button", name="Show in the view")).to_have_attribute("aria-pressed", "true")
    assert editor_state(page, "[...ed.view.highlighted]") == ["b3"]
    expect(page.locator(".be-bom tbody tr")).to_have_count(2)

    # when: undo takes the plate away, redo brings it back with its id, undo again
    page.keyboard.press("Control+z")
    expect(live(page)).to_contain_text("Undone: placing Plate 2 × 2, Blue (b3).")
    expect(page.locator(".be-problems li")).to_have_count(0)
    expect(page.locator(".be-bom tbody tr")).to_have_count(1)
    page.keyboard.press("Control+Shift+z")
    expect(live(page)).to_contain_text("Redone: placing Plate 2 × 2, Blue (b3).")
    expect(page.locator(".be-bom tbody tr")).to_have_count(2)
    page.keyboard.press("Control+z")
    expect(page.locator(".be-bom tbody tr")).to_have_count(1)
    expect(page.locator(".be-dirty")).to_be_visible()

    # when: she saves with a message
    page.get_by_label("Message").fill("Two red bricks")
    page.get_by_role("button", name="Save", exact=True).click()
    # then: revision 2 holds the two bricks with the ids the editor gave them
    expect(page.locator(".be-save-status")).to_have_text("Saved revision 2.")
    expect(page.locator(".be-dirty")).to_be_hidden()
    design.refresh_from_db()
    head = design.head
    assert (head.number, head.message) == (2, "Two red bricks")
    assert [(p["id"], p["part"], p["colour"], p["x"], p["y"], p["z"]) for p in head.content["parts"]] == [
        ("b1", "3001", "4", 9, 10, 0),
        ("b2", "3001", "4", 9, 10, 3),
    ]

    # when: someone else of the team saves meanwhile, and she goes on and saves again
    services.revision_save(
        actor=alice, design=design, content={"parts": head.content["parts"][:1], "free": []}, parent=2,
        message="From another tab",
    )
    page.keyboard.press("Control+y")  # the plate again (redo survived the save)
    expect(page.locator(".be-bom tbody tr")).to_have_count(2)
    page.get_by_role("button", name="Save", exact=True).click()
    # then: the conflict is shown, nothing is overwritten and her work stays in the editor
    conflict = page.locator(".be-conflict")
    expect(conflict).to_be_visible()
    expect(conflict).to_contain_text("saved a newer revision")
    expect(conflict).to_contain_text("Your changes are still here in the editor.")
    expect(conflict.get_by_role("link", name="Open the design page in a new tab")).to_have_attribute(
        "href", design.get_absolute_url()
    )
    design.refresh_from_db()
    assert design.head.number == 3 and len(design.head.content["parts"]) == 1
    expect(page.locator(".be-piece-count")).to_have_text("Pieces: 3")
    conflict.get_by_role("button", name="Keep editing").click()
    expect(conflict).to_be_hidden()

    # and leaving with unsaved work asks first
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.accept()))
    page.get_by_role("link", name="History").first.click()
    page.wait_for_url(re.compile(r"/history/$"))
    assert dialogs == ["beforeunload"]


def test_another_member_forks_the_saved_model_and_sees_the_lineage(page):
    # given: alice saved a model in the editor
    alice = UserFactory(username="alice")
    design = brick_design(alice, title="Gatehouse")
    bob = UserFactory(username="bob")
    bobs = make_project(owner=bob, technology=design.technology, title="Bob's castle", publish=True)
    log_in(page, "alice")
    open_editor(page, design)
    page.get_by_role("button", name="Brick 2 × 2", exact=True).click()
    page.mouse.click(*cell(page, 24, 24))
    expect(page.locator(".be-total-quantity")).to_have_text("1")
    page.get_by_label("Message").fill("A pillar")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".be-save-status")).to_have_text("Saved revision 2.")
    page.get_by_role("button", name="Log out").click()

    # when: bob forks it into his project from the design page
    log_in(page, "bob")
    page.goto(design.get_absolute_url())
    fork = page.locator("#fork")
    fork.get_by_label(re.compile("Bob's castle")).check()
    fork.get_by_role("button", name="Fork").click()
    page.wait_for_url(re.compile(rf"/projects/{bobs.slug}/designs/\d+/$"))
    copy = Design.objects.get(project=bobs)
    assert copy.head.content["parts"][0]["id"] == "b1"

    # then: the fork's lineage page shows where it comes from
    page.get_by_role("link", name=re.compile("Lineage")).first.click()
    ancestors = page.locator("ol.ancestors")
    expect(ancestors.get_by_role("link", name="Gatehouse")).to_be_visible()

    # and bob's editor on his fork starts from the same bricks, with new bricks numbered after them
    open_editor(page, copy)
    expect(page.locator(".be-piece-count")).to_have_text("Pieces: 1")
    page.get_by_role("button", name="Plate 2 × 2", exact=True).click()
    page.mouse.click(*cell(page, 24, 24, 3))
    expect(live(page)).to_contain_text("(b2) at 24, 24, layer 3.")
