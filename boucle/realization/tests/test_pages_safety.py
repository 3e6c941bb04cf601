"""User text on every realization page is escaped; list pages run the same queries for 3 and 12 items."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import Licence
from boucle.realization import services
from boucle.realization.tests.factories import accepted_design, make_producer

pytestmark = pytest.mark.django_db


def test_user_text_leaves_no_script_on_any_realization_page(client_for):
    # given payloads in every text a person can write: names, titles, notes, descriptions, regions refused
    payloads = " ".join(XSS_PAYLOADS)
    alice = UserFactory(display_name=XSS_PAYLOADS[0][:80])
    design = accepted_design(owner=alice, licence=Licence.BY_NC, title=XSS_PAYLOADS[1][:140])
    owner = UserFactory()
    org = OrganizationFactory(owner=owner, name="Org <script>alert(1)</script>", slug="org-xss")
    producer, _ = make_producer(org)
    services.grant_create(actor=alice, organization=org, note=XSS_PAYLOADS[4])
    realization = services.realization_adopt(
        actor=producer, organization=org, project=design.project, revision=design.head, note=payloads
    )
    offer = services.offer_create(
        actor=producer, realization=realization, title=XSS_PAYLOADS[5][:140], price="10", description=payloads
    )
    services.run_open(actor=producer, realization=realization, quantity=1, note=XSS_PAYLOADS[2][:500])
    pages = [
        realization.get_absolute_url(),
        reverse("realization_kit", args=[realization.pk]),
        offer.get_absolute_url(),
        reverse("offer_edit", args=[offer.pk]),
        reverse("offer_create", args=[realization.pk]),
        design.project.get_absolute_url(),
        reverse("project_adopt", args=[design.project.slug]),
        reverse("org_realizations", args=[org.slug]),
        reverse("shop"),
        reverse("realization_list"),
    ]
    # when a visitor, the producer and the grantor read them, then no script came from user text
    for client in (Client(), client_for(producer), client_for(alice)):
        for url in pages:
            response = client.get(url)
            if response.status_code == 200:
                assert active_content(response.content.decode()) == [], url
    grants = client_for(alice).get(reverse("grant_list"))
    assert grants.status_code == 200 and active_content(grants.content.decode()) == []


def _offers(n: int, org, producer):
    for _ in range(n):
        design = accepted_design()
        realization = services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )
        services.offer_create(actor=producer, realization=realization, title="Basket", price="10", stock=2)


def _queries(urls) -> list[int]:
    client = Client()
    counts = []
    for url in urls:
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts.append(len(ctx.captured_queries))
    return counts


def test_list_pages_run_the_same_number_of_queries_for_3_and_12_items(settings):
    settings.BOUCLE_PAGE_CACHE = False
    producer, org = make_producer()
    urls = [reverse("shop"), reverse("realization_list"), reverse("org_realizations", args=[org.slug])]
    _offers(3, org, producer)
    small = _queries(urls)
    _offers(9, org, producer)
    assert _queries(urls) == small
