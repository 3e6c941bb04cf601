"""Demo data of the realization app, called by ``boucle.demo.seed`` after the designs: each demo organization's
producer adopts the designs of accepted projects of its technologies that the licences allow, opens a production
run and publishes offers (the kit and the made product) with stock. One non-commercial design is adopted under
commercial grants from every author of its chain, so the demo shows that case too.

Idempotent: an organization that already produces a revision leaves it as it is; grants are given once.
Everything goes through the services (events, search entries, licence checks).
"""

from decimal import ROUND_UP, Decimal

from django.utils.translation import gettext as _

from boucle.core.errors import BoucleError
from boucle.orgs.models import Membership, Role
from boucle.orgs.selectors import org_has_role
from boucle.realization import kit as kits
from boucle.realization import licensing, services
from boucle.realization.models import CommercialGrant, Realization, RealizationStatus
from boucle.realization.selectors import seller_settings

PER_ORGANIZATION = 3  # realizations per demo organization at most
ROYALTY = {
    "brickwerk": Decimal("10.00"),
    "free-beer-collective": Decimal("8.00"),
    "velomotive": Decimal("12.00"),
}
KIT_STOCK = 25
PRODUCT_STOCK = 10


def _producer(organization):
    membership = (
        Membership.objects.filter(organization=organization, role=Role.PRODUCER)
        .select_related("user")
        .first()
        or Membership.objects.filter(organization=organization, role=Role.OWNER)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def _price(total: Decimal | None, factor: Decimal, floor: Decimal) -> Decimal:
    """A round price: the kit's total × ``factor``, up to the next 0.90 (at least ``floor``)."""
    base = (total or Decimal(0)) * factor
    price = max(base, floor).quantize(Decimal("1"), rounding=ROUND_UP) - Decimal("0.10")
    return max(price, Decimal("0.90"))


def _grant_every_author(chain, organization) -> None:
    for author, project in chain.author_pairs():
        if not CommercialGrant.objects.filter(
            grantor=author, organization=organization, project=project, revoked_at__isnull=True
        ).exists():
            services.grant_create(
                actor=author,
                organization=organization,
                project=project,
                note=_("For the demo: sell this design at the fair."),
            )


def _offers(realization, producer) -> None:
    view = kits.kit_view(realization)
    kit_price = _price(view.total, Decimal("1.4"), Decimal("9"))
    services.offer_create(
        actor=producer,
        realization=realization,
        title=_("%(design)s — kit") % {"design": realization.design.title},
        kind="kit",
        price=kit_price,
        stock=KIT_STOCK,
        lead_time_days=2,
        shipping_regions=["EU", "CH"],
        description=_("Everything the design needs, and nothing more. The attribution travels with the box."),
    )
    services.offer_create(
        actor=producer,
        realization=realization,
        title=realization.design.title,
        kind="product",
        price=_price(view.total, Decimal("3"), Decimal("25")),
        stock=PRODUCT_STOCK,
        lead_time_days=7,
        shipping_regions=["EU"],
        description=_("Made for you by %(organization)s.") % {"organization": realization.organization.name},
    )


def seed_realizations(*, orgs) -> int:
    """``orgs``: the demo's organizations (``OrgContext`` of the seed, or Organizations). Returns how many
    realizations were made."""
    from boucle.studio.models import Design

    made = 0
    nc_done = Realization.objects.filter(needs_grants=True).exists()
    for ctx in orgs:
        organization = getattr(ctx, "org", ctx)
        producer = _producer(organization)
        if producer is None:
            continue
        owner = organization.created_by
        wanted = ROYALTY.get(organization.slug, Decimal("10.00"))
        current = seller_settings(organization)
        if current.pk is None or current.royalty_percent != wanted:
            services.seller_settings_update(
                actor=owner
                if org_has_role(user=owner, organization=organization, roles=[Role.OWNER])
                else producer,
                organization=organization,
                currency=current.currency,
                royalty_percent=wanted,
            )
        if Realization.objects.filter(organization=organization).count() >= PER_ORGANIZATION:
            continue
        designs = (
            Design.objects.filter(
                technology__organization=organization,
                project__status__in=services.ADOPTABLE,
                project__hidden_at__isnull=True,
                head__isnull=False,
            )
            .select_related("project__technology__organization", "head")
            .order_by("project__slug", "number")
        )
        count = Realization.objects.filter(organization=organization).count()
        for design in designs:
            if count >= PER_ORGANIZATION:
                break
            revision = design.head
            if Realization.objects.filter(
                organization=organization, revision=revision, status=RealizationStatus.ACTIVE
            ).exists():
                continue
            chain = licensing.chain_build(design=design, revision=revision)
            if licensing.nd_refusal(chain=chain, revision=revision):
                continue
            if chain.needs_grants:
                if nc_done:
                    continue
                _grant_every_author(chain, organization)
                nc_done = True
            try:
                realization = services.realization_adopt(
                    actor=producer,
                    organization=organization,
                    project=design.project,
                    revision=revision,
                    note=_("Adopted for the demo: a first batch, then more if it sells."),
                )
                _offers(realization, producer)
                try:
                    services.run_open(
                        actor=producer, realization=realization, quantity=1, note=_("First batch")
                    )
                except BoucleError:
                    pass  # the kit's stock is short: the demo shows a realization without a run
            except BoucleError:
                continue
            made += 1
            count += 1
    return made
