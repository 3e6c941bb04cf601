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
HOSTILE = """Brick </script><img src=x onerror="alert('part')"> 'quoted' & {x}"""
# What a browser without WebGL answers: no context at all (the editor must fall back to its top view).
NO_WEBGL = """
const original = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (type, ...rest) {
  if (/webgl/i.test(type)) return null;
  return original.call(this, type, ...rest);
};
"""


def brick_design(owner, *, title="Tiny house", licence=Licence.BY_SA, content=None, kit=None):
    technology = TechnologyFactory(name="Bricks")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="bricks",
        content=kit or demo_kit(),
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


def watch_errors(page):
    """Script errors and failed console messages of the page, collected as they come."""
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    return errors


def open_editor(page, design, *, view="3d"):
    page.goto(edit_url(design))
    page.locator(".brick-editor.be-ready").wait_for()
    assert page.locator(".brick-editor").get_attribute("data-view") == view
    page.locator(".be-check-status[data-state=done]").wait_for()


def cell(page, x, y, z=0):
    """Where cell (x, y) at plate z is on the screen (the editor projects it through its camera)."""
    point = page.evaluate(
        "([x, y, z]) => document.querySelector('.brick-editor').brickEditor.view.cellToClient(x, y, z)",
        [x, y, z],
    )
    box = page.locator(".be-view").bounding_box()
    inside = (
        box["x"] < point["x"] < box["x"] + box["width"] and box["y"] < point["y"] < box["y"] + box["height"]
    )
    assert inside, f"cell {x, y, z} is outside the view: {point} not in {box}"
    return point["x"], point["y"]


def editor_state(page, expression):
    """The value of a JavaScript expression about the editor (``ed``)."""
    return page.evaluate(
        f"() => {{ const ed = document.querySelector('.brick-editor').brickEditor; return {expression}; }}"
    )


def live(page):
    return page.locator(".be-live")


def bom_quantity(page, name, colour):
    row = page.locator(".be-bom tbody tr").filter(has_text=name).filter(has_text=colour)
    return row.locator("td").nth(2).inner_text()


def test_build_a_small_model_watch_the_bom_save_it_and_meet_a_conflict(page):
    # given: alice's empty brick design
    alice = UserFactory(username="alice")
    design = brick_design(alice)
    errors = watch_errors(page)
    log_in(page, "alice")
    open_editor(page, design)
    expect(page.locator(".be-bom-empty")).to_be_visible()

    # when: she picks a red 2 × 4 brick and clicks the grid
    page.get_by_role("button", name="Brick 2 × 4", exact=True).click()
    page.get_by_role("button", name="Red", exact=True).click()
    expect(page.get_by_role("button", name="Brick 2 × 4", exact=True)).to_have_attribute(
        "aria-pressed", "true"
    )
    page.mouse.click(*cell(page, 22, 22))
    # then: it is placed (announced) and the bill of materials follows
    expect(live(page)).to_contain_text("Placed Brick 2 × 4, Red (b1) at 21, 22, layer 0.")
    expect(page.locator(".be-bom tbody tr")).to_have_count(1)
    expect(page.locator(".be-bom tbody tr").first).to_contain_text("Brick 2 × 4")
    assert bom_quantity(page, "Brick 2 × 4", "Red") == "1"

    # when: she clicks the top of that brick: the next one goes on top of it
    page.mouse.click(*cell(page, 22, 22, 3))
    expect(live(page)).to_contain_text("Placed Brick 2 × 4, Red (b2) at 21, 22, layer 3.")
    expect(page.locator(".be-total-quantity")).to_have_text("2")
    assert bom_quantity(page, "Brick 2 × 4", "Red") == "2"
    price = page.locator(".be-total-price").inner_text()
    assert re.search(r"0[.,]\d\d", price), price
    expect(page.locator(".be-validity")).to_have_text("Valid: the model can be built from the kit.")

    # when: a blue plate lands away from the model
    page.get_by_role("button", name="Plate 2 × 2", exact=True).click()
    page.get_by_role("button", name="Blue", exact=True).click()
    page.mouse.click(*cell(page, 28, 26))
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
        ("b1", "3001", "4", 21, 22, 0),
        ("b2", "3001", "4", 21, 22, 3),
    ]

    # when: someone else of the team saves meanwhile, and she goes on and saves again
    services.revision_save(
        actor=alice,
        design=design,
        content={"parts": head.content["parts"][:1], "free": []},
        parent=2,
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
    assert [e for e in errors if "409" not in e] == []  # the browser logs the 409 response itself


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

    # when: bob, outside the team, opens the editor: his changes go to the team as a suggestion
    log_in(page, "bob")
    page.goto(edit_url(design))
    page.wait_for_url(re.compile(r"/suggest/$"))
    page.locator(".brick-editor.be-ready").wait_for()
    page.get_by_role("button", name="Plate 2 × 2", exact=True).click()
    page.mouse.click(*cell(page, 24, 24, 3))
    expect(page.locator(".be-total-quantity")).to_have_text("2")
    page.get_by_label("Message").fill("A plate on top")
    page.get_by_role("button", name="Send the suggestion").click()
    expect(page.locator(".be-save-status")).to_contain_text("Suggestion sent")
    suggestion = design.suggestions.get()
    assert (suggestion.author, suggestion.revision.message) == (bob, "A plate on top")
    assert [p["id"] for p in suggestion.revision.content["parts"]] == ["b1", "b2"]

    # when: bob forks it into his project from the design page
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


# ---------------------------------------------------------------------------------------------- on a phone


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="en-US",
        viewport=PHONE,
        has_touch=True,
        is_mobile=True,
        device_scale_factor=2,
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def tap(page, x, y, z=0):
    page.touchscreen.tap(*cell(page, x, y, z))


def assert_fits_a_phone(page):
    view = page.locator(".be-view").bounding_box()
    assert view["width"] >= PHONE["width"] - 60, view  # the view takes the screen's width
    sizes = page.evaluate(
        """() => [...document.querySelectorAll('.brick-editor button')]
            .filter((b) => b.offsetParent !== null)
            .map((b) => { const r = b.getBoundingClientRect(); return [b.textContent.trim(), r.width, r.height]; })"""
    )
    small = [s for s in sizes if s[1] < 44 or s[2] < 44]
    assert not small, small  # every button is a comfortable target
    parts = page.locator(".be-parts")
    assert parts.evaluate("(el) => el.scrollWidth > el.clientWidth + 100")  # the palette scrolls sideways…
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]  # …the page does not


