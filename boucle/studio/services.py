"""Writes of the studio: kits, designs, revisions, forks, suggestions, imports and anchored comments.

Every service checks its actor's rights itself and raises ``boucle.core.errors`` exceptions with a message for
the person; nothing is written when it raises. The studio names no design kind: it asks the design's kind
(``registry.get_kind(design.kind)``) to read, check and price a content (``evaluation``).

Saving is optimistic: the editor says which revision its changes start from (``parent``); when the design's
head moved meanwhile, the save is a ``Conflict``, never a silent overwrite. The kind's evaluation of a content
(which may take a while for a large design) runs before the transaction, so the design's row is locked only
for the few writes that follow; the head is checked again under the lock, so of two saves started from the
same revision exactly one wins, on SQLite (transactions begin IMMEDIATE) as on PostgreSQL (SELECT … FOR
UPDATE).

Ledger: every accepted revision (a main-line revision) counts as a contribution of its author —
``DESIGN_REVISION`` when the team saves it, ``SUGGESTION_MERGED`` (credited to the member who suggested it) when
a suggestion is merged. The first revision of a fork copies someone else's work: it records no contribution,
and the attribution chain names the authors it comes from.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record
from boucle.projects.enums import ProjectStatus
from boucle.studio import evaluation as ev
from boucle.studio.enums import RevisionState, SuggestionState
from boucle.studio.kinds.base import DesignKind, ImportRefused
from boucle.studio.licences import fork_refusal
from boucle.studio.models import CommentAnchor, Design, DesignKit, DesignMetric, Revision, Suggestion
from boucle.studio.registry import find_kind

MAX_TITLE = 140
MAX_MESSAGE = 500
MAX_REASON = 2000
# Metric values the gallery can sort on (DesignMetric.value: 30 digits, 6 after the point).
MAX_METRIC = 10**23


# ---------------------------------------------------------------------------------------------- helpers


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Please log in first."))


def is_team(*, project, user) -> bool:
    from boucle.projects.services import is_team_member

    return is_team_member(project=project, user=user)


def _check_team(actor, project, message: str) -> None:
    if not is_team(project=project, user=actor):
        raise NotAllowed(message)


def _check_editable(project) -> None:
    if project.status == ProjectStatus.ARCHIVED:
        raise Conflict(_("This project is archived: its designs can no longer change."))


def _check_visible(design_or_project, user) -> None:
    from boucle.projects.selectors import project_visible_to

    project = getattr(design_or_project, "project", design_or_project)
    if not project_visible_to(project=project, user=user):
        raise NotFound(_("No such design."))


def _check_not_banned(actor, project) -> None:
    from boucle.moderation.selectors import member_is_banned

    if member_is_banned(user=actor, organization=project.technology.organization):
        raise NotAllowed(_("You are banned from this organization's projects."))


def _clean_text(
    value, *, field: str, label: str, max_length: int, required: bool = True, multiline: bool = False
) -> str:
    """Trimmed text (whitespace folded unless ``multiline``), or InvalidInput when missing or too long."""
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


def kit_current(technology) -> DesignKit | None:
    """The technology's current kit (its latest kit revision), or None."""
    return DesignKit.objects.filter(technology=technology).order_by("-number").first()


def _kind_of(design_or_kit) -> DesignKind:
    kind = find_kind(design_or_kit.kind)
    if kind is None:
        raise Conflict(
            _("The design kind “%(kind)s” is not installed on this site: its designs are read-only.")
            % {"kind": design_or_kit.kind}
        )
    return kind


def _kit_for(technology, *, kind_name: str | None = None) -> tuple[DesignKit, DesignKind]:
    kit = kit_current(technology)
    if kit is None:
        raise Conflict(
            _("The technology “%(technology)s” has no design kit yet: its organization sets one up first.")
            % {"technology": technology.name}
        )
    if kind_name is not None and kit.kind != kind_name:
        raise InvalidInput(
            _("Designs on “%(technology)s” are of another kind (%(kind)s).")
            % {"technology": technology.name, "kind": kit.kind},
            field="project",
        )
    return kit, _kind_of(kit)


