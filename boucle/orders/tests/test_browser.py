"""In a real browser: a member orders two kits on a phone-sized screen, the producer confirms the transfer on
the order page, and the designer sees the royalty in their statement of earnings."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.ledger.models import EntryKind, JournalEntry
from boucle.orders.models import Order
from boucle.realization.services import offer_create
from boucle.realization.tests.factories import accepted_design, make_producer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}


def log_in(page, username):
    page.goto("/accounts/login/")
    page.fill("input[name=login]", username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    assert page.get_by_role("button", name="Log out").is_visible()


def fits(page, width=PHONE["width"]) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= width + 1


def test_a_member_orders_a_kit_the_producer_confirms_and_the_designer_earns(browser, live_server):
    # given Dora's accepted design, adopted by Paula's organization, which sells its kit at 25.00 EUR
    dora = UserFactory(username="dora", display_name="Dora Designer")
    design = accepted_design(owner=dora, title="Fruit basket")
    paula, organization = make_producer(user=UserFactory(username="paula"))
    from boucle.realization.services import realization_adopt

    realization = realization_adopt(
        actor=paula, organization=organization, project=design.project, revision=design.head
    )
    offer = offer_create(
        actor=paula, realization=realization, title="Basket kit", price="25.00", stock=5, kind="kit"
    )
    UserFactory(username="bea", display_name="Béa Buyer")

    def context(**extra):
        return browser.new_context(base_url=live_server.url, locale="en-US", **extra)

    # when Béa, on her phone, adds two kits to her cart from the offer's page
    phone = context(viewport=PHONE)
    bea = phone.new_page()
    log_in(bea, "bea")
    bea.goto(offer.get_absolute_url())
    bea.get_by_label("Quantity").fill("2")
    bea.get_by_role("button", name="Add to cart").click()
    bea.get_by_role("link", name="See your cart").click()
    assert "50.00 EUR" in bea.locator("#cart-groups").inner_text()
    assert fits(bea)
    # and orders them, finishing with the keyboard
    bea.get_by_label("Street and number").fill("3 rue des Vignes")
    bea.get_by_label("Postcode").fill("21000")
    bea.get_by_label("City").fill("Dijon")
    bea.get_by_label("Country").fill("FR")
    bea.get_by_label("Country").press("Enter")
    bea.wait_for_load_state()
    # then she is told how to pay
    order = Order.objects.get()
    assert bea.url.endswith(order.get_absolute_url())
    text = bea.locator("main").inner_text()
    assert "Pay by bank transfer" in text and order.reference in text and "50.00 EUR" in text
    assert fits(bea)
    # when Paula finds the order from her organization's page and confirms the transfer
    desk = context()
    paula_page = desk.new_page()
    log_in(paula_page, "paula")
    paula_page.goto(organization.get_absolute_url())
    paula_page.get_by_role("link", name="Orders to handle").click()
    paula_page.get_by_role("link", name=order.reference).click()
    paula_page.get_by_label("Payment reference (optional)").fill("VIR 2026-117")
    paula_page.get_by_role("button", name="Confirm the payment").click()
    paula_page.wait_for_load_state()
    # then the order is paid, and its history says who did it
    assert paula_page.locator("#order-state").inner_text() == "paid"
    assert "placed → paid" in paula_page.locator("#order-history").inner_text()
    credit = JournalEntry.objects.get(kind=EntryKind.CREDIT)
    assert str(credit.amount) == "5.00"  # 10 % of 50.00
    # and Béa's order page says so too
    bea.reload()
    assert bea.locator("#order-state").inner_text() == "paid"
    # and Dora sees her royalty in her statement of earnings
    studio = context()
    dora_page = studio.new_page()
    log_in(dora_page, "dora")
    dora_page.goto("/accounts/earnings/")
    statement = dora_page.locator("main").inner_text()
    assert organization.name in statement and "5.00" in statement
    for c in (phone, desk, studio):
        c.close()
