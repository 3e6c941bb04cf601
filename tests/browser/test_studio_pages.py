"""The studio's pages in a real browser: a member opens a brick model, reads its bill of materials, forks it
into their own project and finds both designs in the lineage."""

import re

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.registry import get_kind

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()


def test_a_member_reads_the_bom_forks_a_brick_model_and_sees_the_lineage(page):
    # given: a brick technology with the demo kit, a published model, and a member with a project of their own
    bricks = get_kind("bricks")
    technology = TechnologyFactory(name="Brick system")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="bricks",
        content=bricks.demo_kit(),
    )
    maker = UserFactory(username="maker", display_name="Mara Maker")
    castle = make_project(
        owner=maker, technology=technology, title="A castle that opens", licence=Licence.BY, publish=True
    )
    title, content = bricks.demo_designs()[0]
    design = services.design_create(actor=maker, project=castle, title=title, content=content)
    fan = UserFactory(username="fan", display_name="Fay Fan")
    make_project(owner=fan, technology=technology, title="Fay's workshop", licence=Licence.BY, publish=True)

    # The member finds the model in the gallery and opens it.
    log_in(page, "fan")
    page.get_by_role("link", name="Designs", exact=True).first.click()
    page.wait_for_url(re.compile(r"/designs/$"))
    page.locator("main").get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(re.escape(design.get_absolute_url()) + "$"))

    # The preview is an image, and the bill of materials lists parts with their prices and a total.
    assert page.get_by_role("img", name=re.compile(f"Preview of {re.escape(title)}")).is_visible()
    bom = page.locator("table.bom")
    assert bom.is_visible()
    first_line = design.head.bom[0]
    assert first_line["name"] in bom.inner_text()
    assert "Total" in bom.locator("tfoot").inner_text()

    # Fork it into their own project, from the form on the design page (keyboard: the radio, then the button).
    page.locator("main header").get_by_role("button", name="Fork").click()
    page.get_by_role("radio", name=re.compile("Fay's workshop")).check()
    page.fill("input[name=title]", "My castle gate")
    page.locator("#fork").get_by_role("button", name="Fork").click()
    page.wait_for_url(re.compile(r"/designs/1/$"))
    assert page.get_by_role("heading", name="My castle gate").is_visible()
    assert "Forked from" in page.locator("main header").inner_text()

    # The lineage shows where the fork comes from, as nested lists with links.
    page.get_by_role("link", name=re.compile(r"^Lineage")).click()
    page.wait_for_url(re.compile(r"/lineage/$"))
    tree = page.locator("ul.lineage")
    assert tree.get_by_role("link", name=title).is_visible()
    current = tree.locator("[aria-current=page]")
    assert current.inner_text() == "My castle gate"
    assert "forked at revision 1" in tree.inner_text()
    tree.get_by_role("link", name=title).click()
    page.wait_for_url(re.compile(re.escape(design.get_absolute_url()) + "$"))