def _lock_project(project):
    from boucle.projects.models import Project

    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("technology__organization")
        .get(pk=project.pk)
    )


def _lock_design(design) -> Design:
    """The design row, locked until the end of the surrounding transaction, with its project and head.

    The head is read by a second query, after the lock is granted: on PostgreSQL a row joined to the locked one
    is read from the snapshot taken before waiting, so a head saved meanwhile would be missed."""
    locked = (
        Design.objects.select_for_update(of=("self",))
        .select_related("project__technology__organization", "technology")
        .get(pk=design.pk)
    )
    locked.head = Revision.objects.select_related("author").get(pk=locked.head_id) if locked.head_id else None
    return locked


def _next_design_number(project) -> int:
    last = Design.objects.filter(project=project).order_by("-number").values_list("number", flat=True).first()
    return (last or 0) + 1


def _resolve_parent(design: Design, parent) -> Revision:
    """A main-line revision of ``design`` from a Revision, a revision number or None."""
    if parent is None or parent == "":
        raise InvalidInput(_("Say which revision your changes start from."), field="parent")
    if isinstance(parent, Revision):
        if parent.design_id != design.pk or parent.state != RevisionState.MAIN:
            raise InvalidInput(_("This revision is not on this design's main line."), field="parent")
        return parent
    try:
        number = int(parent)
    except (TypeError, ValueError):
        raise InvalidInput(_("The parent is a revision number."), field="parent") from None
    found = Revision.objects.filter(design=design, number=number, state=RevisionState.MAIN).first()
    if found is None:
        raise InvalidInput(_("This design has no revision %(n)s.") % {"n": str(number)[:20]}, field="parent")
    return found


@dataclass
class _Prepared:
    """A content cleaned by the kind's schema and evaluated against a kit: ready to store."""

    content: dict
    content_hash: str
    kit: DesignKit
    evaluation: ev.Evaluation


def _prepare(kind: DesignKind, kit: DesignKit, content) -> _Prepared:
    clean = ev.content_clean(kind, content)
    return _Prepared(
        content=clean,
        content_hash=ev.content_hash(clean),
        kit=kit,
        # a revision keeps what holds for the design, not the editor's live hints
        evaluation=ev.evaluate(kind, clean, kit.content, live=False),
    )


def _revision_create(*, design, prepared: _Prepared, author, parent, message, state, number) -> Revision:
    evaluation = prepared.evaluation
    return Revision.objects.create(
        design=design,
        number=number,
        state=state,
        parent=parent,
        author=author,
        message=message,
        content=prepared.content,
        content_hash=prepared.content_hash,
        kit=prepared.kit,
        valid=evaluation.valid,
        problems=evaluation.problems,
        bom=evaluation.bom,
        metrics=evaluation.metrics,
        totals=evaluation.totals,
    )


def _metric_rows(design: Design, metrics: list[dict]) -> list[DesignMetric]:
    from decimal import Decimal, InvalidOperation

    rows, seen = [], set()
    for metric in metrics:
        key, value = metric.get("key", ""), metric.get("value")
        if not metric.get("sortable", True) or value is None or key in seen or not key or len(key) > 40:
            continue
        try:
            number = Decimal(str(value)).quantize(Decimal("0.000001"))
        except (InvalidOperation, ValueError):
            continue
        if not number.is_finite() or abs(number) >= MAX_METRIC:
            continue
        seen.add(key)
        rows.append(DesignMetric(design=design, key=key, value=number))
    return rows


def _advance_head(design: Design, revision: Revision) -> None:
    """Make ``revision`` the design's head and copy what lists show (validity, metrics) onto the design.

    Should be called while holding the design's row lock (or on a design created in this transaction)."""
    design.head = revision
    design.revision_count = revision.number
    design.valid = revision.valid
    design.metrics = revision.metrics
    design.updated_at = revision.created_at
    design.save(update_fields=["head", "revision_count", "valid", "metrics", "updated_at"])
    DesignMetric.objects.filter(design=design).delete()
    DesignMetric.objects.bulk_create(_metric_rows(design, revision.metrics))


