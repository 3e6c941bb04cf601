"""Offers are found by search while they can be bought."""

import pytest

from boucle.realization import services
from boucle.realization.tests.factories import make_realization
from boucle.search.selectors import search_query

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index(_django_db_helper):
    from boucle.search.backends import backend

    backend().clear()


def test_an_offer_is_found_while_active_and_leaves_with_its_realization():
    realization = make_realization()
    offer = services.offer_create(
        actor=realization.adopted_by, realization=realization, title="Orchard hamper", price="30"
    )
    hits = search_query(q="orchard hamper").hits
    assert [(h.kind, h.object.pk) for h in hits] == [("offer", offer.pk)]
    assert hits[0].url == offer.get_absolute_url()
    assert [h.object.pk for h in search_query(q="orchard", kind="offer").hits] == [offer.pk]
    services.realization_close(actor=realization.adopted_by, realization=realization)
    assert search_query(q="orchard hamper").hits == []


def test_a_withdrawn_offer_is_not_found():
    realization = make_realization()
    offer = services.offer_create(
        actor=realization.adopted_by, realization=realization, title="Quince box", price="5"
    )
    services.offer_withdraw(actor=realization.adopted_by, offer=offer)
    assert search_query(q="quince box").hits == []
