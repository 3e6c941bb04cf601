"""JSON API of realizations, offers, production runs, seller settings and commercial grants (mounted at /api/).
Same services and selectors as the pages: permissions and rules are the services'."""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import object_or_404, org_has_role
from boucle.projects.selectors import project_get
from boucle.realization import kit as kits
from boucle.realization import selectors, services
from boucle.realization.models import CommercialGrant, OfferKind, ProductionRun, RunStatus

router = Router(tags=["realization"])

WRITE_RATE = "60/m"


# ---------------------------------------------------------------------------------------------- schemas


class ProjectRef(Schema):
    slug: str
    title: str


class OrganizationRef(Schema):
    slug: str
    name: str


class DesignRef(Schema):
    id: int
    number: int
    title: str
    kind: str


class RevisionRef(Schema):
    id: int
    number: int
    content_hash: str


class RealizationOut(Schema):
    id: int
    project: ProjectRef
    design: DesignRef
    revision: RevisionRef
    organization: OrganizationRef
    adopted_by: str = Field(description="The username of the producer who adopted it.")
    status: Literal["active", "closed"]
    note: str
    needs_grants: bool = Field(description="A licence of the chain is non-commercial: sold under grants.")
    attribution: list[dict] = Field(
        description="The attribution chain frozen at adoption, the design first: design, revision, project, "
        "licence, licence_label, licence_url, authors (with the grants that allowed the sale), contributors."
    )
    created_at: datetime
    url: str

    @staticmethod
    def resolve_adopted_by(obj) -> str:
        return obj.adopted_by.username

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class RealizationIn(Schema):
    project: str = Field(min_length=1, max_length=160, description="The slug of an accepted project.")
    organization: str = Field(min_length=1, max_length=120, description="The slug of your organization.")
    revision: int = Field(ge=1, description="The id of a main-line revision of one of the project's designs.")
    note: str = Field("", max_length=10000)


class OfferOut(Schema):
    id: int
    realization: int
    title: str
    kind: Literal["product", "kit"]
    price: Decimal
    currency: str
    stock: int
    lead_time_days: int
    shipping_regions: list[str]
    description: str
    status: Literal["active", "withdrawn"]
    created_at: datetime
    url: str

    @staticmethod
    def resolve_realization(obj) -> int:
        return obj.realization_id

    @staticmethod
    def resolve_shipping_regions(obj) -> list[str]:
        return list(obj.shipping_regions or [])

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class OfferIn(Schema):
    title: str = Field(max_length=140)
    kind: Literal["product", "kit"] = OfferKind.PRODUCT
    price: Decimal = Field(description="More than 0, at most two decimals, in the organization's currency.")
    stock: int = Field(0, description="Units for sale now.")
    lead_time_days: int = 0
    shipping_regions: list[str] = Field(default_factory=list, max_length=50)
    description: str = Field("", max_length=10000)


class OfferUpdateIn(Schema):
    title: str = Field(max_length=140)
    price: Decimal
    lead_time_days: int = 0
    shipping_regions: list[str] = Field(default_factory=list, max_length=50)
    description: str = Field("", max_length=10000)


class StockIn(Schema):
    delta: int = Field(description="Units to add; negative to remove (never below zero).")


class OfferFilter(Schema):
    q: str = Field("", max_length=100)
    kind: Literal["product", "kit", ""] = ""
    in_stock: bool = False


class KitLineOut(Schema):
    key: str
    part: str
    name: str
    variant: str
    quantity: Decimal
    unit: str
    unit_price: Decimal | None
    total_price: Decimal | None
    stock: Decimal | None
    in_kit: bool


class RealizationKitOut(Schema):
    realization: int
    currency: str
    batch_size: float | None = Field(description="Litres the lines are for, when the kind scales (recipes).")
    lines: list[KitLineOut]
    total: Decimal | None
    complete: bool