def _design_data(design: Design, revision: Revision | None = None) -> dict:
    data = {"design": {"id": design.pk, "title": design.title, "number": design.number, "kind": design.kind}}
    if revision is not None:
        data["revision"] = {"number": revision.number, "message": revision.message}
    return data


def _record(verb, *, actor, design: Design, subject, data: dict | None = None) -> None:
    """An activity event on the design's project, unless the project is a draft (nobody follows it yet)."""
    from boucle.activity.services import event_record

    project = design.project
    if project.status == ProjectStatus.DRAFT:
        return
    event_record(verb=verb, actor=actor, subject=subject, project=project, data=data or {})


# ---------------------------------------------------------------------------------------------- kits


@transaction.atomic
def kit_save(*, actor, technology, kind: str, content, version=None) -> DesignKit:
    """An owner of the technology's organization saves its design kit: a new kit revision, the current one.

    ``content`` is checked by the kind's ``kit_schema``; ``version`` (a TechnologyVersion of this technology,
    or its version string) says which release of the technology the kit goes with. A technology has one kind:
    once it has designs, its kit keeps their kind.

    >>> kit_save(actor=olivia, technology=system, kind="bricks", content={...})
    <DesignKit: Brickwerk System · bricks kit #2>
    """
    from boucle.catalog.models import Technology, TechnologyVersion
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    _require_member(actor)
    if not org_has_role(user=actor, organization=technology.organization, roles=[Role.OWNER]):
        raise NotAllowed(_("Only the organization's owners can edit the design kit of its technologies."))
    kind_name = str(kind or "")
    kind_obj = find_kind(kind_name)
    if kind_obj is None:
        raise InvalidInput(
            _("There is no design kind “%(name)s” on this site.") % {"name": kind_name[:60]}, field="kind"
        )
    clean = ev.kit_clean(kind_obj, content)
    if version is not None and version != "":
        if not isinstance(version, TechnologyVersion):
            version = TechnologyVersion.objects.filter(
                technology=technology, version=str(version).replace("\x00", "")
            ).first()
        if version is None or version.technology_id != technology.pk:
            raise InvalidInput(_("This technology has no such version."), field="version")
    else:
        version = None
    # Lock the technology: two owners saving at once number their kits one after the other.
    Technology.objects.select_for_update().filter(pk=technology.pk).first()
    current = kit_current(technology)
    if current is not None and current.kind != kind_name:
        if Design.objects.filter(technology=technology).exists():
            raise Conflict(
                _("Designs on this technology are of the kind “%(kind)s”: its kit keeps that kind.")
                % {"kind": current.kind},
                field="kind",
            )
    if (
        current is not None
        and current.kind == kind_name
        and current.content == clean
        and current.version_id == (version.pk if version else None)
    ):
        raise InvalidInput(_("Nothing changed since kit revision %(n)d.") % {"n": current.number})
    return DesignKit.objects.create(
        technology=technology,
        kind=kind_name,
        number=(current.number + 1) if current else 1,
        content=clean,
        version=version,
        created_by=actor,
    )


# ---------------------------------------------------------------------------------------------- designs


def design_create(*, actor, project, title: str, content=None, message: str = "") -> Design:
    """The project's team starts a design, of the kind of its technology's kit: revision 1 holds ``content``
    (the kind's empty content when None). Records DESIGN_REVISION for the actor.

    >>> design_create(actor=alice, project=castle, title="Gatehouse")
    <Design: Gatehouse>
    """
    _require_member(actor)
    _check_team(actor, project, _("Only the project's team can add designs to it."))
    _check_editable(project)
    title = _clean_text(title, field="title", label=_("title"), max_length=MAX_TITLE)
    message = _clean_text(
        message, field="message", label=_("message"), max_length=MAX_MESSAGE, required=False
    )
    kit, kind = _kit_for(project.technology)
    prepared = _prepare(kind, kit, kind.empty_content() if content is None else content)
    with transaction.atomic():
        project = _lock_project(project)
        _check_team(actor, project, _("Only the project's team can add designs to it."))
        _check_editable(project)
        if (
            kit_current(project.technology).pk != kit.pk
        ):  # the kit changed meanwhile: check against the new one
            prepared = _prepare(kind, kit_current(project.technology), prepared.content)
        design = Design.objects.create(
            project=project,
            technology=project.technology,
            kind=kit.kind,
            number=_next_design_number(project),
            title=title,
            created_by=actor,
        )
        revision = _revision_create(
            design=design,
            prepared=prepared,
            author=actor,
            parent=None,
            message=message or _("First revision"),
            state=RevisionState.MAIN,
            number=1,
        )
        _advance_head(design, revision)
        contribution_record(
            actor=actor, kind=ContributionKind.DESIGN_REVISION, project=project, subject=revision
        )
        from boucle.activity.models import Verb

        _record(
            Verb.DESIGN_CREATED,
            actor=actor,
            design=design,
            subject=design,
            data=_design_data(design, revision),
        )
    return design


