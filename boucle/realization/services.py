"""Writes of the realization app: seller settings, commercial grants, adoption, production runs and offers.

Every service checks its actor's rights itself and raises ``boucle.core.errors`` exceptions with a message for the
person; nothing is written when it raises.

- An organization's **producers and owners** (``orgs.Role.PRODUCER`` / ``OWNER``; site staff too) adopt, open
  production runs and publish offers for it; its **owners** set its seller settings.
- A member grants (and revokes) commercial use of their work to an organization: only their own grants.
- Adoption freezes a main-line revision of a design of an accepted project (``ADOPTABLE``) with its attribution
  chain, if the licences allow (``licensing``). When the adopter may (a producer of the project's own
  organization), the project moves from accepted to in production.
- An offer's stock is for sale now; orders draw it down with conditional UPDATEs (the orders app), the seller
  adds or removes units with ``offer_stock_adjust`` (an F() update that never goes below zero).
"""

import dataclasses
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.orgs.models import Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.enums import ProjectStatus
from boucle.realization import kit as kits
from boucle.realization import licensing
from boucle.realization.currencies import CURRENCIES
from boucle.realization.models import (
    CommercialGrant,
    Offer,
    OfferKind,
    OfferStatus,
    ProductionRun,
    Realization,
    RealizationStatus,
    RunStatus,
    SellerSettings,
)
from boucle.realization.selectors import seller_settings
from boucle.studio.enums import RevisionState

ADOPTABLE = (ProjectStatus.ACCEPTED, ProjectStatus.IN_PRODUCTION, ProjectStatus.AVAILABLE)
MAX_TITLE = 140
MAX_NOTE = 500
MAX_DESCRIPTION = 10_000
MAX_PRICE = Decimal("9999999999.99")  # 12 digits, 2 after the point
MAX_STOCK = 1_000_000
MAX_RUN = 1_000_000
MAX_LEAD_DAYS = 365
MAX_REGIONS = 50
REGION_RE = re.compile(r"^[A-Za-z][A-Za-z0-9 \-]{0,39}$")

RUN_TRANSITIONS = {
    RunStatus.PLANNED: {RunStatus.IN_PRODUCTION, RunStatus.CANCELLED},
    RunStatus.IN_PRODUCTION: {RunStatus.DONE, RunStatus.CANCELLED},
    RunStatus.DONE: set(),
    RunStatus.CANCELLED: set(),
}


# ---------------------------------------------------------------------------------------------- helpers


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Please log in first."))


def can_produce(*, user, organization) -> bool:
    """A producer or owner of the organization (or site staff)."""
    return org_has_role(user=user, organization=organization, roles=[Role.PRODUCER, Role.OWNER])


def _check_producer(actor, organization):
    _require_member(actor)
    if organization is None:
        raise InvalidInput(_("Choose the organization that produces it."), field="organization")
    if not can_produce(user=actor, organization=organization):
        raise NotAllowed(
            _("Only the producers and owners of %(organization)s can do this.")
            % {"organization": organization.name}
        )


