"""The royalty ledger: credits for sales split by influence, their reversals on refunds, payouts, and the check.

A double-entry journal in Decimal (docs/ROYALTIES.md). Accounts per organization and currency: the
organization's *royalty expense* and *payouts*, and each member's *earnings*. A posting is positive for a
debit and negative for a credit; the postings of every entry sum to zero (``_post`` refuses anything else).

- a credit debits the expense with the pool and credits each member's earnings with their part;
- a reversal credits the expense and debits the members' earnings, in proportion to what each still holds
  from the credit it reverses;
- a payout debits the member's earnings (the debt shrinks) and credits the organization's payouts.

What an organization owes a member is the credit balance of their earnings account.

Called by the orders app (royalty_credit on payment, royalty_reverse on refund), by owners (payout_record)
and by ``boucle reconcile`` (ledger_check). Credits and reversals are idempotent per source: a database
constraint allows one credit per source and one reversal per (source, credit), and the source row is locked
first, so two concurrent calls for the same sale never credit twice.
"""

import re
from collections import defaultdict
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.maths import from_cents, parse_money, pool_amount, split_cents, to_cents
from boucle.ledger.models import Account, AccountKind, EntryKind, JournalEntry, Posting
from boucle.ledger.selectors import cents_sum, project_influence, project_weights

CURRENCY_RE = re.compile(r"^[A-Z]{3}$")
SNAPSHOT_VERSION = 1


class LedgerImbalance(Exception):
    """A programming error: postings that do not sum to zero. Never caught; the transaction rolls back."""


def _currency(value) -> str:
    code = str(value or "").strip().upper()
    if not CURRENCY_RE.match(code):
        raise InvalidInput(_("A currency is three letters (ISO 4217), such as EUR."), field="currency")
    return code


def _rate(value) -> Decimal:
    if isinstance(value, float | bool) or value is None:
        raise InvalidInput(
            _("The royalty rate must be a decimal number between 0 and 100."), field="rate_percent"
        )
    try:
        rate = Decimal(str(value))
    except ArithmeticError:
        rate = None
    if rate is None or not rate.is_finite() or not (0 <= rate <= 100):
        raise InvalidInput(
            _("The royalty rate must be a decimal number between 0 and 100."), field="rate_percent"
        )
    return rate


def _amount(value, *, field: str, allow_zero: bool) -> Decimal:
    amount = parse_money(value, allow_zero=allow_zero)
    if amount is None:
        message = (
            _("Enter an amount of zero or more, with at most two decimal places.")
            if allow_zero
            else _("Enter an amount greater than zero, with at most two decimal places.")
        )
        raise InvalidInput(message, field=field)
    return amount


def _source_key(source: models.Model) -> tuple[ContentType, int]:
    if source is None or source.pk is None:
        raise InvalidInput(
            _("A royalty entry needs a saved source (an order line, a refund)."), field="source"
        )
    return ContentType.objects.get_for_model(source), source.pk


def _lock_source(source: models.Model) -> None:
    """Lock the source row until the transaction ends, so concurrent calls for the same source queue."""
    list(type(source)._base_manager.select_for_update().filter(pk=source.pk).values_list("pk", flat=True))


def _accounts(*, organization, currency: str, kind: str, members=()) -> dict:
    """The accounts of an organization in a currency: {member_id: Account} for members' earnings, or
    {None: Account} for the organization's own account of ``kind``. Missing ones are created."""
    if kind == AccountKind.MEMBER_EARNINGS:
        wanted = set(members)
        found = {
            a.member_id: a
            for a in Account.objects.filter(
                organization=organization, currency=currency, kind=kind, member_id__in=wanted
            )
        }
        for member_id in sorted(wanted - found.keys()):
            found[member_id], _created = Account.objects.get_or_create(
                organization=organization, currency=currency, kind=kind, member_id=member_id
            )
        return found
    account, _created = Account.objects.get_or_create(
        organization=organization, currency=currency, kind=kind, member=None
    )
    return {None: account}