@transaction.atomic
def design_update(*, actor, design, title: str) -> Design:
    """The team renames a design (its content changes only through revisions)."""
    _require_member(actor)
    locked = _lock_design(design)
    _check_team(actor, locked.project, _("Only the project's team can rename its designs."))
    _check_editable(locked.project)
    title = _clean_text(title, field="title", label=_("title"), max_length=MAX_TITLE)
    if title != locked.title:
        locked.title = title
        locked.save(update_fields=["title"])
    design.refresh_from_db()
    return design


def revision_save(*, actor, design, content, parent, message: str = "") -> Revision:
    """The team saves a new main-line revision on top of ``parent`` (a Revision or its number), which must be
    the design's head: otherwise someone saved meanwhile and this is a ``Conflict``. Content identical to the
    head is refused ("nothing changed"). Records DESIGN_REVISION for the actor.

    >>> revision_save(actor=alice, design=gatehouse, content={...}, parent=1, message="Taller towers")
    <Revision: Gatehouse · r2>
    """
    _require_member(actor)
    _check_team(actor, design.project, _("Only the project's team can save revisions of its designs."))
    _check_editable(design.project)
    message = _clean_text(
        message, field="message", label=_("message"), max_length=MAX_MESSAGE, required=False
    )
    parent = _resolve_parent(design, parent)
    kit, kind = _kit_for(design.technology, kind_name=design.kind)
    prepared = _prepare(kind, kit, content)  # outside the lock: the kind may take a while
    with transaction.atomic():
        locked = _lock_design(design)
        _check_team(actor, locked.project, _("Only the project's team can save revisions of its designs."))
        head = locked.head
        if parent.pk != head.pk:
            raise Conflict(
                _(
                    "%(author)s saved revision %(n)d since you started from revision %(parent)d: "
                    "review their changes, then save again."
                )
                % {"author": head.author.name, "n": head.number, "parent": parent.number},
                field="parent",
            )
        if prepared.content_hash == head.content_hash:
            raise InvalidInput(
                _("Nothing changed since revision %(n)d.") % {"n": head.number}, field="content"
            )
        current = kit_current(locked.technology)
        if current.pk != kit.pk:  # the organization saved a new kit meanwhile
            prepared = _prepare(kind, current, prepared.content)
        revision = _revision_create(
            design=locked,
            prepared=prepared,
            author=actor,
            parent=head,
            message=message,
            state=RevisionState.MAIN,
            number=head.number + 1,
        )
        _advance_head(locked, revision)
        contribution_record(
            actor=actor, kind=ContributionKind.DESIGN_REVISION, project=locked.project, subject=revision
        )
        from boucle.activity.models import Verb

        _record(
            Verb.DESIGN_REVISION,
            actor=actor,
            design=locked,
            subject=revision,
            data=_design_data(locked, revision),
        )
    design.refresh_from_db()
    return revision