def _clean_text(
    value, *, field: str, label: str, max_length: int, required: bool = True, multiline=False
) -> str:
    value = str(value or "").replace("\x00", "")
    value = value.strip() if multiline else " ".join(value.split())
    if required and not value:
        raise InvalidInput(_("Please fill in the %(label)s.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("The %(label)s is too long (%(n)d characters at most).") % {"label": label, "n": max_length},
            field=field,
        )
    return value


def _int(value, *, field: str, label: str, minimum: int, maximum: int) -> int:
    try:
        if isinstance(value, bool):
            raise ValueError
        if isinstance(value, str):
            value = value.strip()
        number = Decimal(str(value))
        if not number.is_finite() or number != number.to_integral_value():
            raise ValueError
        if abs(number) > 10**15:  # out of range anyway; int() of 1E+999999 would take a while
            number = Decimal(maximum + 1) if number > 0 else Decimal(minimum - 1)
        number = int(number)
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(
            _("The %(label)s must be a whole number.") % {"label": label}, field=field
        ) from None
    if number < minimum or number > maximum:
        raise InvalidInput(
            _("The %(label)s must be between %(min)s and %(max)s.")
            % {"label": label, "min": minimum, "max": maximum},
            field=field,
        )
    return number


def parse_price(value, *, field: str = "price") -> Decimal:
    """A price > 0 with at most two decimals (``"12.5"``, ``"12,50"``, ``Decimal``), or InvalidInput.

    >>> parse_price("12,5")
    Decimal('12.50')
    """
    try:
        if isinstance(value, bool | float):
            value = str(value)
        text = str(value).strip().replace(",", ".").replace("\u00a0", "").replace(" ", "")
        price = Decimal(text)
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(_("The price must be a number, like 12.50."), field=field) from None
    if not price.is_finite():
        raise InvalidInput(_("The price must be a number, like 12.50."), field=field)
    if price <= 0:
        raise InvalidInput(_("The price must be more than zero."), field=field)
    if price > MAX_PRICE:
        raise InvalidInput(_("The price is too high."), field=field)
    if price != price.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP):
        raise InvalidInput(_("The price has at most two decimals (cents)."), field=field)
    return price.quantize(Decimal("0.01"))


def parse_regions(value) -> list[str]:
    """Shipping regions from ``"FR, BE, EU"`` or a list: trimmed, de-duplicated, upper-cased codes or names.

    >>> parse_regions("fr, Be ,fr")
    ['FR', 'BE']
    """
    if value is None:
        return []
    items = value.replace(";", ",").replace("\n", ",").split(",") if isinstance(value, str) else value
    if not isinstance(items, list | tuple):
        raise InvalidInput(_("Shipping regions are a list of names or codes."), field="shipping_regions")
    out: list[str] = []
    for item in items:
        text = " ".join(str(item).replace("\x00", "").split()).upper()
        if not text:
            continue
        if not REGION_RE.match(text):
            raise InvalidInput(
                _("“%(region)s” is not a region: use letters, digits, spaces or hyphens (40 at most).")
                % {"region": text[:40]},
                field="shipping_regions",
            )
        if text not in out:
            out.append(text)
    if len(out) > MAX_REGIONS:
        raise InvalidInput(
            _("%(n)d shipping regions at most.") % {"n": MAX_REGIONS}, field="shipping_regions"
        )
    return out


def _record(verb, *, actor, realization: Realization, subject, data: dict | None = None) -> None:
    from boucle.activity.services import event_record

    payload = {
        "realization": {
            "id": realization.pk,
            "design": realization.design.title,
            "revision": realization.revision.number,
        },
        "producer": {"name": realization.organization.name, "slug": realization.organization.slug},
    }
    payload.update(data or {})
    event_record(verb=verb, actor=actor, subject=subject, project=realization.project, data=payload)


# ---------------------------------------------------------------------------------------------- seller settings


