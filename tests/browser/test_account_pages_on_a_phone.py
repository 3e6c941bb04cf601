"""Every page under a member's account menu fits a phone's width: the menu wraps instead of widening the page."""

import pytest

from boucle.accounts.tests.factories import UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
ACCOUNT_PAGES = [
    "/orders/",
    "/notifications/settings/",
    "/accounts/earnings/",
]


def test_each_page_of_the_account_menu_fits_a_phone(browser, live_server):
    # given a member signed in on a phone-sized screen
    member = UserFactory(username="dora")
    context = browser.new_context(base_url=live_server.url, locale="en-US", viewport=PHONE)
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=login]", member.username)
    page.fill("input[name=password]", "pass-word-123")
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name="Log out").wait_for()
    try:
        for url in ACCOUNT_PAGES:
            # when they open each page of the account menu
            page.goto(url)
            # then it is no wider than the screen, and the menu is there
            assert page.locator(".settings-nav").count() == 1, url
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= PHONE["width"] + 1, f"{url} is {width}px wide on a {PHONE['width']}px screen"
    finally:
        context.close()
