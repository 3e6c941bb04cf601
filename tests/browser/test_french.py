"""A French-speaking member uses Boucle in French: switches the language, signs up, proposes and publishes a
project, and another member supports and discusses it — every step in French."""

import re

import pytest
from django.core import mail

from boucle.catalog.tests.factories import TechnologyFactory

from .test_walkthrough import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def s_inscrire(page, username):
    mail.outbox.clear()
    page.goto("/accounts/signup/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill("input[name=email]", f"{username}@example.fr")
    page.fill("input[name=username]", username)
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/\S+)", mail.outbox[0].body).group(1)
    page.goto(link)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    page.get_by_role("button", name="Se déconnecter").wait_for()


def se_deconnecter(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()


def test_a_member_proposes_and_another_supports_in_french(page):
    TechnologyFactory(name="Houblon ouvert", slug="houblon-ouvert")

    # The visitor switches the interface to French from the header.
    page.goto("/")
    page.get_by_role("button", name="Français").click()
    page.wait_for_load_state()
    assert page.locator("h1").first.inner_text() == "Concevoir des produits ensemble"
    assert page.get_by_role("link", name="Projets").first.is_visible()

    # She signs up and proposes a project, in French.
    s_inscrire(page, "camille")
    page.get_by_role("button", name="Nouveau projet").click()
    page.wait_for_load_state()
    page.select_option("select[name=technology]", label="Houblon ouvert")
    page.fill("input[name=title]", "Bière de saison libre")
    page.fill("textarea[name=pitch]", "Une saison légère brassée avec du houblon local.")
    page.fill("textarea[name=body]", "Recette **libre**, à partager.")
    page.get_by_role("button", name="Enregistrer comme brouillon").click()
    page.wait_for_url(re.compile(r"/projects/biere-de-saison-libre/$"))
    page.get_by_role("button", name="Publier").click()
    page.wait_for_load_state()
    assert page.locator(".badge").first.inner_text() == "publié"
    se_deconnecter(page)

    # Another member supports it and comments, still in French (the choice stays for the visit).
    s_inscrire(page, "mathis")
    page.goto("/projects/biere-de-saison-libre/")
    page.get_by_role("button", name="Soutenir ce projet").click()
    page.get_by_role("button", name="Retirer mon soutien").wait_for()
    assert "1 soutien" in page.locator("#support-box").inner_text()
    page.locator("textarea[name=body]").last.fill("Vivement la dégustation !")
    page.get_by_role("button", name="Commenter", exact=True).click()
    page.get_by_role("paragraph").filter(has_text="Vivement la dégustation").wait_for()
    # Dates are written the French way (e.g. "26 novembre 2026").
    timeline = page.locator(".timeline").inner_text()
    assert re.search(r"\d{1,2} (janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre) \d{4}", timeline)