def design_fork(*, actor, revision, into_project, title: str | None = None) -> Design:
    """Fork a main-line revision of a design into a project of the actor's team, if the licences allow
    (``licences.fork_refusal``). The new design's revision 1 holds the same content, checked against the target
    technology's kit (of the same kind); its parent is ``revision``, and ``forked_from`` points at it.

    >>> design_fork(actor=bob, revision=gatehouse.head, into_project=bobs_castle)
    <Design: Gatehouse>
    """
    _require_member(actor)
    source = revision.design
    _check_visible(source, actor)
    if revision.state != RevisionState.MAIN:
        raise InvalidInput(_("Only a revision of a design's main line can be forked."), field="revision")
    if into_project is None:
        raise InvalidInput(_("Choose the project to fork into."), field="project")
    _check_team(actor, into_project, _("You can fork only into a project whose team you are in."))
    _check_editable(into_project)
    _check_not_banned(actor, into_project)
    same = into_project.pk == source.project_id
    refusal = fork_refusal(source=source.project.licence, target=into_project.licence, same_project=same)
    if refusal:
        if not same and source.project.licence == "CC-BY-ND-4.0":
            raise NotAllowed(refusal)
        raise InvalidInput(refusal, field="project")
    kit, kind = _kit_for(into_project.technology, kind_name=source.kind)
    title = _clean_text(title or source.title, field="title", label=_("title"), max_length=MAX_TITLE)
    prepared = _prepare(kind, kit, revision.content)
    with transaction.atomic():
        project = _lock_project(into_project)
        _check_team(actor, project, _("You can fork only into a project whose team you are in."))
        _check_editable(project)
        design = Design.objects.create(
            project=project,
            technology=project.technology,
            kind=source.kind,
            number=_next_design_number(project),
            title=title,
            forked_from=revision,
            created_by=actor,
        )
        first = _revision_create(
            design=design,
            prepared=prepared,
            author=actor,
            parent=revision,
            message=_("Forked from “%(title)s”, revision %(n)d")
            % {"title": source.title, "n": revision.number},
            state=RevisionState.MAIN,
            number=1,
        )
        _advance_head(design, first)
        Design.objects.filter(pk=source.pk).update(fork_count=F("fork_count") + 1)
        from boucle.activity.models import Verb

        data = _design_data(design, first)
        data["source"] = {
            "id": source.pk,
            "title": source.title,
            "number": source.number,
            "project": {"title": source.project.title, "slug": source.project.slug},
            "revision": revision.number,
        }
        _record(Verb.DESIGN_FORKED, actor=actor, design=design, subject=design, data=data)
    return design


# ---------------------------------------------------------------------------------------------- suggestions


def suggestion_propose(*, actor, design, content, parent, message: str) -> Suggestion:
    """A member outside the team proposes a change, started from a main-line revision (``parent``). It stays
    off the main line until the team merges or declines it.

    >>> suggestion_propose(actor=bob, design=gatehouse, content={...}, parent=2, message="A drawbridge")
    <Suggestion: Gatehouse · suggestion 4 (open)>
    """
    _require_member(actor)
    _check_visible(design, actor)
    if is_team(project=design.project, user=actor):
        raise NotAllowed(_("You are in this design's team: save a revision instead of suggesting one."))
    _check_not_banned(actor, design.project)
    _check_editable(design.project)
    message = _clean_text(message, field="message", label=_("message"), max_length=MAX_MESSAGE)
    parent = _resolve_parent(design, parent)
    kit, kind = _kit_for(design.technology, kind_name=design.kind)
    prepared = _prepare(kind, kit, content)
    if prepared.content_hash == parent.content_hash:
        raise InvalidInput(
            _("Nothing changed since revision %(n)d: there is nothing to suggest.") % {"n": parent.number},
            field="content",
        )
    with transaction.atomic():
        locked = _lock_design(design)
        revision = _revision_create(
            design=locked,
            prepared=prepared,
            author=actor,
            parent=parent,
            message=message,
            state=RevisionState.SUGGESTED,
            number=None,
        )
        suggestion = Suggestion.objects.create(design=locked, revision=revision, author=actor)
        Design.objects.filter(pk=locked.pk).update(open_suggestion_count=F("open_suggestion_count") + 1)
        from boucle.activity.models import Verb

        data = _design_data(locked, revision) | {"suggestion": {"id": suggestion.pk, "message": message}}
        _record(Verb.SUGGESTION_PROPOSED, actor=actor, design=locked, subject=suggestion, data=data)
    design.refresh_from_db()
    return suggestion


