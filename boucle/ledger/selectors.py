"""Reads of the ledger: influence on a project, a member's statement, what an organization owes."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from django.contrib.auth import get_user_model
from django.db.models import BigIntegerField, Count, F, Q, Sum
from django.db.models.functions import Cast, Round

from boucle.ledger.maths import CENT, from_cents
from boucle.ledger.models import (
    DEFAULT_WEIGHTS,
    INFLUENCE_KINDS,
    Account,
    AccountKind,
    Contribution,
    ContributionKind,
    EntryKind,
    InfluenceWeights,
    JournalEntry,
    Posting,
)

ZERO = Decimal("0.00")


# --- Influence --------------------------------------------------------------------------------------------


def influence_weights(*, organization=None, organization_id: int | None = None) -> dict[str, int]:
    """The points per act of an organization: its own weights, or the defaults when it set none.

    >>> influence_weights(organization=brickworks)
    {'project_created': 10, 'design_revision': 5, ...}
    """
    org_id = organization_id if organization_id is not None else organization.pk
    row = InfluenceWeights.objects.filter(organization_id=org_id).first()
    return row.as_dict() if row else {k: DEFAULT_WEIGHTS[k] for k in INFLUENCE_KINDS}


@dataclass
class Acts:
    kind: str
    label: str
    count: int
    weight: int

    @property
    def points(self) -> int:
        return self.count * self.weight


@dataclass
class InfluenceShare:
    member_id: int
    username: str
    name: str
    acts: list[Acts] = field(default_factory=list)
    points: int = 0
    share: Fraction = Fraction(0)

    @property
    def percent(self) -> Decimal:
        """The share in per cent, rounded to two decimals for display (the exact share is ``share``)."""
        return (Decimal(self.share.numerator) * 100 / Decimal(self.share.denominator)).quantize(CENT)


@dataclass
class ProjectInfluence:
    project_id: int
    weights: dict[str, int]
    shares: list[InfluenceShare]
    total_points: int

    def points_by_member(self) -> dict[int, int]:
        return {s.member_id: s.points for s in self.shares}


def project_influence(project, *, weights: dict[str, int] | None = None) -> ProjectInfluence:
    """Each contributor's influence on a project: the acts that stand, per kind × weight = points, and the
    exact share points / total (a Fraction).

    An act counts unless a reversal row cancels it (a withdrawn support, a helpful mark taken back). Acts of a
    kind whose weight is 0 are listed but earn nothing; members with no points are left out. Two queries: the
    organization's weights, and one aggregate over the project's contribution rows. Ordered by points, then
    member id.
    """
    if weights is None:
        weights = project_weights(project)
    rows = (
        Contribution.objects.filter(
            project_id=project.pk,
            kind__in=INFLUENCE_KINDS,
            reverses__isnull=True,
            reversed_by__isnull=True,
        )
        .values("actor_id", "actor__username", "actor__display_name", "kind")
        .annotate(n=Count("id"))
        .order_by()
    )
    labels = dict(ContributionKind.choices)
    by_member: dict[int, InfluenceShare] = {}
    for row in rows:
        share = by_member.get(row["actor_id"])
        if share is None:
            share = by_member[row["actor_id"]] = InfluenceShare(
                member_id=row["actor_id"],
                username=row["actor__username"],
                name=row["actor__display_name"] or row["actor__username"],
            )
        share.acts.append(Acts(row["kind"], str(labels[row["kind"]]), row["n"], weights.get(row["kind"], 0)))
    order = {k: i for i, k in enumerate(INFLUENCE_KINDS)}
    for share in by_member.values():
        share.acts.sort(key=lambda a: order[a.kind])
        share.points = sum(a.points for a in share.acts)
    counted = [s for s in by_member.values() if s.points > 0]
    total = sum(s.points for s in counted)
    for share in counted:
        share.share = Fraction(share.points, total)
    counted.sort(key=lambda s: (-s.points, s.member_id))
    return ProjectInfluence(project_id=project.pk, weights=weights, shares=counted, total_points=total)


def project_weights(project) -> dict[str, int]:
    """The points per act that apply to a project: those of its technology's organization (one query)."""
    row = InfluenceWeights.objects.filter(organization__technologies__id=project.technology_id).first()
    return row.as_dict() if row else {k: DEFAULT_WEIGHTS[k] for k in INFLUENCE_KINDS}


# --- Royalties --------------------------------------------------------------------------------------------


@dataclass
class Balance:
    """What a member earned from an organization in one currency, and where it stands."""

    organization_id: int
    currency: str
    earned: Decimal = ZERO
    reversed: Decimal = ZERO
    paid: Decimal = ZERO
    member_id: int | None = None
    organization: object = None
    member: object = None

    @property
    def net(self) -> Decimal:
        return self.earned - self.reversed

    @property
    def owed(self) -> Decimal:
        """Earned less reversed less paid: what the organization still owes (negative: it paid too much
        before a refund reversed a credit; later earnings make up for it)."""
        return self.earned - self.reversed - self.paid


def cents_sum(field: str = "amount", **kwargs) -> Sum:
    """Sum of a money column in whole cents, exact on every database.

    SQLite keeps decimals as binary floating point and sums them as floats (0.69 + 0.68 - 1.37 is not 0
    there), so each amount is turned into its integer number of cents before the sum.
    """
    return Sum(Cast(Round(F(field) * 100), BigIntegerField()), **kwargs)


def _money(cents) -> Decimal:
    return from_cents(int(cents or 0))