class RunOut(Schema):
    id: int
    realization: int
    quantity: int
    status: str
    note: str
    parts: list[dict]
    created_by: str
    created_at: datetime


class RunIn(Schema):
    quantity: int
    note: str = Field("", max_length=500)


class RunStatusIn(Schema):
    status: Literal["planned", "in_production", "done", "cancelled"]


class SellerSettingsOut(Schema):
    organization: str
    currency: str
    royalty_percent: Decimal


class SellerSettingsIn(Schema):
    currency: str = Field(max_length=10)
    royalty_percent: Decimal


class GrantOut(Schema):
    id: int
    grantor: str
    organization: str
    project: str | None = Field(description="The project's slug, or None for every project of the grantor's.")
    note: str
    created_at: datetime
    revoked_at: datetime | None


class GrantIn(Schema):
    organization: str = Field(min_length=1, max_length=120)
    project: str | None = Field(None, max_length=160)
    note: str = Field("", max_length=500)


class RealizationFilter(Schema):
    organization: str = Field("", max_length=120, description="Only this organization's (its slug).")
    project: str = Field("", max_length=160, description="Only this project's (its slug).")


# ---------------------------------------------------------------------------------------------- helpers


def _run_out(run) -> dict:
    return {
        "id": run.pk,
        "realization": run.realization_id,
        "quantity": run.quantity,
        "status": run.status,
        "note": run.note,
        "parts": run.parts,
        "created_by": run.created_by.username,
        "created_at": run.created_at,
    }


def _grant_out(g) -> dict:
    return {
        "id": g.pk,
        "grantor": g.grantor.username,
        "organization": g.organization.slug,
        "project": g.project.slug if g.project_id else None,
        "note": g.note,
        "created_at": g.created_at,
        "revoked_at": g.revoked_at,
    }


def _org(slug: str, field: str = "organization") -> Organization:
    organization = Organization.objects.filter(slug=slug.replace("\x00", "")).first()
    if organization is None:
        raise NotFound(_("No organization is called “%(slug)s”.") % {"slug": slug[:120]}, field=field)
    return organization


def _check_producer(request, organization):
    if not services.can_produce(user=request.user, organization=organization):
        raise NotAllowed(
            _("Only the producers and owners of %(organization)s can do this.")
            % {"organization": organization.name}
        )


# ---------------------------------------------------------------------------------------------- realizations


@router.get(
    "/realizations", response=list[RealizationOut], auth=None, summary="Realized designs, newest first"
)
@paginate(Pagination)
def realization_list(request, filters: Query[RealizationFilter]):
    qs = selectors.realization_list()
    if filters.organization:
        qs = qs.filter(organization__slug=filters.organization.replace("\x00", ""))
    if filters.project:
        qs = qs.filter(project__slug=filters.project.replace("\x00", ""))
    return qs


@router.post("/realizations", response={201: RealizationOut}, summary="Adopt a design for production")
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST", group="realization-write")
def realization_adopt(request, payload: RealizationIn):
    try:
        project = project_get(slug=payload.project, user=request.user)
    except Exception:
        raise NotFound(_("No such project."), field="project") from None
    realization = services.realization_adopt(
        actor=request.user,
        organization=_org(payload.organization),
        project=project,
        revision=payload.revision,
        note=payload.note,
    )
    return Status(201, (selectors.realization_get(pk=realization.pk, user=request.user)))


@router.get("/realizations/{int:realization_id}", response=RealizationOut, auth=None, summary="A realization")
def realization_detail(request, realization_id: int):
    return selectors.realization_get(pk=realization_id, user=request.user)


@router.post(
    "/realizations/{int:realization_id}/close", response=RealizationOut, summary="Close a realization"
)
def realization_close(request, realization_id: int):
    realization = selectors.realization_get(pk=realization_id, user=request.user)
    services.realization_close(actor=request.user, realization=realization)
    return selectors.realization_get(pk=realization_id, user=request.user)