def _lock_open_suggestion(suggestion) -> Suggestion:
    locked = Suggestion.objects.select_for_update().select_related("revision", "author").get(pk=suggestion.pk)
    if locked.state == SuggestionState.MERGED:
        raise Conflict(_("This suggestion was already merged."))
    if locked.state == SuggestionState.DECLINED:
        raise Conflict(_("This suggestion was already declined."))
    return locked


def suggestion_merge(*, actor, suggestion) -> Revision:
    """The team takes a suggestion in: a new main-line revision holding its content, authored by the member
    who suggested it, and credited to them in the ledger (SUGGESTION_MERGED).

    Only a suggestion made from the current head merges: if the design moved on since, merging could undo what
    was saved meanwhile, so it is a ``Conflict`` asking the team to have the suggestion updated.
    """
    _require_member(actor)
    _check_team(actor, suggestion.design.project, _("Only the design's team can merge suggestions."))
    with transaction.atomic():
        design = _lock_design(suggestion.design)
        _check_editable(design.project)
        locked = _lock_open_suggestion(suggestion)
        proposed = locked.revision
        head = design.head
        if proposed.parent_id != head.pk:
            started = Revision.objects.filter(pk=proposed.parent_id).values_list("number", flat=True).first()
            raise Conflict(
                _(
                    "The design moved on since this suggestion was made (it starts from revision %(from)s, the "
                    "design is at revision %(head)d): ask its author to update it from the latest revision."
                )
                % {"from": started, "head": head.number}
            )
        kit, kind = _kit_for(design.technology, kind_name=design.kind)
        if kit.pk == proposed.kit_id:
            prepared = _Prepared(
                content=proposed.content,
                content_hash=proposed.content_hash,
                kit=kit,
                evaluation=ev.Evaluation(
                    valid=proposed.valid,
                    problems=proposed.problems,
                    bom=proposed.bom,
                    metrics=proposed.metrics,
                    totals=proposed.totals,
                ),
            )
        else:
            prepared = _prepare(kind, kit, proposed.content)
        revision = _revision_create(
            design=design,
            prepared=prepared,
            author=locked.author,
            parent=head,
            message=proposed.message,
            state=RevisionState.MAIN,
            number=head.number + 1,
        )
        Revision.objects.filter(pk=proposed.pk).update(state=RevisionState.MERGED)
        locked.state = SuggestionState.MERGED
        locked.decided_by = actor
        locked.decided_at = timezone.now()
        locked.merged_revision = revision
        locked.save(update_fields=["state", "decided_by", "decided_at", "merged_revision"])
        Design.objects.filter(pk=design.pk).update(open_suggestion_count=F("open_suggestion_count") - 1)
        design.refresh_from_db(fields=["open_suggestion_count"])
        _advance_head(design, revision)
        contribution_record(
            actor=locked.author,
            kind=ContributionKind.SUGGESTION_MERGED,
            project=design.project,
            subject=revision,
        )
        from boucle.activity.models import Verb

        data = _design_data(design, revision)
        _record(
            Verb.SUGGESTION_DECIDED,
            actor=actor,
            design=design,
            subject=locked,
            data=data | {"suggestion": {"id": locked.pk, "author": locked.author_id, "decision": "merged"}},
        )
        _record(
            Verb.DESIGN_REVISION,
            actor=locked.author,
            design=design,
            subject=revision,
            data=data | {"merged_by": {"username": actor.username, "name": actor.name}},
        )
    suggestion.refresh_from_db()
    return revision


@transaction.atomic
def suggestion_decline(*, actor, suggestion, reason: str) -> Suggestion:
    """The team declines a suggestion, saying why (the reason is shown to its author and on the design)."""
    _require_member(actor)
    _check_team(actor, suggestion.design.project, _("Only the design's team can decline suggestions."))
    reason = _clean_text(reason, field="reason", label=_("reason"), max_length=MAX_REASON, multiline=True)
    design = _lock_design(suggestion.design)
    locked = _lock_open_suggestion(suggestion)
    Revision.objects.filter(pk=locked.revision_id).update(state=RevisionState.DECLINED)
    locked.state = SuggestionState.DECLINED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.reason = reason
    locked.save(update_fields=["state", "decided_by", "decided_at", "reason"])
    Design.objects.filter(pk=design.pk).update(open_suggestion_count=F("open_suggestion_count") - 1)
    from boucle.activity.models import Verb

    _record(
        Verb.SUGGESTION_DECIDED,
        actor=actor,
        design=design,
        subject=locked,
        data=_design_data(design)
        | {
            "suggestion": {
                "id": locked.pk,
                "author": locked.author_id,
                "decision": "declined",
                "reason": reason,
            }
        },
    )
    suggestion.refresh_from_db()
    return suggestion


