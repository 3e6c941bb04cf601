"""In a real browser: a producer adopts a brick design from its project page and publishes an offer of its kit;
a visitor finds it in the shop, on a phone-sized screen."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import Licence, ProjectStatus
from boucle.projects.tests.factories import force_status, make_project
from boucle.realization.models import Offer, Realization
from boucle.studio.registry import get_kind
from boucle.studio.services import design_create, kit_save

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def test_a_producer_adopts_a_brick_design_and_publishes_its_kit(page, browser, live_server):
    # given an accepted brick project of Alice's on Brickwerk's technology, and Paula, a producer of Brickwerk
    kind = get_kind("bricks")
    owner = UserFactory(username="olivia")
    brickwerk = OrganizationFactory(name="Brickwerk", slug="brickwerk", owner=owner)
    technology = TechnologyFactory(organization=brickwerk, name="Bricks", slug="bricks")
    kit_save(actor=owner, technology=technology, kind="bricks", content=kind.demo_kit())
    alice = UserFactory(username="alice", display_name="Alice Martin")
    project = make_project(
        owner=alice, technology=technology, licence=Licence.BY_SA, publish=True, title="Gatehouse"
    )
    title, content = kind.demo_designs()[0]
    design = design_create(actor=alice, project=project, title=title, content=content)
    force_status(project, ProjectStatus.ACCEPTED)
    paula = UserFactory(username="paula")
    Membership.objects.create(organization=brickwerk, user=paula, role=Role.PRODUCER)
    # when Paula adopts it from the project page
    log_in(page, "paula")
    page.goto(project.get_absolute_url())
    page.get_by_role("button", name="Adopt for production").click()
    page.get_by_label(f"{design.title} — revision 1").check()
    page.get_by_role("button", name="Adopt", exact=True).click()
    page.wait_for_load_state()
    realization = Realization.objects.get()
    assert page.url.endswith(realization.get_absolute_url())
    assert "Alice Martin" in page.locator("#attribution").inner_text()
    # and publishes an offer of the kit, finishing with the keyboard
    page.get_by_role("button", name="Publish an offer").click()
    page.get_by_label("Title").fill("Gatehouse kit")
    page.get_by_label("The kit, to build").check()
    page.get_by_label("Price").fill("19,90")
    page.get_by_label("Units for sale now").fill("12")
    page.get_by_label("Shipping regions").fill("FR, BE")
    page.get_by_label("Shipping regions").press("Enter")
    page.wait_for_load_state()
    # then the offer page shows it, with the attribution chain
    offer = Offer.objects.get()
    assert page.url.endswith(offer.get_absolute_url())
    text = page.locator("main").inner_text()
    assert "19.90" in text and "EUR" in text and "12 units in stock" in text and "FR, BE" in text
    assert offer.kind == "kit" and str(offer.price) == "19.90"
    # and a visitor on a phone finds it in the shop and opens the kit
    phone = browser.new_context(
        base_url=live_server.url, locale="en-US", viewport={"width": 390, "height": 844}
    )
    visitor = phone.new_page()
    visitor.goto("/shop/")
    visitor.get_by_role("link", name="Gatehouse kit").click()
    visitor.get_by_role("link", name="See what is in the kit").click()
    assert visitor.locator("table.bom tbody tr").count() >= 1
    width = visitor.evaluate("document.documentElement.scrollWidth")
    assert width <= 390 + 1  # nothing sticks out sideways (the table scrolls inside its box)
    phone.close()