def _post(entry: JournalEntry, lines: list[tuple[Account, Decimal]]) -> None:
    """Write an entry's postings; they must sum to zero. Zero amounts are left out."""
    if sum((amount for _account, amount in lines), Decimal(0)) != 0:
        raise LedgerImbalance(f"entry {entry.pk}: postings {lines} do not sum to zero")
    for account, _line_amount in lines:
        if account.organization_id != entry.organization_id or account.currency != entry.currency:
            raise LedgerImbalance(
                f"entry {entry.pk}: account {account.pk} of another organization or currency"
            )
    Posting.objects.bulk_create(
        [Posting(entry=entry, account=account, amount=amount) for account, amount in lines if amount != 0]
    )


def _split_lines(
    *, organization, currency, parts: dict[int, int], sign: int
) -> list[tuple[Account, Decimal]]:
    """Postings for a split: each member's earnings gets ``sign`` × their part; the expense the opposite."""
    total = sum(parts.values())
    if total == 0:
        return []
    members = _accounts(
        organization=organization,
        currency=currency,
        kind=AccountKind.MEMBER_EARNINGS,
        members=[m for m, c in parts.items() if c],
    )
    expense = _accounts(organization=organization, currency=currency, kind=AccountKind.ROYALTY_EXPENSE)[None]
    lines = [(expense, from_cents(-sign * total))]
    lines += [(members[m], from_cents(sign * c)) for m, c in sorted(parts.items()) if c]
    return lines


def _create_entry(**fields) -> JournalEntry | None:
    """Insert an entry; None when a unique constraint says another transaction recorded it first."""
    try:
        with transaction.atomic():
            return JournalEntry.objects.create(**fields)
    except IntegrityError:
        return None


@transaction.atomic
def royalty_credit(
    *,
    organization,
    currency: str,
    project,
    net_amount: Decimal,
    rate_percent: Decimal,
    source: models.Model,
    memo: str = "",
) -> JournalEntry:
    """Credit the royalty pool of one sale to the project's contributors, split by influence.

    pool = net_amount × rate_percent / 100, rounded half up to the cent; split by each member's points on the
    project right now (the weights of the organization of the project's technology), by the largest
    remainder to the cent, ties to the smaller member id. The shares, weights and pool are kept in
    ``snapshot``. Idempotent: a second call for the same source returns the first entry, unchanged. When no
    act on the project earns points, the whole pool goes to the project's creator (the original idea).

    >>> royalty_credit(organization=brewers, currency="EUR", project=p, net_amount=Decimal("20.00"),
    ...                rate_percent=Decimal("10"), source=order_line)
    <JournalEntry: credit 2.00 EUR (4)>
    """
    if project is None or project.pk is None:
        raise InvalidInput(
            _("A royalty credit needs the project whose contributors it pays."), field="project"
        )
    currency = _currency(currency)
    net = _amount(net_amount, field="net_amount", allow_zero=True)
    rate = _rate(rate_percent)
    source_type, source_id = _source_key(source)
    _lock_source(source)
    existing = JournalEntry.objects.filter(
        kind=EntryKind.CREDIT, source_type=source_type, source_id=source_id
    ).first()
    if existing is not None:
        return existing
    pool = pool_amount(net, rate)
    weights = project_weights(project)
    influence = project_influence(project, weights=weights)
    points = influence.points_by_member()
    fallback = not points
    if fallback:
        points = {project.created_by_id: 1}
    parts = split_cents(to_cents(pool), points)
    snapshot = {
        "version": SNAPSHOT_VERSION,
        "net_amount": str(net),
        "rate_percent": str(rate),
        "pool": str(pool),
        "weights": weights,
        "total_points": sum(points.values()),
        "fallback_to_creator": fallback,
        "shares": [
            {
                "member": s.member_id,
                "points": s.points,
                "acts": {a.kind: a.count for a in s.acts},
            }
            for s in influence.shares
        ]
        if not fallback
        else [{"member": project.created_by_id, "points": 1, "acts": {}}],
    }
    entry = _create_entry(
        organization=organization,
        currency=currency,
        kind=EntryKind.CREDIT,
        project=project,
        source_type=source_type,
        source_id=source_id,
        amount=pool,
        snapshot=snapshot,
        memo=str(memo)[:500],
    )
    if entry is None:  # another transaction credited this source between our check and our insert
        return JournalEntry.objects.get(kind=EntryKind.CREDIT, source_type=source_type, source_id=source_id)
    _post(entry, _split_lines(organization=organization, currency=currency, parts=parts, sign=-1))
    return entry


