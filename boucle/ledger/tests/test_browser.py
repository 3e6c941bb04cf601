"""In a real browser: a visitor reads how influence was computed from the project page; an owner records a
payout by keyboard alone at phone size (a payout over what is owed is refused with a message); the member sees
it in their earnings and downloads the CSV."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.ledger.models import ContributionKind, EntryKind, JournalEntry
from boucle.ledger.royalties import ledger_check, royalty_credit
from boucle.ledger.tests.conftest import record
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.tests.factories import make_project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


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


def test_influence_payout_and_statement_in_the_browser(page):
    # given a project: carol's idea (10 points), dan's two accepted revisions (10) and a helpful comment (2);
    # a sale of 37.00 net at 10 % credited 3.70: dan 2.02 (12/22), carol 1.68 (10/22)
    owner = UserFactory(username="olivia")
    org = OrganizationFactory(owner=owner, name="Brewers")
    carol = UserFactory(username="carol", display_name="Carol Maltster")
    dan = UserFactory(username="dan", display_name="Dan Brewer")
    project = make_project(
        owner=carol, technology=TechnologyFactory(organization=org), title="Smoked porter", publish=True
    )
    record(project, dan, ContributionKind.DESIGN_REVISION, 2)
    record(project, dan, ContributionKind.COMMENT_HELPFUL)
    royalty_credit(
        organization=org,
        currency="EUR",
        project=project,
        net_amount=Decimal("37.00"),
        rate_percent=Decimal("10"),
        source=UserFactory(),
        memo="Order B-1",
    )

    # when a visitor follows the project page's influence link
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Influence: who shaped this project").click()
    expect(page.get_by_role("heading", name="Influence on Smoked porter")).to_be_visible()
    # then each share is explained
    table = page.locator("table").first
    assert "2 × accepted design revision × 5 = 10" in table.inner_text()
    assert "12 / 22 = 54.55 %" in table.inner_text()

    # when the owner, on a phone, records a payout to dan with the keyboard alone
    page.set_viewport_size(PHONE)
    log_in(page, "olivia")
    page.goto(f"/orgs/{org.slug}/royalties/")
    page.get_by_label("Member paid").focus()
    page.keyboard.press("ArrowDown")  # the first member owed, by name: carol
    page.keyboard.press("ArrowDown")  # then Dan Brewer
    page.keyboard.press("Tab")  # currency (EUR, the only one)
    page.keyboard.press("Tab")
    page.keyboard.type("5.00")  # more than the 2.02 owed
    page.keyboard.press("Enter")
    # then it is refused with the reason, and nothing is stored
    expect(page.get_by_role("alert").filter(has_text="would exceed it")).to_be_visible()
    assert not JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()
    # when the owner corrects the amount
    page.get_by_label("Amount").fill("2.00")
    page.get_by_label("Reference").fill("TR-42")
    page.get_by_label("Reference").press("Enter")
    # then
    expect(page.get_by_text("Payout of 2.00 EUR to Dan Brewer recorded.")).to_be_visible()
    assert JournalEntry.objects.get(kind=EntryKind.PAYOUT).reference == "TR-42"
    assert ledger_check() == []
    log_out(page)

    # when dan opens his earnings from his account settings
    log_in(page, "dan")
    page.goto("/accounts/profile/")
    page.get_by_role("link", name="My earnings").click()
    expect(page.get_by_role("heading", name="My earnings")).to_be_visible()
    # then he sees what he earned, was paid and is still owed, and can export it
    balances = page.locator("table").first.inner_text()
    assert "2.02" in balances and "2.00" in balances and "0.02" in balances
    with page.expect_download() as download:
        page.get_by_role("link", name="Export as CSV").click()
    text = open(download.value.path(), encoding="utf-8").read()
    assert "credit,2.02,Order B-1" in text and "payout,-2.00" in text
