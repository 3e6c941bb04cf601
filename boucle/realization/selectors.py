"""Reads of the realization app, already joined for their pages and API endpoints.

Realizations and offers are public once their project is (a realization exists only for an accepted project,
never a draft); a project hidden by moderation hides its realizations from the lists.
"""

from django.db.models import Count, F, Prefetch, Q
from django.http import Http404

from boucle.realization.models import (
    CommercialGrant,
    Offer,
    OfferStatus,
    ProductionRun,
    Realization,
    RealizationStatus,
    SellerSettings,
)


def seller_settings(organization) -> SellerSettings:
    """The organization's seller settings; an unsaved row with the defaults (EUR, 10 %) when it has none."""
    try:
        return organization.seller_settings
    except SellerSettings.DoesNotExist:
        return SellerSettings(organization=organization)


def _realizations():
    return Realization.objects.select_related(
        "project__technology__organization", "design", "revision", "organization", "adopted_by"
    )


def _visible(qs):
    return qs.filter(project__hidden_at__isnull=True, project__merged_into__isnull=True)


def _active_offers():
    return Offer.objects.filter(status=OfferStatus.ACTIVE).order_by("price", "id")


def realization_get(*, pk, user) -> Realization:
    """The realization with this id if ``user`` may see its project; Http404 otherwise."""
    from boucle.projects.selectors import project_visible_to

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such realization.") from None
    realization = _realizations().filter(pk=pk).first()
    if realization is None or not project_visible_to(project=realization.project, user=user):
        raise Http404("No such realization.")
    return realization


def offer_get(*, pk, user) -> Offer:
    from boucle.projects.selectors import project_visible_to

    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such offer.") from None
    offer = (
        Offer.objects.select_related(
            "realization__project__technology__organization",
            "realization__design",
            "realization__revision",
            "realization__organization",
        )
        .filter(pk=pk)
        .first()
    )
    if offer is None or not project_visible_to(project=offer.realization.project, user=user):
        raise Http404("No such offer.")
    return offer


def project_realizations(*, project):
    """The active realizations of a project with their active offers (cheapest first)."""
    return (
        _realizations()
        .filter(project=project, status=RealizationStatus.ACTIVE)
        .prefetch_related(Prefetch("offers", queryset=_active_offers(), to_attr="active_offers"))
        .order_by("created_at", "id")
    )


def organization_realizations(*, organization, include_closed: bool = False):
    qs = _realizations().filter(organization=organization)
    if not include_closed:
        qs = qs.filter(status=RealizationStatus.ACTIVE)
    return (
        _visible(qs)
        .annotate(offer_count=Count("offers", filter=Q(offers__status=OfferStatus.ACTIVE)))
        .order_by("-created_at", "-id")
    )


def realization_list():
    """Every active realization of a visible project, newest first ("Realized designs")."""
    return _visible(_realizations().filter(status=RealizationStatus.ACTIVE)).order_by("-created_at", "-id")


def shop_offers(*, q: str = "", kind: str = "", in_stock: bool = False):
    """The active offers of active realizations of visible projects ("Shop"), newest first."""
    qs = Offer.objects.filter(
        status=OfferStatus.ACTIVE,
        realization__status=RealizationStatus.ACTIVE,
        realization__project__hidden_at__isnull=True,
        realization__project__merged_into__isnull=True,
    ).select_related("realization__project", "realization__design", "realization__organization")
    q = (q or "").replace("\x00", "").strip()[:100]
    if q:
        qs = qs.filter(
            Q(title__icontains=q)
            | Q(realization__project__title__icontains=q)
            | Q(realization__organization__name__icontains=q)
        )
    if kind:
        qs = qs.filter(kind=kind)
    if in_stock:
        qs = qs.filter(stock__gt=0)
    return qs.order_by("-created_at", "-id")


def realization_offers(*, realization, include_withdrawn: bool = False):
    qs = realization.offers.all()
    if not include_withdrawn:
        qs = qs.filter(status=OfferStatus.ACTIVE)
    return qs.order_by("status", "price", "id")


def realization_runs(*, realization):
    return ProductionRun.objects.filter(realization=realization).select_related("created_by")


def grants_given(*, user):
    """The grants a member gave, active first."""
    return (
        CommercialGrant.objects.filter(grantor=user)
        .select_related("organization", "project")
        .order_by(F("revoked_at").asc(nulls_first=True), "-created_at", "-id")
    )


def grants_received(*, organization, active_only: bool = True):
    qs = CommercialGrant.objects.filter(organization=organization).select_related("grantor", "project")
    if active_only:
        qs = qs.filter(revoked_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def adoption_candidates(*, project):
    """The main-line revisions a producer may freeze: every design's revisions, newest first per design."""
    from boucle.studio.enums import RevisionState
    from boucle.studio.models import Revision

    return (
        Revision.objects.filter(design__project=project, state=RevisionState.MAIN, number__isnull=False)
        .select_related("design", "author")
        .order_by("design__number", "-number")
    )


def organizations_producing(*, user):
    """The organizations where ``user`` may adopt designs (producer or owner; every one for site staff)."""
    from boucle.orgs.models import Organization, Role

    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.order_by("name")
    return (
        Organization.objects.filter(memberships__user=user, memberships__role__in=[Role.PRODUCER, Role.OWNER])
        .distinct()
        .order_by("name")
    )
