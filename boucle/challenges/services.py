"""Writes for challenges and their phases. Only owners of the technology's organization (or staff) write."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.catalog.models import Technology
from boucle.challenges.models import PHASE_ORDER, Challenge, Phase, PhaseChange, PhaseKind
from boucle.core.errors import InvalidInput
from boucle.orgs.services import _UNSET, clean_text, require_owner, unique_slug
from boucle.projects.ladder import ladder_parse


def _label(kind: str) -> str:
    return str(PhaseKind(kind).label)


def phases_validate(phases) -> list[tuple[str, datetime, datetime]]:
    """Check phase dates and return them in phase order as (kind, starts_at, ends_at).

    ``phases`` maps a kind to (starts_at, ends_at); kinds left out have no dates. Each phase ends after it
    starts, and the phases given follow the order ideation → design → support → review → realization without
    overlapping (one may start the moment the previous one ends).
    """
    phases = dict(phases or {})
    unknown = set(phases) - set(PHASE_ORDER)
    if unknown:
        raise InvalidInput(
            _("Unknown phase: %(k)s.") % {"k": ", ".join(sorted(unknown))}, field="phases"
        )
    ordered, previous = [], None
    for kind in PHASE_ORDER:
        if kind not in phases:
            continue
        starts_at, ends_at = phases[kind]
        if starts_at is None or ends_at is None:
            raise InvalidInput(
                _("Give both the start and the end of the %(phase)s phase, or neither.") % {"phase": _label(kind)},
                field=f"{kind}_starts_at",
            )
        if timezone.is_naive(starts_at) or timezone.is_naive(ends_at):
            raise InvalidInput(_("Dates need a time zone."), field=f"{kind}_starts_at")
        if ends_at <= starts_at:
            raise InvalidInput(
                _("The %(phase)s phase must end after it starts.") % {"phase": _label(kind)},
                field=f"{kind}_ends_at",
            )
        if previous is not None and starts_at < previous[2]:
            raise InvalidInput(
                _("The %(phase)s phase must start after the %(prev)s phase ends (phases follow each other "
                  "without overlapping).") % {"phase": _label(kind), "prev": _label(previous[0])},
                field=f"{kind}_starts_at",
            )
        previous = (kind, starts_at, ends_at)
        ordered.append(previous)
    return ordered


def _ladder_from_text(text):
    text = (text or "").strip()
    return ladder_parse(text) if text else None


def _write_phases(challenge, ordered):
    challenge.phases.all().delete()
    Phase.objects.bulk_create(
        [Phase(challenge=challenge, kind=kind, starts_at=s, ends_at=e) for kind, s, e in ordered]
    )


@transaction.atomic
def challenge_create(
    *,
    actor,
    technology: Technology,
    title: str,
    brief: str,
    phases: dict | None = None,
    support_ladder_text: str = "",
    is_published: bool = True,
) -> Challenge:
    """An owner opens a challenge on one of the organization's technologies, with its dated phases."""
    require_owner(actor=actor, organization=technology.organization)
    title = clean_text(title, field="title", label=_("Title"), max_length=160, required=True)
    if not slugify(title):
        raise InvalidInput(_("The title needs at least one letter or digit."), field="title")
    brief = clean_text(brief, field="brief", label=_("Brief"), max_length=50000, required=True)
    ordered = phases_validate(phases)
    challenge = Challenge.objects.create(
        technology=technology,
        title=title,
        slug=unique_slug(Challenge, title, max_length=160),
        brief=brief,
        support_ladder=_ladder_from_text(support_ladder_text),
        is_published=bool(is_published),
        created_by=actor,
    )
    _write_phases(challenge, ordered)
    return challenge


@transaction.atomic
def challenge_update(
    *,
    actor,
    challenge: Challenge,
    title=_UNSET,
    brief=_UNSET,
    phases=_UNSET,
    support_ladder_text=_UNSET,
    is_published=_UNSET,
) -> Challenge:
    """Change what the owners give; ``phases`` replaces every phase date. A bad value changes nothing."""
    require_owner(actor=actor, organization=challenge.technology.organization)
    changes = {}
    if title is not _UNSET:
        changes["title"] = clean_text(title, field="title", label=_("Title"), max_length=160, required=True)
    if brief is not _UNSET:
        changes["brief"] = clean_text(brief, field="brief", label=_("Brief"), max_length=50000, required=True)
    if support_ladder_text is not _UNSET:
        changes["support_ladder"] = _ladder_from_text(support_ladder_text)
    if is_published is not _UNSET:
        changes["is_published"] = bool(is_published)
    ordered = phases_validate(phases) if phases is not _UNSET else None
    for field, value in changes.items():
        setattr(challenge, field, value)
    challenge.save()
    if ordered is not None:
        _write_phases(challenge, ordered)
    return challenge


@transaction.atomic
def challenge_phase_record(*, challenge: Challenge, now=None) -> PhaseChange | None:
    """Note the phase running now; when it differs from the last one seen, append a PhaseChange row."""
    # Lock the row: two workers running the job at once must record one change, not two.
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    current = challenge.current_phase(now=now)
    kind = current.kind if current else ""
    if kind == challenge.last_phase_seen:
        return None
    change = PhaseChange.objects.create(
        challenge=challenge, from_kind=challenge.last_phase_seen, to_kind=kind, seen_at=now or timezone.now()
    )
    challenge.last_phase_seen = kind
    challenge.save(update_fields=["last_phase_seen"])
    return change