def test_on_a_phone_tap_to_place_and_to_remove(phone):
    alice = UserFactory(username="alice")
    design = brick_design(alice)
    log_in(phone, "alice")
    open_editor(phone, design)
    assert_fits_a_phone(phone)
    phone.locator(".be-view").scroll_into_view_if_needed()

    # when: she taps the grid, then the top of the brick she placed
    tap(phone, 24, 24)
    expect(live(phone)).to_contain_text("Placed Brick 1 × 1, Black (b1) at 24, 24, layer 0.")
    tap(phone, 24, 24, 3)
    expect(live(phone)).to_contain_text("Placed Brick 1 × 1, Black (b2) at 24, 24, layer 3.")
    expect(phone.locator(".be-total-quantity")).to_have_text("2")

    # when: she switches to removing and taps the top brick
    phone.get_by_role("button", name="Remove bricks").tap()
    expect(phone.get_by_role("button", name="Remove bricks")).to_have_attribute("aria-pressed", "true")
    phone.locator(".be-view").scroll_into_view_if_needed()
    tap(phone, 24, 24, 6)
    # then: it is gone, the BOM says so, and the other brick stays
    expect(live(phone)).to_contain_text("Removed Brick 1 × 1, Black (b2).")
    expect(phone.locator(".be-total-quantity")).to_have_text("1")
    assert editor_state(phone, "ed.model.parts.map((p) => p.id)") == ["b1"]

    # and undo is one tap away
    phone.get_by_role("button", name="Undo").tap()
    expect(phone.locator(".be-total-quantity")).to_have_text("2")