@router.get(
    "/realizations/{int:realization_id}/kit",
    response=RealizationKitOut,
    auth=None,
    summary="The kit: the frozen revision's bill of materials, priced (scaled to ?batch= litres for recipes)",
)
def realization_kit(request, realization_id: int, batch: str = ""):
    realization = selectors.realization_get(pk=realization_id, user=request.user)
    size = kits.parse_batch(batch) if batch else None
    if batch and size is None:
        raise InvalidInput(
            _("Enter a batch size between 0.1 and %(max)s litres.") % {"max": kits.MAX_BATCH}, field="batch"
        )
    view = kits.kit_view(realization, batch_size=size)
    return {
        "realization": realization.pk,
        "currency": selectors.seller_settings(realization.organization).currency,
        "batch_size": view.batch_size,
        "lines": [line.__dict__ for line in view.lines],
        "total": view.total,
        "complete": view.complete,
    }


# ---------------------------------------------------------------------------------------------- runs


@router.get(
    "/realizations/{int:realization_id}/runs", response=list[RunOut], summary="Production runs (producers)"
)
def run_list(request, realization_id: int):
    realization = selectors.realization_get(pk=realization_id, user=request.user)
    _check_producer(request, realization.organization)
    return [_run_out(r) for r in selectors.realization_runs(realization=realization)]


@router.post(
    "/realizations/{int:realization_id}/runs",
    response={201: RunOut},
    summary="Open a production run (checked against the kit's parts stock)",
)
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST", group="realization-write")
def run_open(request, realization_id: int, payload: RunIn):
    realization = selectors.realization_get(pk=realization_id, user=request.user)
    run = services.run_open(
        actor=request.user, realization=realization, quantity=payload.quantity, note=payload.note
    )
    return Status(201, _run_out(run))


@router.post("/runs/{int:run_id}/status", response=RunOut, summary="Move a production run to its next status")
def run_status(request, run_id: int, payload: RunStatusIn):
    run = get_object_or_404(ProductionRun.objects.select_related("realization__organization"), pk=run_id)
    selectors.realization_get(pk=run.realization_id, user=request.user)
    run = services.run_set_status(actor=request.user, run=run, status=RunStatus(payload.status))
    return _run_out(ProductionRun.objects.select_related("created_by").get(pk=run.pk))


# ---------------------------------------------------------------------------------------------- offers


@router.get("/offers", response=list[OfferOut], auth=None, summary="The shop: active offers, newest first")
@paginate(Pagination)
def offer_list(request, filters: Query[OfferFilter]):
    qs = selectors.shop_offers(q=filters.q, kind=filters.kind, in_stock=filters.in_stock)
    return qs


@router.get(
    "/realizations/{int:realization_id}/offers",
    response=list[OfferOut],
    auth=None,
    summary="A realization's offers",
)
def realization_offers(request, realization_id: int):
    realization = selectors.realization_get(pk=realization_id, user=request.user)
    include = services.can_produce(user=request.user, organization=realization.organization)
    return selectors.realization_offers(realization=realization, include_withdrawn=include)


@router.post(
    "/realizations/{int:realization_id}/offers", response={201: OfferOut}, summary="Publish an offer"
)
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST", group="realization-write")
def offer_create(request, realization_id: int, payload: OfferIn):
    realization = selectors.realization_get(pk=realization_id, user=request.user)
    offer = services.offer_create(actor=request.user, realization=realization, **payload.dict())
    return Status(201, (offer))


@router.get("/offers/{int:offer_id}", response=OfferOut, auth=None, summary="An offer")
def offer_detail(request, offer_id: int):
    return selectors.offer_get(pk=offer_id, user=request.user)


@router.put(
    "/offers/{int:offer_id}", response=OfferOut, summary="Change an offer (not its stock nor currency)"
)
def offer_update(request, offer_id: int, payload: OfferUpdateIn):
    offer = selectors.offer_get(pk=offer_id, user=request.user)
    return services.offer_update(actor=request.user, offer=offer, **payload.dict())