@transaction.atomic
def seller_settings_update(*, actor, organization, currency: str, royalty_percent) -> SellerSettings:
    """An owner of the organization sets its currency (ISO 4217) and royalty percent (0–100, two decimals).

    The currency cannot change while the organization has active offers: each organization sells in one
    currency, and an offer keeps the currency it was published in.
    """
    _require_member(actor)
    if not org_has_role(user=actor, organization=organization, roles=[Role.OWNER]):
        raise NotAllowed(
            _("Only the owners of %(organization)s can change how it sells.")
            % {"organization": organization.name}
        )
    code = str(currency or "").strip().upper()
    if code not in CURRENCIES:
        raise InvalidInput(
            _("“%(code)s” is not a currency code (ISO 4217, like EUR or USD).") % {"code": code[:10]},
            field="currency",
        )
    try:
        percent = Decimal(str(royalty_percent).strip().replace(",", "."))
        if not percent.is_finite():
            raise InvalidOperation
    except (InvalidOperation, ValueError, TypeError):
        raise InvalidInput(
            _("The royalty percent must be a number, like 10 or 12.5."), field="royalty_percent"
        ) from None
    if percent < 0 or percent > 100:
        raise InvalidInput(_("The royalty percent is between 0 and 100."), field="royalty_percent")
    if percent != percent.quantize(Decimal("0.01")):
        raise InvalidInput(_("The royalty percent has at most two decimals."), field="royalty_percent")
    current = SellerSettings.objects.select_for_update().filter(organization=organization).first()
    old_currency = current.currency if current else seller_settings(organization).currency
    if code != old_currency:
        active = Offer.objects.filter(
            realization__organization=organization, status=OfferStatus.ACTIVE
        ).exclude(currency=code)
        if active.exists():
            raise Conflict(
                _(
                    "%(organization)s has %(n)d active offers in %(currency)s: withdraw them before selling in "
                    "another currency."
                )
                % {"organization": organization.name, "n": active.count(), "currency": old_currency},
                field="currency",
            )
    if current is None:
        current = SellerSettings(organization=organization)
    current.currency = code
    current.royalty_percent = percent.quantize(Decimal("0.01"))
    current.save()
    return current


# ---------------------------------------------------------------------------------------------- grants


@transaction.atomic
def grant_create(*, actor, organization, project=None, note: str = "") -> CommercialGrant:
    """``actor`` allows ``organization`` to sell non-commercially licensed work of theirs: every project of
    theirs (``project`` None) or one project whose team they are in. A second active grant with the same scope
    is a ``Conflict``."""
    _require_member(actor)
    if organization is None:
        raise InvalidInput(_("Choose the organization you grant commercial use to."), field="organization")
    note = _clean_text(note, field="note", label=_("note"), max_length=MAX_NOTE, required=False)
    if project is not None:
        from boucle.projects.services import is_team_member

        if not is_team_member(project=project, user=actor):
            raise NotAllowed(_("You can grant commercial use only of projects whose team you are in."))
    existing = CommercialGrant.objects.filter(
        grantor=actor, organization=organization, project=project, revoked_at__isnull=True
    )
    if existing.exists():
        raise Conflict(_("You already grant this to %(organization)s.") % {"organization": organization.name})
    return CommercialGrant.objects.create(
        grantor=actor, organization=organization, project=project, note=note
    )


@transaction.atomic
def grant_revoke(*, actor, grant) -> CommercialGrant:
    """The grantor (or site staff) revokes a grant. Realizations made under it keep their record; the
    organization can no longer publish or restock offers that need it."""
    _require_member(actor)
    locked = CommercialGrant.objects.select_for_update().filter(pk=grant.pk).first()
    if locked is None:
        raise NotFound(_("No such grant."))
    if locked.grantor_id != actor.pk and not actor.is_staff:
        raise NotAllowed(_("Only the member who gave a grant can revoke it."))
    if locked.revoked_at is not None:
        raise Conflict(_("This grant is already revoked."))
    locked.revoked_at = timezone.now()
    locked.save(update_fields=["revoked_at"])
    return locked


# ---------------------------------------------------------------------------------------------- adoption


def _resolve_revision(project, revision):
    """A main-line revision of one of ``project``'s designs, from a Revision or its id."""
    from boucle.studio.models import Revision

    if revision is None or revision == "":
        raise InvalidInput(_("Choose the design revision to produce."), field="revision")
    if not isinstance(revision, Revision):
        try:
            revision_id = int(revision)
        except (TypeError, ValueError):
            raise InvalidInput(_("Unknown design revision."), field="revision") from None
        revision = Revision.objects.filter(pk=revision_id).first()
        if revision is None:
            raise InvalidInput(_("Unknown design revision."), field="revision")
    revision = Revision.objects.select_related(
        "design__project__technology__organization", "design__technology"
    ).get(pk=revision.pk)
    if revision.design.project_id != project.pk:
        raise InvalidInput(_("This revision belongs to a design of another project."), field="revision")
    if revision.state != RevisionState.MAIN or revision.number is None:
        raise InvalidInput(
            _("Only a revision of a design's main line can be produced, not a suggestion."), field="revision"
        )
    return revision