def _member_parts(entry: JournalEntry) -> dict[int, int]:
    """{member_id: cents} the entry moved on members' earnings accounts, seen from the member."""
    parts: dict[int, int] = defaultdict(int)
    for p in Posting.objects.filter(entry=entry).select_related("account"):
        if p.account.kind == AccountKind.MEMBER_EARNINGS:
            parts[p.account.member_id] += -to_cents(p.amount)
    return parts


@transaction.atomic
def royalty_reverse(
    *, original_source: models.Model, source: models.Model, net_amount: Decimal
) -> JournalEntry:
    """Reverse the royalties of a refunded part of a sale.

    ``original_source`` is the sale credited by royalty_credit (the order line), ``source`` the refund,
    ``net_amount`` the net refunded on that sale. The part reversed keeps the reversals' running total at
    round(refunded net so far × rate), so partial refunds add up to exactly the pool once everything is
    refunded; it is split in proportion to what each member still holds from the credit (largest remainder,
    ties to the smaller member id), so no member ever gives back more than they received. Refunding more
    net than was credited raises InvalidInput; a second call for the same refund returns the first entry.
    """
    source_type, source_id = _source_key(source)
    original_type, original_id = _source_key(original_source)
    # Zero is allowed: a refund spread over lines in proportion can leave a line 0.00 (nothing moves).
    net = _amount(net_amount, field="net_amount", allow_zero=True)
    original = (
        JournalEntry.objects.select_for_update()
        .filter(kind=EntryKind.CREDIT, source_type=original_type, source_id=original_id)
        .first()
    )
    if original is None:
        raise InvalidInput(_("This sale has no royalty credit to reverse."), field="original_source")
    existing = JournalEntry.objects.filter(
        kind=EntryKind.REVERSAL, source_type=source_type, source_id=source_id, reverses=original
    ).first()
    if existing is not None:
        return existing
    previous = list(original.reversals.all())
    refunded_before = sum((Decimal(e.snapshot["net_amount"]) for e in previous), Decimal("0.00"))
    credited_net = Decimal(original.snapshot["net_amount"])
    if refunded_before + net > credited_net:
        raise InvalidInput(
            _(
                "This refund would reverse more royalties than were credited: %(left)s %(currency)s of the "
                "%(net)s %(currency)s net sale remain refundable."
            )
            % {"left": credited_net - refunded_before, "net": credited_net, "currency": original.currency},
            field="net_amount",
        )
    rate = Decimal(original.snapshot["rate_percent"])
    reversed_before = sum(to_cents(e.amount) for e in previous)
    this_cents = to_cents(pool_amount(refunded_before + net, rate)) - reversed_before
    if this_cents < 0:  # round() is monotonic: impossible unless the journal was tampered with
        raise LedgerImbalance(f"reversal of entry {original.pk} would be negative")
    held = _member_parts(original)
    for e in previous:
        for member_id, cents in _member_parts(e).items():
            held[member_id] += cents  # reversal parts are negative from the member's side
    held = {m: c for m, c in held.items() if c > 0}
    # Lock the members' earnings accounts: a payout being recorded at the same moment sees this reversal.
    list(
        Account.objects.select_for_update()
        .filter(
            organization_id=original.organization_id,
            currency=original.currency,
            kind=AccountKind.MEMBER_EARNINGS,
            member_id__in=list(held),
        )
        .values_list("pk", flat=True)
    )
    parts = split_cents(this_cents, held) if held else {}
    entry = _create_entry(
        organization_id=original.organization_id,
        currency=original.currency,
        kind=EntryKind.REVERSAL,
        project_id=original.project_id,
        source_type=source_type,
        source_id=source_id,
        reverses=original,
        amount=from_cents(this_cents),
        snapshot={
            "version": SNAPSHOT_VERSION,
            "net_amount": str(net),
            "refunded_net_total": str(refunded_before + net),
            "rate_percent": str(rate),
            "pool": str(from_cents(this_cents)),
            "total_points": sum(held.values()),
            "shares": [{"member": m, "points": c} for m, c in sorted(held.items())],
        },
        memo=original.memo,
    )
    if entry is None:
        return JournalEntry.objects.get(
            kind=EntryKind.REVERSAL, source_type=source_type, source_id=source_id, reverses=original
        )
    _post(
        entry,
        _split_lines(organization=original.organization, currency=original.currency, parts=parts, sign=+1),
    )
    return entry


