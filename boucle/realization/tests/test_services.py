"""Adoption under the licence rules, commercial grants, seller settings, production runs and offers."""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.orgs.models import Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import Licence, ProjectStatus
from boucle.projects.models import Project
from boucle.projects.services import team_add
from boucle.projects.tests.factories import force_status, make_project
from boucle.realization import services
from boucle.realization.models import (
    CommercialGrant,
    Offer,
    OfferStatus,
    ProductionRun,
    Realization,
    RunStatus,
    SellerSettings,
)
from boucle.realization.selectors import seller_settings
from boucle.realization.tests.factories import accepted_design, make_producer, make_realization
from boucle.studio.models import Revision
from boucle.studio.services import design_fork, revision_save, suggestion_propose
from boucle.studio.tests.factories import make_kit, tally

pytestmark = pytest.mark.django_db


def _fork_chain(*, source_licence, fork_licence, change_fork=False):
    """alice's design (under source_licence) forked into bob's project (fork_licence), accepted; returns
    (alice, bob, fork design)."""
    alice, bob = UserFactory(), UserFactory()
    source = accepted_design(owner=alice, licence=source_licence)
    bobs = make_project(owner=bob, technology=source.technology, licence=fork_licence, publish=True)
    fork = design_fork(actor=bob, revision=source.head, into_project=bobs)
    if change_fork:
        revision_save(actor=bob, design=fork, content=tally(("apple", 4)), parent=1)
    force_status(bobs, ProjectStatus.ACCEPTED)
    fork.refresh_from_db()
    return alice, bob, fork


# ---------------------------------------------------------------------------------------------- adoption


def test_a_producer_adopts_an_open_design_and_freezes_its_revision_and_attribution():
    # given an accepted project under CC BY and a producer of another organization
    alice = UserFactory(display_name="Alice Martin")
    design = accepted_design(owner=alice, licence=Licence.BY)
    producer, org = make_producer()
    # when the producer adopts the head revision
    realization = services.realization_adopt(
        actor=producer, organization=org, project=design.project, revision=design.head
    )
    # then the revision and its chain are frozen, and the adoption is an event of the project
    assert realization.revision == design.head and realization.design == design
    assert realization.organization == org and realization.adopted_by == producer
    assert realization.needs_grants is False
    [link] = realization.attribution
    assert link["licence"] == Licence.BY and link["project"]["slug"] == design.project.slug
    assert [a["username"] for a in link["authors"]] == [alice.username]
    assert link["revision"]["content_hash"] == design.head.content_hash
    event = Event.objects.get(verb=Verb.REALIZATION_ADOPTED)
    assert event.project == design.project and event.data["producer"]["slug"] == org.slug


def test_the_frozen_revision_stays_when_the_design_moves_on():
    design = accepted_design(licence=Licence.BY)
    realization = make_realization(design=design)
    revision_save(actor=design.project.created_by, design=design, content=tally(("apple", 9)), parent=1)
    realization.refresh_from_db()
    assert realization.revision.number == 1


def test_a_producer_of_the_projects_own_organization_moves_it_into_production():
    design = accepted_design(licence=Licence.BY)
    producer, org = make_producer(design.project.technology.organization)
    services.realization_adopt(actor=producer, organization=org, project=design.project, revision=design.head)
    design.project.refresh_from_db()
    assert design.project.status == ProjectStatus.IN_PRODUCTION


@pytest.mark.parametrize("role", [Role.REVIEWER, Role.MODERATOR, None])
def test_only_producers_and_owners_adopt(role):
    # given a member who is a reviewer, moderator or nothing in the organization
    design = accepted_design()
    org = OrganizationFactory()
    member = make_producer(org, role=role)[0] if role else UserFactory()
    # when they try to adopt, then it is refused and nothing is stored
    with pytest.raises(NotAllowed):
        services.realization_adopt(
            actor=member, organization=org, project=design.project, revision=design.head
        )
    assert not Realization.objects.exists()


def test_an_owner_adopts_for_their_organization():
    design = accepted_design()
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    realization = services.realization_adopt(
        actor=owner, organization=org, project=design.project, revision=design.head
    )
    assert realization.organization == org