# ---------------------------------------------------------------------------------------------- import


def _import_content(kind: DesignKind, kit: DesignKit, fmt: str, data: bytes) -> dict:
    fmt = str(fmt or "")
    formats = {f.name: f for f in kind.importers}
    if fmt not in formats:
        choices = ", ".join(formats) or _("none")
        raise InvalidInput(
            _("“%(format)s” cannot be imported here. Formats: %(choices)s.")
            % {"format": fmt[:40], "choices": choices},
            field="format",
        )
    if not data:
        raise InvalidInput(_("The file is empty."), field="file")
    if len(data) > formats[fmt].max_bytes:
        raise InvalidInput(
            _("The file is too large: %(size)s KB, %(max)s KB at most.")
            % {"size": len(data) // 1024, "max": formats[fmt].max_bytes // 1024},
            field="file",
        )
    try:
        return kind.import_file(fmt, data, kit.content)
    except ImportRefused as error:
        raise InvalidInput(str(error), field="file") from None
    except Exception:
        import logging

        logging.getLogger(__name__).exception("Design kind %r failed to import a %s file", kind.name, fmt)
        raise InvalidInput(
            _("This file could not be read as %(format)s.") % {"format": formats[fmt].label}, field="file"
        ) from None


def design_import(*, actor, project, fmt: str, data: bytes, title: str) -> Design:
    """A new design of the project from a file in one of the kind's import formats (LDraw for bricks).
    A refused file (``ImportRefused``) is an ``InvalidInput`` with the kind's message; nothing is stored."""
    _require_member(actor)
    _check_team(actor, project, _("Only the project's team can add designs to it."))
    _check_editable(project)
    kit, kind = _kit_for(project.technology)
    content = _import_content(kind, kit, fmt, data)
    return design_create(
        actor=actor,
        project=project,
        title=title,
        content=content,
        message=_("Imported from a %(format)s file") % {"format": fmt},
    )


def revision_import(*, actor, design, fmt: str, data: bytes, parent, message: str = "") -> Revision:
    """A new revision of a design from a file (see ``design_import``), on top of ``parent`` like any save."""
    _require_member(actor)
    _check_team(actor, design.project, _("Only the project's team can save revisions of its designs."))
    kit, kind = _kit_for(design.technology, kind_name=design.kind)
    content = _import_content(kind, kit, fmt, data)
    return revision_save(
        actor=actor,
        design=design,
        content=content,
        parent=parent,
        message=message or _("Imported from a %(format)s file") % {"format": fmt},
    )


# ---------------------------------------------------------------------------------------------- comments


@transaction.atomic
def design_comment_create(*, author, design, revision, element: str, body: str, parent=None):
    """A comment pointing at one element of one revision (a brick, a BOM line, an ingredient…).

    The comment itself is a comment on the design's project (community app: threads, mentions, moderation and
    notifications work as for any comment); a ``CommentAnchor`` ties it to the element, which it follows through
    later revisions (``selectors.anchored_comments``).
    """
    from boucle.community.services import comment_create

    _require_member(author)
    _check_visible(design, author)
    if revision.design_id != design.pk:
        raise InvalidInput(_("This revision is not one of this design's."), field="revision")
    element = str(element or "").replace("\x00", "").strip()
    elements = ev.element_ids(_kind_of(design), revision.content, revision.bom)
    if element not in elements:
        raise InvalidInput(_("This element is not in the revision."), field="element")
    comment = comment_create(author=author, target=design.project, body=body, parent=parent)
    CommentAnchor.objects.create(
        comment=comment,
        design=design,
        revision=revision,
        element=element,
        element_label=elements[element][:200],
    )
    return comment