@transaction.atomic
def payout_record(
    *, organization, member, currency: str, amount: Decimal, recorded_by, reference: str = ""
) -> JournalEntry:
    """Record money an organization paid a member: their earnings account is debited, its payouts credited.

    Only the organization's owners (and site staff) record payouts. The amount must be positive, in cents,
    and at most what the organization owes the member in that currency. A non-empty ``reference`` (a bank
    transfer's) is unique in the organization, so a form sent twice is refused the second time.
    """
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    if not org_has_role(user=recorded_by, organization=organization, roles=[Role.OWNER]):
        raise NotAllowed(_("Only the owners of %(org)s can record payouts.") % {"org": organization.name})
    currency = _currency(currency)
    paid = _amount(amount, field="amount", allow_zero=False)
    reference = str(reference or "").strip()
    if len(reference) > 100:
        raise InvalidInput(_("A reference has at most 100 characters."), field="reference")
    if any(ord(c) < 32 for c in reference):
        raise InvalidInput(_("A reference cannot contain control characters."), field="reference")
    if member is None or member.pk is None:
        raise InvalidInput(_("Choose the member you paid."), field="member")
    account = (
        Account.objects.select_for_update()
        .filter(organization=organization, currency=currency, kind=AccountKind.MEMBER_EARNINGS, member=member)
        .first()
    )
    owed = Decimal("0.00")
    if account is not None:
        owed = -from_cents(int(account.postings.aggregate(s=cents_sum())["s"] or 0)) + Decimal("0.00")
    if paid > owed:
        raise InvalidInput(
            _(
                "%(org)s owes %(member)s %(owed)s %(currency)s: a payout of %(amount)s %(currency)s would "
                "exceed it."
            )
            % {
                "org": organization.name,
                "member": member,
                "owed": max(owed, 0),
                "amount": paid,
                "currency": currency,
            },
            field="amount",
        )
    if (
        reference
        and JournalEntry.objects.filter(
            organization=organization, kind=EntryKind.PAYOUT, reference=reference
        ).exists()
    ):
        raise Conflict(
            _("A payout with the reference “%(ref)s” is already recorded.") % {"ref": reference},
            field="reference",
        )
    entry = _create_entry(
        organization=organization,
        currency=currency,
        kind=EntryKind.PAYOUT,
        member=member,
        amount=paid,
        reference=reference,
        recorded_by=recorded_by,
        snapshot={"version": SNAPSHOT_VERSION, "owed_before": str(owed)},
    )
    if entry is None:
        raise Conflict(
            _("A payout with the reference “%(ref)s” is already recorded.") % {"ref": reference},
            field="reference",
        )
    cash = _accounts(organization=organization, currency=currency, kind=AccountKind.PAYOUTS)[None]
    _post(entry, [(account, paid), (cash, -paid)])
    from boucle.ledger.notify import payout_announce

    payout_announce(entry=entry, actor=recorded_by)
    return entry