def _sums():
    """Aggregates of the postings on members' earnings accounts, by entry kind, in cents."""
    return {
        "earned": cents_sum(filter=Q(entry__kind=EntryKind.CREDIT)),
        "reversed": cents_sum(filter=Q(entry__kind=EntryKind.REVERSAL)),
        "paid": cents_sum(filter=Q(entry__kind=EntryKind.PAYOUT)),
    }


def _balance(row, **extra) -> Balance:
    return Balance(
        organization_id=row["account__organization_id"],
        currency=row["account__currency"],
        # A credit credits (negative posting) the member's account; reversals and payouts debit it.
        earned=-_money(row["earned"]) + ZERO,
        reversed=_money(row["reversed"]),
        paid=_money(row["paid"]),
        **extra,
    )


@dataclass
class Statement:
    member_id: int
    lines: list[dict]
    projects: list[dict]
    balances: list[Balance]


def member_statement(member, currency: str | None = None, *, line_limit: int | None = None) -> Statement:
    """A member's statement of earnings: the movements of their earnings accounts (newest first, at most
    ``line_limit`` of them), the totals per organization, project and currency, and per organization and
    currency what was earned, reversed, paid and is still owed. Totals are aggregates over every movement,
    whatever the limit: five queries in all.

    ``lines``: {"date", "organization", "project", "currency", "kind", "memo", "reference", "amount"}: amount
    seen from the member (earned +, reversed -, paid out -).
    """
    from boucle.orgs.models import Organization
    from boucle.projects.models import Project

    postings = Posting.objects.filter(account__member=member, account__kind=AccountKind.MEMBER_EARNINGS)
    if currency:
        postings = postings.filter(account__currency=currency)
    movements = postings.select_related("entry__organization", "entry__project", "account").order_by(
        "-entry__created_at", "-entry_id"
    )
    if line_limit is not None:
        movements = movements[:line_limit]
    lines = [
        {
            "date": p.entry.created_at,
            "entry_id": p.entry_id,
            "organization": p.entry.organization,
            "project": p.entry.project,
            "currency": p.account.currency,
            "kind": p.entry.kind,
            "kind_label": p.entry.get_kind_display(),
            "memo": p.entry.memo,
            "reference": p.entry.reference,
            "amount": -p.amount,
        }
        for p in movements
    ]
    per_project = list(
        postings.exclude(entry__kind=EntryKind.PAYOUT)
        .values("account__organization_id", "account__currency", "entry__project_id")
        .annotate(**_sums())
        .order_by()
    )
    balance_rows = list(
        postings.values("account__organization_id", "account__currency").annotate(**_sums()).order_by()
    )
    organizations = Organization.objects.in_bulk({r["account__organization_id"] for r in balance_rows})
    projects_by_id = Project.objects.in_bulk({r["entry__project_id"] for r in per_project} - {None})
    projects = []
    for row in per_project:
        balance = _balance(row)
        projects.append(
            {
                "organization": organizations[row["account__organization_id"]],
                "project": projects_by_id.get(row["entry__project_id"]),
                "currency": row["account__currency"],
                "earned": balance.earned,
                "reversed": balance.reversed,
                "net": balance.net,
            }
        )
    projects.sort(
        key=lambda t: (t["organization"].name, t["project"].title if t["project"] else "", t["currency"])
    )
    balances = [
        _balance(row, member_id=member.pk, organization=organizations[row["account__organization_id"]])
        for row in balance_rows
    ]
    balances.sort(key=lambda b: (b.organization.name, b.currency))
    return Statement(member_id=member.pk, lines=lines, projects=projects, balances=balances)


def organization_owed(organization, currency: str | None = None) -> list[Balance]:
    """Per member and currency, what the organization's sales earned them, what was reversed, what it paid
    and what it still owes; members by name. One aggregate query, one for the members."""
    rows = Posting.objects.filter(
        account__organization=organization, account__kind=AccountKind.MEMBER_EARNINGS
    )
    if currency:
        rows = rows.filter(account__currency=currency)
    rows = list(
        rows.values("account__organization_id", "account__currency", "account__member_id")
        .annotate(**_sums())
        .order_by()
    )
    members = get_user_model().objects.in_bulk({r["account__member_id"] for r in rows})
    balances = [
        _balance(
            row,
            member_id=row["account__member_id"],
            member=members[row["account__member_id"]],
            organization=organization,
        )
        for row in rows
    ]
    balances.sort(key=lambda b: (b.currency, str(b.member).lower(), b.member_id))
    return balances


def member_owed(*, organization, member, currency: str) -> Decimal:
    """What the organization owes one member in one currency (the credit balance of their earnings account)."""
    total = Posting.objects.filter(
        account__organization=organization,
        account__currency=currency,
        account__member=member,
        account__kind=AccountKind.MEMBER_EARNINGS,
    ).aggregate(s=cents_sum())["s"]
    return -_money(total) + ZERO


def organization_currencies(organization) -> list[str]:
    return list(
        Account.objects.filter(organization=organization)
        .values_list("currency", flat=True)
        .distinct()
        .order_by()
    )


def journal_entries(*, organization=None, kinds=None, member=None):
    """Journal entries, newest first, with what their list shows already joined."""
    qs = JournalEntry.objects.select_related("project", "member", "recorded_by", "organization")
    if organization is not None:
        qs = qs.filter(organization=organization)
    if kinds:
        qs = qs.filter(kind__in=kinds)
    if member is not None:
        qs = qs.filter(member=member)
    return qs.order_by("-created_at", "-id")


def balances_by_account() -> dict[int, Decimal]:
    """Every account's balance (sum of its postings), for checks."""
    out: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for row in Posting.objects.values("account_id").annotate(s=cents_sum()).order_by():
        out[row["account_id"]] = _money(row["s"])
    return out