def test_on_a_phone_build_and_remove_with_the_keyboard_alone(phone):
    alice = UserFactory(username="alice")
    design = brick_design(alice)
    log_in(phone, "alice")
    open_editor(phone, design)

    # Tab reaches the building area (the canvas is labelled, the keys are described)
    for _ in range(60):
        phone.keyboard.press("Tab")
        if phone.evaluate("() => document.activeElement.classList.contains('be-view')"):
            break
    else:
        pytest.fail("Tab never reached the building area")
    view = phone.get_by_role("application", name="Building area")
    expect(view).to_be_focused()
    expect(phone.get_by_role("img", name="The model in 3D")).to_have_count(1)

    # pick a part (9: Brick 2 × 4) and the next colour, turn it, place it
    phone.keyboard.press("9")
    expect(live(phone)).to_contain_text("Brick 2 × 4 selected.")
    phone.keyboard.press("c")
    expect(live(phone)).to_contain_text("Blue selected.")
    phone.keyboard.press("r")
    expect(live(phone)).to_contain_text("Rotation 90°.")
    phone.keyboard.press("Enter")
    expect(live(phone)).to_contain_text("Placed Brick 2 × 4, Blue (b1) at 24, 23, layer 0.")

    # move the cursor along the brick and place another one on top of it
    phone.keyboard.press("ArrowUp")
    expect(live(phone)).to_contain_text("24, 25, layer 3. Over Brick 2 × 4, Blue (b1).")
    phone.keyboard.press("Space")
    expect(live(phone)).to_contain_text("Placed Brick 2 × 4, Blue (b2) at 24, 24, layer 3.")
    expect(phone.locator(".be-total-quantity")).to_have_text("2")

    # a plate one layer higher than "on top", then back to automatic layers
    phone.keyboard.press("2")  # Brick 1 × 2
    phone.keyboard.press("PageUp")
    expect(live(phone)).to_contain_text("Layer 7.")
    expect(phone.locator(".be-layer-value")).to_have_text("7")
    phone.keyboard.press("a")
    expect(phone.locator(".be-layer-value")).to_have_text("auto (6)")

    # Delete removes the brick under the cursor; undo and redo by keyboard
    phone.keyboard.press("Delete")
    expect(live(phone)).to_contain_text("Removed Brick 2 × 4, Blue (b2).")
    expect(phone.locator(".be-total-quantity")).to_have_text("1")
    phone.keyboard.press("Control+z")
    expect(phone.locator(".be-total-quantity")).to_have_text("2")
    phone.keyboard.press("Control+y")
    expect(phone.locator(".be-total-quantity")).to_have_text("1")
    phone.keyboard.press("Backspace")
    expect(live(phone)).to_contain_text("Removed Brick 2 × 4, Blue (b1).")
    phone.keyboard.press("Delete")
    expect(live(phone)).to_contain_text("There is no brick here to remove.")
    expect(phone.locator(".be-bom-empty")).to_be_visible()

    # the shortcuts are listed on the page
    phone.keyboard.press("?")
    expect(phone.locator(".be-help")).to_have_attribute("open", "")
    expect(phone.locator(".be-help")).to_contain_text("remove the brick under the cursor")


def test_without_webgl_the_top_view_still_places_and_removes(phone):
    phone.add_init_script(NO_WEBGL)
    alice = UserFactory(username="alice")
    # a kit whose organization named a part with markup in it: shown as text, never run
    kit = demo_kit()
    kit["parts"].append({**kit["parts"][0], "id": "evil", "name": HOSTILE})
    design = brick_design(alice, kit=kit)
    errors = watch_errors(phone)
    dialogs = []
    phone.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    log_in(phone, "alice")
    open_editor(phone, design, view="2d")
    expect(phone.locator(".be-no-webgl")).to_be_visible()
    expect(phone.locator(".be-part[data-part=evil]")).to_have_text(HOSTILE)
    assert_fits_a_phone(phone)
    phone.locator(".be-view").scroll_into_view_if_needed()

    # tap to place, twice on the same cell: the second brick goes on top
    tap(phone, 24, 24)
    expect(live(phone)).to_contain_text("Placed Brick 1 × 1, Black (b1) at 24, 24, layer 0.")
    tap(phone, 24, 24)
    expect(live(phone)).to_contain_text("Placed Brick 1 × 1, Black (b2) at 24, 24, layer 3.")
    # tap to remove, in remove mode: the top one goes
    phone.get_by_role("button", name="Remove bricks").tap()
    phone.locator(".be-view").scroll_into_view_if_needed()
    tap(phone, 24, 24)
    expect(live(phone)).to_contain_text("Removed Brick 1 × 1, Black (b2).")
    # and by keyboard: the view takes the focus, Delete removes the brick under the cursor
    phone.get_by_role("button", name="Remove bricks").tap()
    phone.locator(".be-view").focus()
    phone.keyboard.press("ArrowRight")
    phone.keyboard.press("Enter")
    expect(live(phone)).to_contain_text("Placed Brick 1 × 1, Black (b3) at 25, 24, layer 0.")
    phone.keyboard.press("Delete")
    expect(live(phone)).to_contain_text("Removed Brick 1 × 1, Black (b3).")
    expect(phone.locator(".be-total-quantity")).to_have_text("1")
    assert (errors, dialogs) == ([], [])