def adoption_check(*, actor, organization, project, revision):
    """Everything ``realization_adopt`` checks, without writing: (revision, chain) or a domain error."""
    from boucle.projects.selectors import project_visible_to

    _check_producer(actor, organization)
    if project is None or not project_visible_to(project=project, user=actor):
        raise NotFound(_("No such project."))
    if project.status not in ADOPTABLE:
        raise Conflict(
            _("Only an accepted project can be produced; “%(project)s” is %(status)s.")
            % {"project": project.title, "status": project.status_label},
            field="project",
        )
    revision = _resolve_revision(project, revision)
    chain = licensing.chain_build(design=revision.design, revision=revision)
    refusal = licensing.adoption_refusal(chain=chain, revision=revision, organization=organization)
    if refusal:
        raise NotAllowed(refusal, field="revision")
    return revision, chain


@transaction.atomic
def realization_adopt(*, actor, organization, project, revision, note: str = "") -> Realization:
    """A producer of ``organization`` adopts an accepted ``project`` and freezes ``revision`` (a main-line
    revision of one of its designs, or its id) for production, if the licences of its attribution chain allow
    (``licensing.adoption_refusal``). The chain is frozen on the realization. One active realization per
    organization and revision. Records REALIZATION_ADOPTED (the team and the project's followers hear of it).

    >>> realization_adopt(actor=paula, organization=brickworks, project=castle, revision=castle_gate.head)
    <Realization: A castle · Brickworks>
    """
    note = _clean_text(
        note, field="note", label=_("note"), max_length=MAX_DESCRIPTION, required=False, multiline=True
    )
    revision, chain = adoption_check(
        actor=actor, organization=organization, project=project, revision=revision
    )
    from boucle.projects.models import Project

    # Serializes adoptions of one project (and its status move below).
    project = (
        Project.objects.select_for_update(of=("self",))
        .select_related("technology__organization")
        .get(pk=project.pk)
    )
    if project.status not in ADOPTABLE:
        raise Conflict(_("Only an accepted project can be produced."), field="project")
    if Realization.objects.filter(
        organization=organization, revision=revision, status=RealizationStatus.ACTIVE
    ).exists():
        raise Conflict(
            _("%(organization)s already produces revision %(n)d of “%(design)s”.")
            % {"organization": organization.name, "n": revision.number, "design": revision.design.title},
            field="revision",
        )
    realization = Realization.objects.create(
        project=project,
        design=revision.design,
        revision=revision,
        organization=organization,
        adopted_by=actor,
        note=note,
        attribution=licensing.chain_freeze(chain, organization=organization),
        needs_grants=chain.needs_grants,
    )
    from boucle.activity.models import Verb

    _record(Verb.REALIZATION_ADOPTED, actor=actor, realization=realization, subject=realization)
    _advance_project(
        project,
        ProjectStatus.IN_PRODUCTION,
        actor,
        _("%(organization)s adopted “%(design)s”, revision %(n)d, for production.")
        % {"organization": organization.name, "design": revision.design.title, "n": revision.number},
    )
    return realization


def _advance_project(project, to_status, actor, reason: str) -> None:
    """Move the project along its lifecycle when the actor may (a producer of the project's organization)."""
    from boucle.projects.lifecycle import can_transition, project_transition

    if can_transition(project=project, to_status=to_status, actor=actor):
        project_transition(project=project, to_status=to_status, actor=actor, reason=reason)


