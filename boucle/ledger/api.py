"""JSON API of influence and royalties, mounted at /api/. Same services and selectors as the pages.

Money is always a string with two decimals ("3.70"), never a JSON number: amounts stay exact.
"""

from datetime import datetime

from django.contrib.auth import get_user_model
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.core.errors import InvalidInput, NotAllowed
from boucle.ledger import services
from boucle.ledger.models import DEFAULT_WEIGHTS, INFLUENCE_KINDS, MAX_WEIGHT, EntryKind
from boucle.ledger.royalties import payout_record
from boucle.ledger.selectors import (
    influence_weights,
    journal_entries,
    member_statement,
    organization_owed,
    project_influence,
)
from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import object_or_404, org_has_role
from boucle.projects.selectors import project_get

router = Router(tags=["influence and royalties"])

MONEY_PATTERN = r"^\d{1,12}(\.\d{1,2})?$"
CURRENCY_PATTERN = r"^[A-Za-z]{3}$"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


def _user(request):
    user = getattr(request, "auth", None)
    return user if getattr(user, "is_authenticated", False) else request.user


class ActsOut(Schema):
    kind: str
    count: int
    weight: int
    points: int = Field(description="count × weight")


class ShareOut(Schema):
    member: str = Field(description="The member's username.")
    name: str
    points: int
    share: str = Field(description="The exact share, points / total, as a reduced fraction such as '4/9'.")
    percent: str = Field(description="The share in per cent, rounded to two decimals (for display).")
    acts: list[ActsOut]


class InfluenceOut(Schema):
    project: str
    organization: str = Field(description="The slug of the organization whose weights apply.")
    total_points: int
    weights: dict[str, int]
    shares: list[ShareOut]


class WeightsOut(Schema):
    organization: str
    weights: dict[str, int]
    defaults: dict[str, int]


class WeightsIn(Schema):
    """Points per act; kinds left out keep their current weight."""

    project_created: int | None = Field(None, ge=0, le=MAX_WEIGHT, description="original idea")
    design_revision: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    project_merged: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    suggestion_merged: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    comment_helpful: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    review: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    support: int | None = Field(None, ge=0, le=MAX_WEIGHT)
    make: int | None = Field(None, ge=0, le=MAX_WEIGHT)


class BalanceOut(Schema):
    organization: str
    currency: str
    earned: str
    reversed: str
    paid: str
    owed: str


class ProjectEarningsOut(Schema):
    project: str | None
    organization: str
    currency: str
    earned: str
    reversed: str
    net: str


class EarningsOut(Schema):
    balances: list[BalanceOut]
    projects: list[ProjectEarningsOut]


class LineOut(Schema):
    date: datetime
    entry: int
    kind: str
    organization: str
    project: str | None
    currency: str
    amount: str = Field(description="Seen from you: earned positive, reversed or paid out negative.")
    memo: str
    reference: str


class CurrencyFilter(Schema):
    currency: str | None = Field(None, pattern=CURRENCY_PATTERN)


class OwedOut(Schema):
    member: str
    name: str
    currency: str
    earned: str
    reversed: str
    paid: str
    owed: str


class PayoutIn(Schema):
    member: str = Field(min_length=1, max_length=150, description="The username of the member paid.")
    currency: str = Field(pattern=CURRENCY_PATTERN)
    amount: str = Field(pattern=MONEY_PATTERN, description="A string such as '12.50'.")
    reference: str = Field("", max_length=100)


class PayoutOut(Schema):
    id: int
    member: str
    currency: str
    amount: str
    reference: str
    recorded_by: str | None
    created_at: datetime

    @staticmethod
    def resolve_member(entry) -> str:
        return entry.member.username

    @staticmethod
    def resolve_amount(entry) -> str:
        return f"{entry.amount:.2f}"

    @staticmethod
    def resolve_recorded_by(entry) -> str | None:
        return entry.recorded_by.username if entry.recorded_by else None


def _money(value) -> str:
    return f"{value:.2f}"


@router.get(
    "/projects/{slug}/influence",
    response={200: InfluenceOut, **PUBLIC_ERRORS},
    auth=None,
    summary="Each contributor's influence share on a project, and how it was computed",
)
def influence_get(request, slug: str):
    project = project_get(slug=slug, user=_user(request))
    organization = project.technology.organization
    weights = influence_weights(organization=organization)
    influence = project_influence(project, weights=weights)
    return {
        "project": project.slug,
        "organization": organization.slug,
        "total_points": influence.total_points,
        "weights": weights,
        "shares": [
            {
                "member": s.username,
                "name": s.name,
                "points": s.points,
                "share": f"{s.share.numerator}/{s.share.denominator}",
                "percent": _money(s.percent),
                "acts": [
                    {"kind": a.kind, "count": a.count, "weight": a.weight, "points": a.points} for a in s.acts
                ],
            }
            for s in influence.shares
        ],
    }