@router.post("/offers/{int:offer_id}/stock", response=OfferOut, summary="Add or remove units of stock")
def offer_stock(request, offer_id: int, payload: StockIn):
    offer = selectors.offer_get(pk=offer_id, user=request.user)
    return services.offer_stock_adjust(actor=request.user, offer=offer, delta=payload.delta)


@router.post("/offers/{int:offer_id}/withdraw", response=OfferOut, summary="Withdraw an offer")
def offer_withdraw(request, offer_id: int):
    offer = selectors.offer_get(pk=offer_id, user=request.user)
    return services.offer_withdraw(actor=request.user, offer=offer)


# ---------------------------------------------------------------------------------------------- organizations


@router.get(
    "/orgs/{slug}/seller-settings", response=SellerSettingsOut, auth=None, summary="How an organization sells"
)
def seller_settings_get(request, slug: str):
    organization = object_or_404(Organization, slug=slug)
    current = selectors.seller_settings(organization)
    return {
        "organization": organization.slug,
        "currency": current.currency,
        "royalty_percent": current.royalty_percent,
    }


@router.put(
    "/orgs/{slug}/seller-settings", response=SellerSettingsOut, summary="Set the currency and royalty percent"
)
def seller_settings_set(request, slug: str, payload: SellerSettingsIn):
    organization = object_or_404(Organization, slug=slug)
    current = services.seller_settings_update(
        actor=request.user,
        organization=organization,
        currency=payload.currency,
        royalty_percent=payload.royalty_percent,
    )
    return {
        "organization": organization.slug,
        "currency": current.currency,
        "royalty_percent": current.royalty_percent,
    }


@router.get(
    "/orgs/{slug}/grants", response=list[GrantOut], summary="Active commercial grants an organization holds"
)
def organization_grants(request, slug: str):
    organization = object_or_404(Organization, slug=slug)
    if not org_has_role(user=request.user, organization=organization, roles=[Role.PRODUCER, Role.OWNER]):
        raise NotAllowed(
            _("Only the producers and owners of %(organization)s can see its grants.")
            % {"organization": organization.name}
        )
    return [
        _grant_out(g)
        for g in selectors.grants_received(organization=organization).select_related("organization")
    ]


# ---------------------------------------------------------------------------------------------- grants


@router.get("/grants", response=list[GrantOut], summary="The commercial grants I gave")
def grant_list(request):
    return [_grant_out(g) for g in selectors.grants_given(user=request.user).select_related("grantor")]


@router.post(
    "/grants", response={201: GrantOut}, summary="Allow an organization to sell my non-commercial work"
)
@ratelimit(key="user_or_ip", rate=WRITE_RATE, method="POST", group="realization-write")
def grant_create(request, payload: GrantIn):
    from boucle.projects.models import Project

    project = None
    if payload.project:
        project = Project.objects.filter(slug=payload.project.replace("\x00", "")).first()
        if project is None:
            raise NotFound(_("No such project."), field="project")
    grant = services.grant_create(
        actor=request.user, organization=_org(payload.organization), project=project, note=payload.note
    )
    return Status(
        201,
        _grant_out(
            CommercialGrant.objects.select_related("grantor", "organization", "project").get(pk=grant.pk)
        ),
    )


@router.post("/grants/{int:grant_id}/revoke", response=GrantOut, summary="Revoke a grant I gave")
def grant_revoke(request, grant_id: int):
    grant = (
        CommercialGrant.objects.select_related("grantor", "organization", "project")
        .filter(pk=grant_id)
        .first()
    )
    if grant is None or (grant.grantor_id != request.user.pk and not request.user.is_staff):
        raise NotFound(_("No such grant."))
    services.grant_revoke(actor=request.user, grant=grant)
    grant.refresh_from_db()
    return _grant_out(grant)