@pytest.mark.parametrize(
    "status",
    [ProjectStatus.PUBLISHED, ProjectStatus.SUPPORTED, ProjectStatus.IN_REVIEW, ProjectStatus.DECLINED],
)
def test_a_project_that_is_not_accepted_cannot_be_adopted(status):
    design = accepted_design()
    force_status(design.project, status)
    producer, org = make_producer()
    with pytest.raises(Conflict, match="accepted"):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )
    assert (
        not Realization.objects.exists() and not Event.objects.filter(verb=Verb.REALIZATION_ADOPTED).exists()
    )


@pytest.mark.parametrize("revision", ["", "abc", 999999, None])
def test_an_unknown_revision_is_refused(revision):
    design = accepted_design()
    producer, org = make_producer()
    with pytest.raises(InvalidInput) as error:
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=revision
        )
    assert error.value.field == "revision"
    assert not Realization.objects.exists()


def test_a_revision_of_another_project_or_a_suggestion_is_refused():
    design, other = accepted_design(), accepted_design()
    producer, org = make_producer()
    with pytest.raises(InvalidInput, match="another project"):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=other.head
        )
    suggestion = suggestion_propose(
        actor=UserFactory(), design=design, content=tally(("apple", 7)), parent=1, message="More apples"
    )
    with pytest.raises(InvalidInput, match="main line"):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=suggestion.revision
        )
    assert not Realization.objects.exists()


def test_a_draft_project_is_not_found():
    design = accepted_design()
    force_status(design.project, ProjectStatus.DRAFT)
    producer, org = make_producer()
    with pytest.raises(NotFound):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )


def test_the_same_organization_cannot_adopt_the_same_revision_twice():
    design = accepted_design()
    producer, org = make_producer()
    services.realization_adopt(actor=producer, organization=org, project=design.project, revision=design.head)
    with pytest.raises(Conflict):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )
    assert Realization.objects.count() == 1


# ---------------------------------------------------------------------------------------------- licences: NC


def test_nc_design_without_grants_is_refused_even_to_the_technologys_own_organization():
    # given an NC design, and a producer of the organization of its technology
    alice = UserFactory(display_name="Alice Martin")
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    producer, org = make_producer(design.project.technology.organization)
    # when the producer adopts it, then the refusal names the missing author
    with pytest.raises(NotAllowed, match="Alice Martin"):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )
    assert not Realization.objects.exists()
    design.project.refresh_from_db()
    assert design.project.status == ProjectStatus.ACCEPTED


def test_nc_design_with_every_authors_grant_is_adopted():
    alice, carol = UserFactory(), UserFactory()
    design = accepted_design(owner=alice, licence=Licence.BY_NC_SA)
    team_add(actor=alice, project=design.project, username=carol.username)
    producer, org = make_producer()
    services.grant_create(actor=alice, organization=org)
    services.grant_create(actor=carol, organization=org, project=design.project)
    realization = services.realization_adopt(
        actor=producer, organization=org, project=design.project, revision=design.head
    )
    assert realization.needs_grants is True
    granted = {a["username"]: a["grants"] for a in realization.attribution[0]["authors"]}
    assert set(granted) == {alice.username, carol.username} and all(granted.values())


def test_nc_with_only_some_authors_grants_is_refused_naming_the_others():
    alice, carol = UserFactory(display_name="Alice"), UserFactory(display_name="Carol Dupont")
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    team_add(actor=alice, project=design.project, username=carol.username)
    producer, org = make_producer()
    services.grant_create(actor=alice, organization=org)
    with pytest.raises(NotAllowed) as error:
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )
    assert "Carol Dupont" in str(error.value) and "Alice (" not in str(error.value)
    assert not Realization.objects.exists()


def test_a_grant_to_another_organization_or_for_another_project_does_not_count():
    alice = UserFactory()
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    other_project = make_project(owner=alice, technology=design.technology, publish=True)
    producer, org = make_producer()
    services.grant_create(actor=alice, organization=OrganizationFactory())
    services.grant_create(actor=alice, organization=org, project=other_project)
    with pytest.raises(NotAllowed):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )


