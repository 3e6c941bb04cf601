"""The realization pages: adopt, realization, kit, offers, runs, seller settings, grants, shop, in both languages."""

from decimal import Decimal

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.core.testing import active_content
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import Licence
from boucle.realization import services
from boucle.realization.models import CommercialGrant, Offer, OfferStatus, ProductionRun, Realization
from boucle.realization.selectors import seller_settings
from boucle.realization.tests.factories import accepted_design, make_producer, make_realization

pytestmark = pytest.mark.django_db


def _offer(realization, **fields):
    data = {"title": "Fruit basket kit", "price": "24.90", "stock": 5, "kind": "kit"} | fields
    return services.offer_create(actor=realization.adopted_by, realization=realization, **data)


def test_the_project_page_shows_who_produces_it_with_its_offers(client):
    realization = make_realization()
    _offer(realization)
    html = client.get(realization.project.get_absolute_url()).content.decode()
    assert realization.organization.name in html and "Fruit basket kit" in html and "24.90" in html
    assert reverse("realization_detail", args=[realization.pk]) in html


def test_a_producer_sees_adopt_on_an_accepted_project_and_adopts_from_the_form(client_for):
    design = accepted_design(licence=Licence.BY)
    producer, org = make_producer()
    client = client_for(producer)
    assert (
        reverse("project_adopt", args=[design.project.slug])
        in client.get(design.project.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("project_adopt", args=[design.project.slug]),
        {"organization": org.slug, "revision": str(design.head.pk), "note": "Spring run"},
    )
    realization = Realization.objects.get()
    assert response.status_code == 302 and response["Location"] == realization.get_absolute_url()
    assert realization.organization == org and realization.note == "Spring run"


def test_a_licence_refusal_shows_on_the_adopt_form(client_for):
    alice = UserFactory(display_name="Alice Martin")
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    producer, org = make_producer()
    response = client_for(producer).post(
        reverse("project_adopt", args=[design.project.slug]),
        {"organization": org.slug, "revision": str(design.head.pk)},
    )
    assert response.status_code == 400
    assert "commercial grant" in response.content.decode() and "Alice Martin" in response.content.decode()
    assert not Realization.objects.exists()


def test_a_member_without_a_producer_role_cannot_open_the_adopt_page(client_for):
    design = accepted_design()
    assert (
        client_for(UserFactory()).get(reverse("project_adopt", args=[design.project.slug])).status_code == 403
    )


def test_the_realization_and_kit_pages_print_the_attribution_chain(client):
    alice = UserFactory(display_name="Alice Martin")
    realization = make_realization(design=accepted_design(owner=alice, counters=(("apple", 3), ("pear", 2))))
    for url in (realization.get_absolute_url(), reverse("realization_kit", args=[realization.pk])):
        html = client.get(url).content.decode()
        assert "Alice Martin" in html and "CC BY 4.0" in html and realization.project.title in html
    kit = client.get(reverse("realization_kit", args=[realization.pk])).content.decode()
    # 3 apples at 0.50 and 2 pears at 0.70: 1.50 + 1.40
    assert "1.50" in kit and "1.40" in kit and "2.90" in kit


def test_the_offer_page_shows_price_stock_regions_and_attribution(client):
    realization = make_realization()
    offer = _offer(realization, shipping_regions="FR, BE", lead_time_days=3)
    html = client.get(offer.get_absolute_url()).content.decode()
    assert (
        "24.90" in html
        and "EUR" in html
        and "FR, BE" in html
        and "3 days" in html
        and "5 units in stock" in html
    )
    assert "Attribution" in html


def test_the_offer_page_reads_in_french(client):
    realization = make_realization()
    offer = _offer(realization)
    client.cookies["django_language"] = "fr"
    html = client.get(offer.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert 'lang="fr"' in html


def test_a_producer_publishes_an_offer_and_bad_input_stays_on_the_form(client_for):
    realization = make_realization()
    client = client_for(realization.adopted_by)
    url = reverse("offer_create", args=[realization.pk])
    bad = client.post(
        url, {"title": "Kit", "kind": "kit", "price": "-3", "stock": "2", "lead_time_days": "0"}
    )
    assert bad.status_code == 400 and "more than zero" in bad.content.decode()
    assert not Offer.objects.exists()
    ok = client.post(
        url,
        {
            "title": "Kit",
            "kind": "kit",
            "price": "12,50",
            "stock": "2",
            "lead_time_days": "1",
            "shipping_regions": "EU",
        },
    )
    offer = Offer.objects.get()
    assert ok.status_code == 302 and offer.price == Decimal("12.50") and offer.shipping_regions == ["EU"]


def test_others_cannot_publish_change_or_withdraw_offers(client_for):
    realization = make_realization()
    offer = _offer(realization)
    client = client_for(UserFactory())
    assert client.get(reverse("offer_create", args=[realization.pk])).status_code == 403
    assert client.post(reverse("offer_withdraw", args=[offer.pk])).status_code == 403
    assert client.post(reverse("offer_stock", args=[offer.pk]), {"delta": "5"}).status_code == 403
    offer.refresh_from_db()
    assert offer.status == OfferStatus.ACTIVE and offer.stock == 5


def test_the_stock_changes_with_htmx_and_a_bad_change_says_why(client_for):
    realization = make_realization()
    offer = _offer(realization)
    client = client_for(realization.adopted_by)
    url = reverse("offer_stock", args=[offer.pk])
    response = client.post(url, {"delta": "3"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "8 units in stock" in response.content.decode()
    response = client.post(url, {"delta": "-20"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "Only 8 units" in response.content.decode()
    offer.refresh_from_db()
    assert offer.stock == 8


def test_a_run_short_of_parts_lists_them_on_the_page(client_for):
    realization = make_realization(design=accepted_design(counters=(("pear", 2),)))
    client = client_for(realization.adopted_by)
    response = client.post(reverse("run_open", args=[realization.pk]), {"quantity": "6"})
    assert response.status_code == 400 and "12 needed, 10 available" in response.content.decode()
    assert not ProductionRun.objects.exists()
    response = client.post(reverse("run_open", args=[realization.pk]), {"quantity": "5"})
    assert response.status_code == 302 and ProductionRun.objects.get().quantity == 5


def test_producers_see_on_the_kit_page_the_stock_a_new_run_can_count_on(client, client_for):
    # given a design of 2 pears and 3 apples (the kit has 10 pears, 100 apples; plums have no stock figure)
    realization = make_realization(design=accepted_design(counters=(("pear", 2), ("apple", 3), ("plum", 1))))
    producer = realization.adopted_by
    url = reverse("realization_kit", args=[realization.pk])
    # when a run of 3 is opened (6 pears, 9 apples)
    services.run_open(actor=producer, realization=realization, quantity=3)
    page = client_for(producer).get(url).content.decode()
    public = client.get(url).content.decode()
    # then the producer reads what is left for new runs; a visitor sees no stock at all
    rows = {part: row for row in page.split("<tr") for part in ("pear", "apple", "plum") if f"<code>{part}</code>" in row}
    assert "Stock for new runs" in page
    assert '<td class="number">4</td>' in rows["pear"] and '<td class="number">91</td>' in rows["apple"]
    assert "not counted" in rows["plum"]
    assert "Stock for new runs" not in public


def test_seller_settings_page_for_owners(client_for):
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    url = reverse("seller_settings", args=[org.slug])
    assert client_for(UserFactory()).get(url).status_code == 403
    client = client_for(owner)
    assert client.post(url, {"currency": "EURO", "royalty_percent": "10"}).status_code == 400
    assert client.post(url, {"currency": "usd", "royalty_percent": "7.5"}).status_code == 302
    assert seller_settings(org).currency == "USD" and seller_settings(org).royalty_percent == Decimal("7.50")


def test_a_member_grants_and_revokes_from_the_grants_page(client_for):
    alice = UserFactory()
    org = OrganizationFactory()
    client = client_for(alice)
    assert (
        client.post(
            reverse("grant_list"), {"organization": org.slug, "project": "", "note": "ok"}
        ).status_code
        == 302
    )
    grant = CommercialGrant.objects.get()
    assert grant.grantor == alice and grant.project is None
    assert org.name in client.get(reverse("grant_list")).content.decode()
    assert client_for(UserFactory()).post(reverse("grant_revoke", args=[grant.pk])).status_code == 404
    client.post(reverse("grant_revoke", args=[grant.pk]))
    grant.refresh_from_db()
    assert grant.revoked_at is not None


def test_the_shop_lists_active_offers_and_filters_them(client):
    realization = make_realization()
    _offer(realization, title="Basket kit", kind="kit")
    withdrawn = _offer(realization, title="Old basket", kind="product")
    services.offer_withdraw(actor=realization.adopted_by, offer=withdrawn)
    _offer(realization, title="Empty basket", kind="product", stock=0)
    html = client.get(reverse("shop")).content.decode()
    assert "Basket kit" in html and "Empty basket" in html and "Old basket" not in html
    html = client.get(reverse("shop"), {"in_stock": "1"}).content.decode()
    assert "Basket kit" in html and "Empty basket" not in html
    html = client.get(
        reverse("shop"), {"q": "empty"}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="shop-results"
    ).content.decode()
    assert "Empty basket" in html and "<html" not in html


def test_lists_of_realizations_per_organization_and_all(client):
    realization = make_realization()
    assert realization.design.title in client.get(reverse("realization_list")).content.decode()
    html = client.get(reverse("org_realizations", args=[realization.organization.slug])).content.decode()
    assert realization.get_absolute_url() in html


@pytest.mark.parametrize("name", ["realization_detail", "realization_kit"])
def test_unknown_realizations_are_404(client, name):
    assert client.get(reverse(name, args=[999999])).status_code == 404


def test_the_kit_refuses_a_bad_batch_clearly(client):
    realization = make_realization()
    response = client.get(reverse("realization_kit", args=[realization.pk]), {"batch": "abc"})
    # the tally kind does not scale: the batch is ignored but said to be wrong
    assert response.status_code == 400


def test_user_text_is_escaped_on_the_offer_page(client):
    realization = make_realization()
    offer = _offer(realization, title="<script>alert(1)</script>", description="<img src=x onerror=alert(1)>")
    html = client.get(offer.get_absolute_url()).content.decode()
    assert not active_content(html)


def test_the_kit_of_a_recipe_is_the_ingredient_pack_scaled_to_the_batch(client):
    # given a realized recipe written for 40 L (9 kg of pale malt)
    from boucle.catalog.tests.factories import TechnologyFactory
    from boucle.projects.tests.factories import force_status, make_project
    from boucle.studio.registry import get_kind
    from boucle.studio.services import design_create, kit_save

    kind = get_kind("recipes")
    technology = TechnologyFactory()
    kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="recipes",
        content=kind.demo_kit(),
    )
    title, content = kind.demo_designs()[0]
    project = make_project(technology=technology, publish=True, licence=Licence.BY)
    design = design_create(actor=project.created_by, project=project, title=title, content=content)
    force_status(project, "accepted")
    design.refresh_from_db()
    realization = make_realization(design=design)
    url = reverse("realization_kit", args=[realization.pk])
    # when the kit page is asked for 80 L, then the malt doubles
    assert "9 kg" in client.get(url).content.decode()
    html = client.get(url, {"batch": "80"}).content.decode()
    assert "18 kg" in html and 'value="80"' in html
    # and an impossible batch is refused, the recipe's own batch shown
    response = client.get(url, {"batch": "-5"})
    assert response.status_code == 400 and "9 kg" in response.content.decode()
