"""The demo's realizations: accepted designs adopted as the licences allow, one under commercial grants, offers
with stock; a second seed adds nothing."""

import pytest
from django.core.management import call_command

from boucle.demo.seed import seed
from boucle.orgs.models import Organization
from boucle.realization import licensing
from boucle.realization.demo import seed_realizations
from boucle.realization.models import Offer, OfferStatus, Realization


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed(scale=1)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_demo_adopts_designs_within_their_licences_with_offers_in_stock(seeded):
    realizations = list(Realization.objects.select_related("organization", "revision", "design"))
    assert len(realizations) >= 3
    assert len({r.organization_id for r in realizations}) >= 2
    assert any(r.needs_grants for r in realizations)  # the NC case, under grants
    for r in realizations:
        chain = licensing.chain_build(design=r.design, revision=r.revision)
        assert (
            licensing.adoption_refusal(chain=chain, revision=r.revision, organization=r.organization) is None
        )
        offers = r.offers.filter(status=OfferStatus.ACTIVE)
        assert {o.kind for o in offers} == {"kit", "product"} and all(o.stock > 0 for o in offers)
        assert r.attribution and r.attribution[0]["authors"]


@pytest.mark.django_db
def test_seeding_the_realizations_again_adds_nothing(seeded):
    before = (Realization.objects.count(), Offer.objects.count())
    assert seed_realizations(orgs=list(Organization.objects.all())) == 0
    assert (Realization.objects.count(), Offer.objects.count()) == before