def test_a_revoked_grant_counts_no_more():
    alice = UserFactory()
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    producer, org = make_producer()
    grant = services.grant_create(actor=alice, organization=org)
    services.grant_revoke(actor=alice, grant=grant)
    with pytest.raises(NotAllowed):
        services.realization_adopt(
            actor=producer, organization=org, project=design.project, revision=design.head
        )
    assert not Realization.objects.exists()


def test_an_nc_ancestor_needs_the_grants_of_every_author_of_the_chain():
    # given alice's NC design forked by bob into his NC project
    alice, bob, fork = _fork_chain(source_licence=Licence.BY_NC, fork_licence=Licence.BY_NC, change_fork=True)
    producer, org = make_producer()
    # when only bob grants, then it is refused for alice
    services.grant_create(actor=bob, organization=org)
    with pytest.raises(NotAllowed, match=alice.name):
        services.realization_adopt(actor=producer, organization=org, project=fork.project, revision=fork.head)
    # when alice grants too, then it is adopted, and both projects are in the frozen chain
    services.grant_create(actor=alice, organization=org)
    realization = services.realization_adopt(
        actor=producer, organization=org, project=fork.project, revision=fork.head
    )
    assert [link["project"]["id"] for link in realization.attribution] == [
        fork.project.pk,
        fork.forked_from.design.project.pk,
    ]


def test_an_open_fork_of_an_open_design_needs_no_grant():
    _alice, _bob, fork = _fork_chain(source_licence=Licence.CC0, fork_licence=Licence.BY, change_fork=True)
    producer, org = make_producer()
    realization = services.realization_adopt(
        actor=producer, organization=org, project=fork.project, revision=fork.head
    )
    assert realization.needs_grants is False and len(realization.attribution) == 2


def test_an_nc_ancestor_under_an_open_fork_still_needs_grants():
    # a project may change its licence after a fork: the ancestor's NC still binds
    _alice, _bob, fork = _fork_chain(source_licence=Licence.BY, fork_licence=Licence.BY, change_fork=True)
    Project.objects.filter(pk=fork.forked_from.design.project_id).update(licence=Licence.BY_NC)
    producer, org = make_producer()
    with pytest.raises(NotAllowed, match="non-commercial"):
        services.realization_adopt(actor=producer, organization=org, project=fork.project, revision=fork.head)


# ---------------------------------------------------------------------------------------------- licences: ND


def test_an_nd_design_of_its_own_team_is_realized_as_it_is():
    design = accepted_design(licence=Licence.BY_ND)
    revision_save(actor=design.project.created_by, design=design, content=tally(("apple", 5)), parent=1)
    producer, org = make_producer()
    realization = services.realization_adopt(
        actor=producer, organization=org, project=design.project, revision=design.head
    )
    assert realization.revision.number == 2


def test_an_unmodified_copy_of_an_nd_ancestor_is_realized_a_modified_one_is_refused():
    # given alice's design forked by bob, then alice's project turns ND (the fork predates it)
    _alice, bob, fork = _fork_chain(source_licence=Licence.BY, fork_licence=Licence.BY)
    Project.objects.filter(pk=fork.forked_from.design.project_id).update(licence=Licence.BY_ND)
    producer, org = make_producer()
    # then the fork's revision 1 (an unmodified copy) may be realized
    copy = Revision.objects.get(design=fork, number=1)
    assert copy.content_hash == fork.forked_from.content_hash
    services.realization_adopt(actor=producer, organization=org, project=fork.project, revision=copy)
    # when bob changes the fork, then its revision 2 is refused, and nothing more is stored
    revision_save(actor=bob, design=fork, content=tally(("apple", 4)), parent=1)
    fork.refresh_from_db()
    with pytest.raises(NotAllowed, match="no derivatives"):
        services.realization_adopt(actor=producer, organization=org, project=fork.project, revision=fork.head)
    assert Realization.objects.count() == 1


# ---------------------------------------------------------------------------------------------- grants


def test_grants_are_revoked_only_by_their_grantor_and_once():
    alice, bob = UserFactory(), UserFactory()
    org = OrganizationFactory()
    grant = services.grant_create(actor=alice, organization=org, note="For the fair")
    with pytest.raises(NotAllowed):
        services.grant_revoke(actor=bob, grant=grant)
    grant.refresh_from_db()
    assert grant.revoked_at is None
    services.grant_revoke(actor=alice, grant=grant)
    with pytest.raises(Conflict):
        services.grant_revoke(actor=alice, grant=grant)