def _weights_out(organization) -> dict:
    return {
        "organization": organization.slug,
        "weights": influence_weights(organization=organization),
        "defaults": {k: DEFAULT_WEIGHTS[k] for k in INFLUENCE_KINDS},
    }


@router.get(
    "/orgs/{slug}/influence-weights",
    response={200: WeightsOut, **PUBLIC_ERRORS},
    auth=None,
    summary="An organization's points per act",
)
def weights_get(request, slug: str):
    return _weights_out(object_or_404(Organization, slug=slug))


@router.patch(
    "/orgs/{slug}/influence-weights",
    response={200: WeightsOut, **ERRORS},
    summary="Change an organization's points per act (owners)",
)
def weights_update(request, slug: str, payload: WeightsIn):
    organization = object_or_404(Organization, slug=slug)
    weights = {k: v for k, v in payload.dict().items() if v is not None}
    services.influence_weights_update(actor=request.auth, organization=organization, weights=weights)
    return _weights_out(organization)


@router.get("/me/earnings", response={200: EarningsOut, **ERRORS}, summary="What I earned and am owed")
def earnings_get(request, filters: Query[CurrencyFilter]):
    currency = filters.currency.upper() if filters.currency else None
    statement = member_statement(request.auth, currency=currency)
    return {
        "balances": [
            {
                "organization": b.organization.slug,
                "currency": b.currency,
                "earned": _money(b.earned),
                "reversed": _money(b.reversed),
                "paid": _money(b.paid),
                "owed": _money(b.owed),
            }
            for b in statement.balances
        ],
        "projects": [
            {
                "project": t["project"].slug if t["project"] else None,
                "organization": t["organization"].slug,
                "currency": t["currency"],
                "earned": _money(t["earned"]),
                "reversed": _money(t["reversed"]),
                "net": _money(t["net"]),
            }
            for t in statement.projects
        ],
    }


@router.get("/me/earnings/lines", response=list[LineOut], summary="My statement of earnings, newest first")
@paginate(Pagination)
def earnings_lines(request, filters: Query[CurrencyFilter]):
    currency = filters.currency.upper() if filters.currency else None
    return [
        {
            "date": line["date"],
            "entry": line["entry_id"],
            "kind": line["kind"],
            "organization": line["organization"].slug,
            "project": line["project"].slug if line["project"] else None,
            "currency": line["currency"],
            "amount": _money(line["amount"]),
            "memo": line["memo"],
            "reference": line["reference"],
        }
        for line in member_statement(request.auth, currency=currency).lines
    ]


def _owned(request, slug) -> Organization:
    organization = object_or_404(Organization, slug=slug)
    if not org_has_role(user=request.auth, organization=organization, roles=[Role.OWNER]):
        raise NotAllowed(_("Only the owners of %(org)s can see its royalties.") % {"org": organization.name})
    return organization


@router.get(
    "/orgs/{slug}/royalties/owed",
    response={200: list[OwedOut], **ERRORS},
    summary="What an organization owes each member, per currency (owners)",
)
def owed_list(request, slug: str, filters: Query[CurrencyFilter]):
    organization = _owned(request, slug)
    currency = filters.currency.upper() if filters.currency else None
    return [
        {
            "member": b.member.username,
            "name": b.member.name,
            "currency": b.currency,
            "earned": _money(b.earned),
            "reversed": _money(b.reversed),
            "paid": _money(b.paid),
            "owed": _money(b.owed),
        }
        for b in organization_owed(organization, currency=currency)
    ]


@router.get(
    "/orgs/{slug}/royalties/payouts",
    response={200: list[PayoutOut], **ERRORS},
    summary="The payouts an organization recorded, newest first (owners)",
)
@paginate(Pagination)
def payout_list(request, slug: str):
    organization = _owned(request, slug)
    return journal_entries(organization=organization, kinds=[EntryKind.PAYOUT])


@router.post(
    "/orgs/{slug}/royalties/payouts",
    response={201: PayoutOut, **ERRORS},
    summary="Record a payout to a member (owners); it cannot exceed what is owed",
)
@ratelimit(key="user_or_ip", rate="30/m", method="POST", group="ledger-payout")
def payout_create(request, slug: str, payload: PayoutIn):
    organization = _owned(request, slug)
    member = None
    if "\x00" not in payload.member:  # PostgreSQL refuses NUL in a query
        member = get_user_model().objects.filter(username=payload.member).first()
    if member is None:
        raise InvalidInput(_("No member is called “%(name)s”.") % {"name": payload.member}, field="member")
    entry = payout_record(
        organization=organization,
        member=member,
        currency=payload.currency.upper(),
        amount=payload.amount,
        recorded_by=request.auth,
        reference=payload.reference,
    )
    return Status(201, entry)