def ledger_check() -> list[str]:
    """Every problem found in the royalty journal, as sentences; an empty list when all is well.

    - every entry's postings sum to zero, on accounts of the entry's organization and currency;
    - a credit's pool is round(net × rate) and its postings are split(pool, the snapshot's points);
    - a reversal's postings are split(its part, what members held), the reversals of a credit never refund
      more net than it credited nor take back more than any member received;
    - a payout debits one member's earnings and credits the organization's payouts by its amount.
    """
    problems: list[str] = []
    entries = JournalEntry.objects.prefetch_related("postings__account").order_by("id")
    credits: dict[int, dict] = {}  # credit entry id -> what its reversals are checked against
    for entry in entries.iterator(chunk_size=500):
        postings = list(entry.postings.all())
        label = f"Journal entry {entry.pk} ({entry.kind})"
        total = sum((p.amount for p in postings), Decimal(0))
        if total != 0:
            problems.append(f"{label} does not balance: its postings sum to {total}.")
        for p in postings:
            if p.account.organization_id != entry.organization_id or p.account.currency != entry.currency:
                problems.append(
                    f"{label} posts to account {p.account_id} of another organization or currency."
                )
        members: dict[int, int] = defaultdict(int)
        for p in postings:
            if p.account.kind == AccountKind.MEMBER_EARNINGS:
                members[p.account.member_id] += -to_cents(p.amount)
        members = dict(members)
        if entry.kind in (EntryKind.CREDIT, EntryKind.REVERSAL):
            snapshot = entry.snapshot or {}
            try:
                pool = Decimal(snapshot["pool"])
                net = Decimal(snapshot["net_amount"])
                weights = {int(s["member"]): int(s["points"]) for s in snapshot["shares"]}
                split = split_cents(to_cents(pool), weights)
            except (KeyError, TypeError, ValueError, ArithmeticError):
                problems.append(f"{label} has an unreadable snapshot.")
                continue
            if pool != entry.amount:
                problems.append(f"{label}: amount {entry.amount} differs from the snapshot's pool {pool}.")
            sign = 1 if entry.kind == EntryKind.CREDIT else -1
            expected = {m: sign * c for m, c in split.items() if c}
            if members != expected:
                problems.append(f"{label}: members' postings {members} differ from the split {expected}.")
            expense = sum(
                to_cents(p.amount) for p in postings if p.account.kind == AccountKind.ROYALTY_EXPENSE
            )
            if expense != sign * to_cents(pool):
                problems.append(f"{label}: the expense side is {from_cents(expense)}, not {sign * pool}.")
            if entry.kind == EntryKind.CREDIT:
                rate = Decimal(snapshot.get("rate_percent", "0"))
                if pool != pool_amount(net, rate):
                    problems.append(f"{label}: pool {pool} is not net × rate rounded to the cent.")
                credits[entry.pk] = {
                    "net": net,
                    "rate": rate,
                    "held": dict(members),
                    "refunded": Decimal(0),
                    "back": 0,
                }
                continue
            credit = credits.get(entry.reverses_id)
            if credit is None:
                problems.append(
                    f"{label} reverses entry {entry.reverses_id}, which is not an earlier credit."
                )
                continue
            for m, c in members.items():
                credit["held"][m] = credit["held"].get(m, 0) + c
                if credit["held"][m] < 0:
                    problems.append(f"{label} takes back more from member {m} than the credit gave them.")
            credit["refunded"] += net
            credit["back"] += to_cents(pool)
            if credit["refunded"] > credit["net"]:
                problems.append(f"{label}: refunds exceed the net credited by entry {entry.reverses_id}.")
            if credit["back"] != to_cents(pool_amount(credit["refunded"], credit["rate"])):
                problems.append(f"{label}: the reversals so far differ from the refunded net × rate.")
        elif entry.kind == EntryKind.PAYOUT:
            if members != {entry.member_id: -to_cents(entry.amount)}:
                problems.append(
                    f"{label} does not debit member {entry.member_id}'s earnings by {entry.amount}."
                )
            cash = sum(to_cents(p.amount) for p in postings if p.account.kind == AccountKind.PAYOUTS)
            if cash != -to_cents(entry.amount):
                problems.append(f"{label} does not credit the organization's payouts by {entry.amount}.")
    return problems
