"""Every kind of page of the demo fits a phone's width: an organization's owner (who reaches the most pages:
the shop, the studio, orders, royalties, moderation, opinions) opens one page of each view the demo links to on
a 390 px screen, in English and in French, and none is wider than the screen (wide tables scroll inside their
own box)."""

import pytest
from django.test import Client

from boucle.demo.seed import DEMO_PASSWORD, seed
from boucle.demo.tests.crawler import crawl

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
NOT_PAGES = ("/api/", "/admin/")  # JSON, files and Django's own admin


@pytest.mark.parametrize("locale, log_out", [("en-US", "Log out"), ("fr-FR", "Se déconnecter")])
def test_every_kind_of_demo_page_fits_a_phone(browser, live_server, locale, log_out):
    # given the demo data and its owner of Brickwerk, signed in on a phone-sized screen, in English or French
    seed(scale=1)
    client = Client()
    client.login(username="olivia", password=DEMO_PASSWORD)
    pages = []
    crawl(client, per_view=1, pages=pages)
    urls = [u for u in pages if not u.startswith(NOT_PAGES)]
    context = browser.new_context(base_url=live_server.url, locale=locale, viewport=PHONE)
    page = context.new_page()
    page.set_default_timeout(15000)
    page.goto("/accounts/login/")
    page.fill("input[name=login]", "olivia")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.get_by_role("button", name=log_out).wait_for()
    too_wide = {}
    try:
        for url in urls:
            # when they open it
            page.goto(url)
            # then it is no wider than the screen
            width = page.evaluate("document.documentElement.scrollWidth")
            if width > PHONE["width"] + 1:
                too_wide[url] = width
    finally:
        context.close()
    assert len(urls) >= 60
    assert too_wide == {}