def test_a_grant_is_given_once_per_scope_and_only_for_ones_own_projects():
    alice, bob = UserFactory(), UserFactory()
    org = OrganizationFactory()
    bobs = make_project(owner=bob)
    services.grant_create(actor=alice, organization=org)
    with pytest.raises(Conflict):
        services.grant_create(actor=alice, organization=org)
    with pytest.raises(NotAllowed):
        services.grant_create(actor=alice, organization=org, project=bobs)
    assert CommercialGrant.objects.count() == 1


def test_a_revoked_grant_stops_new_offers_of_an_nc_realization():
    alice = UserFactory()
    design = accepted_design(owner=alice, licence=Licence.BY_NC)
    producer, org = make_producer()
    grant = services.grant_create(actor=alice, organization=org)
    realization = services.realization_adopt(
        actor=producer, organization=org, project=design.project, revision=design.head
    )
    offer = services.offer_create(
        actor=producer, realization=realization, title="Basket", price="10", stock=2
    )
    services.grant_revoke(actor=alice, grant=grant)
    with pytest.raises(NotAllowed, match="revoked"):
        services.offer_create(actor=producer, realization=realization, title="Basket kit", price="5", stock=1)
    with pytest.raises(NotAllowed):
        services.offer_stock_adjust(actor=producer, offer=offer, delta=3)
    assert Offer.objects.count() == 1 and Offer.objects.get().stock == 2


# ---------------------------------------------------------------------------------------------- seller settings


def test_seller_settings_default_then_set_by_an_owner_only():
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    assert seller_settings(org).currency == "EUR" and seller_settings(org).royalty_percent == Decimal("10.00")
    producer, _ = make_producer(org)
    with pytest.raises(NotAllowed):
        services.seller_settings_update(actor=producer, organization=org, currency="USD", royalty_percent="5")
    services.seller_settings_update(actor=owner, organization=org, currency="chf", royalty_percent="12,5")
    org.refresh_from_db()
    assert seller_settings(org).currency == "CHF" and seller_settings(org).royalty_percent == Decimal("12.50")


@pytest.mark.parametrize(
    "currency, percent, field",
    [
        ("EURO", "10", "currency"),
        ("XXX", "10", "currency"),
        ("EUR", "-1", "royalty_percent"),
        ("EUR", "100.01", "royalty_percent"),
        ("EUR", "abc", "royalty_percent"),
        ("EUR", "1.234", "royalty_percent"),
        ("EUR", "NaN", "royalty_percent"),
    ],
)
def test_bad_seller_settings_are_refused_and_nothing_changes(currency, percent, field):
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    with pytest.raises(InvalidInput) as error:
        services.seller_settings_update(
            actor=owner, organization=org, currency=currency, royalty_percent=percent
        )
    assert error.value.field == field
    assert not SellerSettings.objects.exists()


def test_the_currency_cannot_change_under_active_offers():
    realization = make_realization()
    producer = realization.adopted_by
    org = realization.organization
    owner = org.created_by
    services.offer_create(actor=producer, realization=realization, title="Basket", price="10")
    with pytest.raises(Conflict, match="withdraw"):
        services.seller_settings_update(actor=owner, organization=org, currency="USD", royalty_percent="10")
    services.seller_settings_update(actor=owner, organization=org, currency="EUR", royalty_percent="15")
    assert seller_settings(org).royalty_percent == Decimal("15.00")


# ---------------------------------------------------------------------------------------------- runs


def test_a_run_within_the_kits_stock_is_opened_with_its_parts():
    # given a design of 3 apples and 2 pears (the kit has 100 apples, 10 pears)
    realization = make_realization(design=accepted_design(counters=(("apple", 3), ("pear", 2))))
    # when a run of 5 is opened
    run = services.run_open(actor=realization.adopted_by, realization=realization, quantity=5)
    # then it is planned with the parts it needs
    assert run.status == RunStatus.PLANNED and run.quantity == 5
    assert {p["part"]: p["quantity"] for p in run.parts} == {"apple": "15", "pear": "10"}