def _check_realization(actor, realization) -> Realization:
    """The producer check, then the realization's row locked and still active (a caller may hold a stale copy)."""
    _check_producer(actor, realization.organization)
    status = (
        Realization.objects.select_for_update()
        .filter(pk=realization.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != RealizationStatus.ACTIVE:
        raise Conflict(_("This realization is closed."))
    return realization


@transaction.atomic
def realization_close(*, actor, realization) -> Realization:
    """A producer closes a realization: its active offers are withdrawn, nothing new can be opened."""
    _check_producer(actor, realization.organization)
    locked = Realization.objects.select_for_update().get(pk=realization.pk)
    if locked.status == RealizationStatus.CLOSED:
        raise Conflict(_("This realization is already closed."))
    locked.status = RealizationStatus.CLOSED
    locked.save(update_fields=["status"])
    offer_ids = list(
        Offer.objects.filter(realization=locked, status=OfferStatus.ACTIVE).values_list("pk", flat=True)
    )
    Offer.objects.filter(pk__in=offer_ids).update(status=OfferStatus.WITHDRAWN, updated_at=timezone.now())
    from boucle.search.services import search_index

    for offer in Offer.objects.filter(pk__in=offer_ids).select_related("realization__project"):
        search_index(offer)  # update() sent no signal: withdrawn offers leave the index
    return locked


# ---------------------------------------------------------------------------------------------- runs


def _shortage_message(short: list[dict], units: int) -> str:
    from boucle.studio.templatetags.studio_pages import quantity as quantity_text

    parts = [
        _("%(item)s (%(part)s): %(need)s needed, %(stock)s available")
        % {
            "item": row["line"].label,
            "part": row["line"].part,
            "need": quantity_text(row["need"]),
            "stock": quantity_text(row["stock"]) if row["stock"] is not None else "0",
        }
        if row["line"].in_kit
        else _("%(item)s (%(part)s): not in the kit") % {"item": row["line"].label, "part": row["line"].part}
        for row in short
    ]
    return _("The kit's stock is short for %(units)d units: %(parts)s.") % {
        "units": units,
        "parts": "; ".join(parts),
    }


OPEN_RUNS = (RunStatus.PLANNED, RunStatus.IN_PRODUCTION)


def _committed_parts(technology, kit=None) -> dict[str, Decimal]:
    """Kit line key → quantity that runs on ``technology``'s kit take from the stock ``kit`` counts: what
    planned and in-production runs count on, and what runs done since that kit was saved used up (a done run's
    parts are gone; the next kit the organization saves counts its stock again)."""
    from django.db.models import Q

    committed: dict[str, Decimal] = {}
    taken = Q(status__in=OPEN_RUNS)
    if kit is not None:
        taken |= Q(status=RunStatus.DONE, done_at__gt=kit.created_at)
    runs = ProductionRun.objects.filter(taken, realization__design__technology=technology)
    for parts in runs.values_list("parts", flat=True):
        for part in parts or []:
            try:
                committed[part["key"]] = committed.get(part["key"], Decimal(0)) + Decimal(
                    str(part["quantity"])
                )
            except (KeyError, TypeError, InvalidOperation):
                continue
    return committed


def kit_view_for_runs(realization, *, technology=None):
    """The realization's kit (``kit.kit_view``) with each line's stock less what the technology's runs take
    from it (``_committed_parts``): what a new production run can still count on."""
    view = kits.kit_view(realization)
    committed = _committed_parts(technology or realization.design.technology, view.kit)
    if committed:
        view.lines = [
            dataclasses.replace(line, stock=max(line.stock - committed.get(line.key, Decimal(0)), Decimal(0)))
            if line.stock is not None
            else line
            for line in view.lines
        ]
    return view


@transaction.atomic
def run_open(*, actor, realization, quantity, note: str = "") -> ProductionRun:
    """A producer opens a production run of ``quantity`` units. The kit's parts stock must hold the frozen
    revision's bill of materials × ``quantity``, less what the technology's other runs take from it (those
    planned or in production, of any realization on the same kit, and those done since the kit was saved):
    otherwise an ``InvalidInput`` lists every short part and nothing is stored. Runs on one technology open one
    at a time (its row is locked)."""
    from boucle.catalog.models import Technology

    _check_realization(actor, realization)
    units = _int(quantity, field="quantity", label=_("quantity"), minimum=1, maximum=MAX_RUN)
    note = _clean_text(note, field="note", label=_("note"), max_length=MAX_NOTE, required=False)
    technology = Technology.objects.select_for_update().get(pk=realization.design.technology_id)
    view = kit_view_for_runs(realization, technology=technology)
    short = kits.shortages(view, units)
    if short:
        raise InvalidInput(_shortage_message(short, units), field="quantity")
    parts = [
        {
            "key": line.key,
            "part": line.part,
            "name": line.label,
            "unit": line.unit,
            "quantity": str(line.need(units)),
        }
        for line in view.lines
    ]
    return ProductionRun.objects.create(
        realization=realization, quantity=units, note=note, parts=parts, created_by=actor
    )


@transaction.atomic
def run_set_status(*, actor, run, status: str) -> ProductionRun:
    """planned → in production → done; planned or in production → cancelled."""
    _check_producer(actor, run.realization.organization)
    locked = ProductionRun.objects.select_for_update().get(pk=run.pk)
    if status not in RunStatus.values:
        raise InvalidInput(
            _("Unknown run status “%(status)s”.") % {"status": str(status)[:40]}, field="status"
        )
    if status not in RUN_TRANSITIONS[RunStatus(locked.status)]:
        raise Conflict(
            _("A run that is %(from)s cannot become %(to)s.")
            % {"from": RunStatus(locked.status).label, "to": RunStatus(status).label},
            field="status",
        )
    locked.status = status
    fields = ["status", "updated_at"]
    if status == RunStatus.DONE:
        locked.done_at = timezone.now()
        fields.append("done_at")
    locked.save(update_fields=fields)
    return locked


# ---------------------------------------------------------------------------------------------- offers


def _check_sellable(realization) -> None:
    refusal = licensing.sale_refusal(realization)
    if refusal:
        raise NotAllowed(refusal)


@transaction.atomic
def offer_create(
    *,
    actor,
    realization,
    title: str,
    price,
    stock=0,
    kind: str = OfferKind.PRODUCT,
    lead_time_days=0,
    shipping_regions=None,
    description: str = "",
) -> Offer:
    """A producer publishes an offer of the realization (the product, or its kit) at ``price`` in the
    organization's currency, with ``stock`` units for sale now. Records OFFER_PUBLISHED; the first offer of a
    project in production makes it available (when the actor may move it)."""
    _check_realization(actor, realization)
    title = _clean_text(title, field="title", label=_("title"), max_length=MAX_TITLE)
    if kind not in OfferKind.values:
        raise InvalidInput(_("An offer sells the product or its kit."), field="kind")
    price = parse_price(price)
    stock = _int(stock, field="stock", label=_("stock"), minimum=0, maximum=MAX_STOCK)
    lead = _int(
        lead_time_days, field="lead_time_days", label=_("lead time"), minimum=0, maximum=MAX_LEAD_DAYS
    )
    regions = parse_regions(shipping_regions)
    description = _clean_text(
        description,
        field="description",
        label=_("description"),
        max_length=MAX_DESCRIPTION,
        required=False,
        multiline=True,
    )
    _check_sellable(realization)
    offer = Offer.objects.create(
        realization=realization,
        title=title,
        kind=kind,
        price=price,
        currency=seller_settings(realization.organization).currency,
        stock=stock,
        lead_time_days=lead,
        shipping_regions=regions,
        description=description,
        created_by=actor,
    )
    from boucle.activity.models import Verb

    _record(
        Verb.OFFER_PUBLISHED,
        actor=actor,
        realization=realization,
        subject=offer,
        data={
            "offer": {
                "id": offer.pk,
                "title": offer.title,
                "price": str(offer.price),
                "currency": offer.currency,
            }
        },
    )
    project = realization.project
    project.refresh_from_db(fields=["status"])
    if project.status == ProjectStatus.IN_PRODUCTION:
        _advance_project(
            project,
            ProjectStatus.AVAILABLE,
            actor,
            _("%(organization)s offers “%(offer)s”.")
            % {"organization": realization.organization.name, "offer": offer.title},
        )
    return offer


def _lock_offer(actor, offer) -> Offer:
    _check_producer(actor, offer.realization.organization)
    return Offer.objects.select_for_update().select_related("realization__organization").get(pk=offer.pk)


@transaction.atomic
def offer_update(
    *, actor, offer, title: str, price, lead_time_days=0, shipping_regions=None, description: str = ""
) -> Offer:
    """A producer changes an active offer's title, price, lead time, regions or description (not its stock:
    ``offer_stock_adjust``; not its currency)."""
    locked = _lock_offer(actor, offer)
    if locked.status != OfferStatus.ACTIVE:
        raise Conflict(_("This offer is withdrawn."))
    locked.title = _clean_text(title, field="title", label=_("title"), max_length=MAX_TITLE)
    locked.price = parse_price(price)
    locked.lead_time_days = _int(
        lead_time_days, field="lead_time_days", label=_("lead time"), minimum=0, maximum=MAX_LEAD_DAYS
    )
    locked.shipping_regions = parse_regions(shipping_regions)
    locked.description = _clean_text(
        description,
        field="description",
        label=_("description"),
        max_length=MAX_DESCRIPTION,
        required=False,
        multiline=True,
    )
    locked.save(
        update_fields=["title", "price", "lead_time_days", "shipping_regions", "description", "updated_at"]
    )
    return locked


@transaction.atomic
def offer_stock_adjust(*, actor, offer, delta) -> Offer:
    """A producer adds (``delta`` > 0) or removes units of stock. Removal never goes below zero (a conditional
    UPDATE, safe beside concurrent orders); adding needs the licence to still allow selling."""
    _check_producer(actor, offer.realization.organization)
    change = _int(delta, field="delta", label=_("change of stock"), minimum=-MAX_STOCK, maximum=MAX_STOCK)
    if change == 0:
        raise InvalidInput(
            _("Enter how many units to add (or, with a minus sign, to remove)."), field="delta"
        )
    if offer.status != OfferStatus.ACTIVE:
        raise Conflict(_("This offer is withdrawn."))
    if change > 0:
        _check_sellable(offer.realization)
        done = Offer.objects.filter(
            pk=offer.pk, status=OfferStatus.ACTIVE, stock__lte=MAX_STOCK - change
        ).update(stock=F("stock") + change, updated_at=timezone.now())
        if not done:
            raise InvalidInput(
                _("The stock would be too high (%(max)d at most).") % {"max": MAX_STOCK}, field="delta"
            )
    else:
        done = Offer.objects.filter(pk=offer.pk, status=OfferStatus.ACTIVE, stock__gte=-change).update(
            stock=F("stock") + change, updated_at=timezone.now()
        )
        if not done:
            offer.refresh_from_db(fields=["stock"])
            raise Conflict(
                _("Only %(n)d units are in stock: you cannot remove %(m)d.")
                % {"n": offer.stock, "m": -change},
                field="delta",
            )
    offer.refresh_from_db()
    return offer


@transaction.atomic
def offer_withdraw(*, actor, offer) -> Offer:
    """A producer withdraws an offer: nobody can order it any more (orders already placed are the orders app's)."""
    locked = _lock_offer(actor, offer)
    if locked.status == OfferStatus.WITHDRAWN:
        raise Conflict(_("This offer is already withdrawn."))
    locked.status = OfferStatus.WITHDRAWN
    locked.save(update_fields=["status", "updated_at"])
    return locked