def test_a_run_beyond_the_kits_stock_lists_every_short_part_and_stores_nothing():
    realization = make_realization(design=accepted_design(counters=(("apple", 30), ("pear", 2))))
    with pytest.raises(InvalidInput) as error:
        services.run_open(actor=realization.adopted_by, realization=realization, quantity=6)
    message = str(error.value)
    assert "apple" in message and "180 needed, 100 available" in message
    assert "pear" in message and "12 needed, 10 available" in message
    assert error.value.field == "quantity"
    assert not ProductionRun.objects.exists()


def test_a_part_without_stock_figure_never_runs_short():
    realization = make_realization(design=accepted_design(counters=(("plum", 50),)))
    run = services.run_open(actor=realization.adopted_by, realization=realization, quantity=1000)
    assert run.quantity == 1000


@pytest.mark.parametrize("quantity", [0, -3, "two", "1.5", "", None, 10**9])
def test_bad_run_quantities_are_refused(quantity):
    realization = make_realization()
    with pytest.raises(InvalidInput):
        services.run_open(actor=realization.adopted_by, realization=realization, quantity=quantity)
    assert not ProductionRun.objects.exists()


def test_runs_follow_their_status_order_and_only_producers_open_them():
    realization = make_realization()
    with pytest.raises(NotAllowed):
        services.run_open(actor=UserFactory(), realization=realization, quantity=1)
    run = services.run_open(actor=realization.adopted_by, realization=realization, quantity=1)
    with pytest.raises(Conflict):
        services.run_set_status(actor=realization.adopted_by, run=run, status=RunStatus.DONE)
    services.run_set_status(actor=realization.adopted_by, run=run, status=RunStatus.IN_PRODUCTION)
    run = services.run_set_status(actor=realization.adopted_by, run=run, status=RunStatus.DONE)
    assert run.status == RunStatus.DONE
    with pytest.raises(Conflict):
        services.run_set_status(actor=realization.adopted_by, run=run, status=RunStatus.CANCELLED)


# ---------------------------------------------------------------------------------------------- offers


def test_an_offer_is_published_in_the_organizations_currency():
    realization = make_realization()
    owner = realization.organization.created_by
    services.seller_settings_update(
        actor=owner, organization=realization.organization, currency="USD", royalty_percent="10"
    )
    offer = services.offer_create(
        actor=realization.adopted_by,
        realization=realization,
        title="Fruit basket kit",
        kind="kit",
        price="24,90",
        stock="12",
        lead_time_days=3,
        shipping_regions="fr, be, EU, fr",
    )
    assert offer.price == Decimal("24.90") and offer.currency == "USD" and offer.stock == 12
    assert offer.shipping_regions == ["FR", "BE", "EU"] and offer.kind == "kit"
    assert Event.objects.filter(verb=Verb.OFFER_PUBLISHED, project=realization.project).exists()


@pytest.mark.parametrize(
    "fields, field",
    [
        ({"price": "-1"}, "price"),
        ({"price": "0"}, "price"),
        ({"price": "abc"}, "price"),
        ({"price": "1.005"}, "price"),
        ({"price": "Infinity"}, "price"),
        ({"price": "99999999999"}, "price"),
        ({"price": "1e999999"}, "price"),
        ({"price": "NaN"}, "price"),
        ({"stock": "1e999999"}, "stock"),
        ({"stock": -1}, "stock"),
        ({"stock": "lots"}, "stock"),
        ({"lead_time_days": -2}, "lead_time_days"),
        ({"title": "  "}, "title"),
        ({"kind": "gift"}, "kind"),
        ({"shipping_regions": "FR, <script>"}, "shipping_regions"),
    ],
)
def test_bad_offers_are_refused_and_nothing_is_stored(fields, field):
    realization = make_realization()
    data = {"title": "Basket", "price": "10", "stock": 1, "kind": "product", "lead_time_days": 0} | fields
    with pytest.raises(InvalidInput) as error:
        services.offer_create(actor=realization.adopted_by, realization=realization, **data)
    assert error.value.field == field
    assert not Offer.objects.exists() and not Event.objects.filter(verb=Verb.OFFER_PUBLISHED).exists()


def test_stock_moves_by_adjustment_never_below_zero_and_withdrawal_is_final():
    realization = make_realization()
    producer = realization.adopted_by
    offer = services.offer_create(
        actor=producer, realization=realization, title="Basket", price="10", stock=3
    )
    assert services.offer_stock_adjust(actor=producer, offer=offer, delta=2).stock == 5
    with pytest.raises(Conflict):
        services.offer_stock_adjust(actor=producer, offer=offer, delta=-6)
    assert services.offer_stock_adjust(actor=producer, offer=offer, delta="-5").stock == 0
    with pytest.raises(NotAllowed):
        services.offer_withdraw(actor=UserFactory(), offer=offer)
    services.offer_withdraw(actor=producer, offer=offer)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.WITHDRAWN
    with pytest.raises(Conflict):
        services.offer_stock_adjust(actor=producer, offer=offer, delta=1)
    with pytest.raises(Conflict):
        services.offer_withdraw(actor=producer, offer=offer)


def test_closing_a_realization_withdraws_its_offers():
    realization = make_realization()
    producer = realization.adopted_by
    services.offer_create(actor=producer, realization=realization, title="Basket", price="10", stock=3)
    services.realization_close(actor=producer, realization=realization)
    assert set(Offer.objects.values_list("status", flat=True)) == {OfferStatus.WITHDRAWN}
    with pytest.raises(Conflict):
        services.offer_create(actor=producer, realization=realization, title="Again", price="10")


@given(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("9999999999.99"), places=2))
def test_any_price_in_cents_reads_back_exactly(price):
    assert services.parse_price(str(price)) == price
    assert services.parse_price(str(price).replace(".", ",")) == price


@given(st.text(max_size=30))
def test_any_price_text_is_a_price_or_a_clear_refusal(text):
    try:
        price = services.parse_price(text)
    except InvalidInput as error:
        assert error.field == "price"
    else:
        assert price > 0 and price == price.quantize(Decimal("0.01"))


def test_open_runs_on_the_same_kit_count_against_its_stock_until_cancelled():
    # given two realizations of designs on one technology, each needing 2 pears (the kit has 10)
    first = make_realization(design=accepted_design(counters=(("pear", 2),)))
    other_design = accepted_design(technology=first.design.technology, counters=(("pear", 2), ("apple", 1)))
    second = make_realization(design=other_design)
    producer = first.adopted_by
    # when a run of 3 (6 pears) is planned for the first
    run = services.run_open(actor=producer, realization=first, quantity=3)
    # then the second may take 4 pears (2 runs), not 6
    with pytest.raises(InvalidInput, match="6 needed, 4 available"):
        services.run_open(actor=second.adopted_by, realization=second, quantity=3)
    services.run_open(actor=second.adopted_by, realization=second, quantity=2)
    # and a cancelled run gives its parts back
    services.run_set_status(actor=producer, run=run, status=RunStatus.CANCELLED)
    assert services.run_open(actor=producer, realization=first, quantity=3).quantity == 3


def test_a_done_run_used_its_parts_until_the_organization_counts_its_stock_again():
    # given a design of 2 pears (the kit has 10) and a run of 5 that takes all of them
    realization = make_realization(design=accepted_design(counters=(("pear", 2),)))
    producer = realization.adopted_by
    run = services.run_open(actor=producer, realization=realization, quantity=5)
    services.run_set_status(actor=producer, run=run, status=RunStatus.IN_PRODUCTION)
    # when the run is done
    run = services.run_set_status(actor=producer, run=run, status=RunStatus.DONE)
    # then its pears are gone: no second run of even one unit
    assert run.done_at is not None
    with pytest.raises(InvalidInput, match="2 needed, 0 available"):
        services.run_open(actor=producer, realization=realization, quantity=1)
    # until the organization saves its kit with a new count (4 pears left on the shelf, say)
    technology = realization.design.technology
    content = {"items": [{"name": "apple", "price": "0.50", "stock": 100}, {"name": "pear", "price": "0.70", "stock": 4}]}
    make_kit(technology, content=content)
    with pytest.raises(InvalidInput, match="6 needed, 4 available"):
        services.run_open(actor=producer, realization=realization, quantity=3)
    assert services.run_open(actor=producer, realization=realization, quantity=2).quantity == 2
