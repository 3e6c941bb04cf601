"""Merging a duplicate project into another one.

Duplicates are the most common complaint of idea boards. A duplicate is merged into a *target*:

- its supports move to the target; a member who supported both counts once (and a member of the target's
  team never becomes a supporter of their own project);
- its comments follow, threads and dates kept;
- its followers follow the target (a member who followed both keeps one follow);
- its authors keep their credit: they join the target's team as co-authors, and the ledger gets a
  PROJECT_MERGED row on the target for each of them;
- it is archived, with ``merged_into`` set: its page stays at its old address and points to the target.

Who may merge: the organization's moderators and owners and site staff, directly; or the two teams, when
an owner of the duplicate asks (a ``MergeRequest``) and an owner of the target accepts. A member who owns
both projects is both teams: their merge is direct.

Every write happens in one transaction, with both project rows locked (always in the order of their ids, so
two merges never wait on each other). A refusal raises before anything is written.
"""

import difflib
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record, contribution_reverse
from boucle.projects.enums import ProjectStatus, TeamRole
from boucle.projects.models import (
    MergeRequest,
    MergeRequestStatus,
    Project,
    ProjectMember,
    Support,
    Transition,
)
from boucle.projects.services import _climb_ladder, _require_member, is_team_owner

# A project that is being made or sold has orders and buyers attached to it: it cannot disappear into another.
NOT_MERGEABLE = {ProjectStatus.IN_PRODUCTION, ProjectStatus.AVAILABLE}
MAX_REASON = 4000


@dataclass(frozen=True)
class MergeResult:
    duplicate: Project
    into: Project
    supports_moved: int  # supporters the target gained
    supports_merged: int  # supporters of both projects, now counted once
    comments_moved: int
    authors_added: int  # authors of the duplicate who joined the target's team


# ---------------------------------------------------------------------------------------------- permissions


def is_org_moderator(*, user, project) -> bool:
    """True for the moderators and owners of the project's organization, and for site staff."""
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    return org_has_role(user=user, organization=project.technology.organization, roles=[Role.MODERATOR, Role.OWNER])


def can_merge_directly(*, actor, duplicate, into=None) -> bool:
    """Moderators, owners of the organization and staff merge directly; so does a member owning both teams."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if is_org_moderator(user=actor, project=duplicate):
        return True
    return into is not None and is_team_owner(project=duplicate, user=actor) and is_team_owner(
        project=into, user=actor
    )


def can_offer_merge(*, actor, duplicate) -> bool:
    """Whether the "Merge into another project…" page is for ``actor``: moderators, or the duplicate's owners
    (who send a request), while the duplicate may still be merged."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return False
    if duplicate.merged_into_id or duplicate.status in NOT_MERGEABLE:
        return False
    return is_org_moderator(user=actor, project=duplicate) or is_team_owner(project=duplicate, user=actor)


def can_decide_request(*, actor, merge_request) -> bool:
    """An owner of the target (or a moderator of the organization) accepts or declines a request."""
    return is_team_owner(project=merge_request.into, user=actor) or is_org_moderator(
        user=actor, project=merge_request.into
    )


# ---------------------------------------------------------------------------------------------- checks


def merge_target_resolve(*, key, user=None) -> Project:
    """The target named by a project, an id or a slug, or InvalidInput on the ``into`` field."""
    if isinstance(key, Project):
        return key
    key = str(key or "").replace("\x00", "").strip().strip("/")
    if not key:
        raise InvalidInput(_("Choose the project to merge into."), field="into")
    key = key.rsplit("/", 1)[-1]  # "/projects/castle/" or "castle"
    project = (
        Project.objects.select_related("technology__organization")
        .filter(**({"pk": key} if key.isdigit() else {"slug": key}))
        .exclude(status=ProjectStatus.DRAFT)
        .first()
    )
    if project is None:
        raise InvalidInput(_("No published project has the address “%(key)s”.") % {"key": key}, field="into")
    return project


def _clean_reason(reason) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if not reason:
        raise InvalidInput(_("Please say why these projects are the same idea."), field="reason")
    if len(reason) > MAX_REASON:
        raise InvalidInput(
            _("The reason is too long (%(n)d characters at most).") % {"n": MAX_REASON}, field="reason"
        )
    return reason


def merge_check(*, duplicate, into) -> None:
    """Raise when ``duplicate`` cannot be merged into ``into``, saying why."""
    if duplicate.pk == into.pk:
        raise InvalidInput(_("A project cannot be merged into itself."), field="into")
    if duplicate.technology.organization_id != into.technology.organization_id:
        raise InvalidInput(
            _("Both projects must be on technologies of the same organization."), field="into"
        )
    if duplicate.merged_into_id:
        raise Conflict(_("This project was already merged into another one."))
    if duplicate.status in NOT_MERGEABLE:
        raise Conflict(
            _("A project that is %(status)s cannot be merged: it is being made or sold.")
            % {"status": ProjectStatus(duplicate.status).label}
        )
    if into.merged_into_id:
        raise InvalidInput(
            _("“%(title)s” was itself merged into another project: merge into that one.") % {"title": into.title},
            field="into",
        )
    if into.status in (ProjectStatus.DRAFT, ProjectStatus.ARCHIVED):
        raise InvalidInput(
            _("“%(title)s” is %(status)s: choose a project that is alive.")
            % {"title": into.title, "status": ProjectStatus(into.status).label},
            field="into",
        )


def _lock_both(duplicate, into) -> tuple[Project, Project]:
    """Both rows, locked in the order of their ids until the end of the surrounding transaction."""
    rows = {
        p.pk: p
        for p in Project.objects.select_for_update(of=("self",))
        .select_related("technology__organization", "challenge")
        .filter(pk__in=[duplicate.pk, into.pk])
        .order_by("pk")
    }
    if duplicate.pk not in rows or into.pk not in rows:
        raise NotFound(_("This project no longer exists."))
    return rows[duplicate.pk], rows[into.pk]


# ---------------------------------------------------------------------------------------------- services


@transaction.atomic
def project_merge(*, actor, duplicate, into, reason: str) -> MergeResult:
    """A moderator or owner of the organization, site staff, or a member owning both teams merges
    ``duplicate`` into ``into`` (see the module's docstring for what moves).

    >>> project_merge(actor=moderator, duplicate=castle_2, into=castle, reason="Same opening castle")
    MergeResult(duplicate=<Project: Castle!>, into=<Project: Castle>, supports_moved=12, ...)
    """
    _require_member(actor)
    into = merge_target_resolve(key=into)
    duplicate, into = _lock_both(duplicate, into)
    if not can_merge_directly(actor=actor, duplicate=duplicate, into=into):
        raise NotAllowed(
            _("Only the organization's moderators can merge projects; the project's owners can ask the other team.")
        )
    reason = _clean_reason(reason)
    merge_check(duplicate=duplicate, into=into)
    return _merge(actor=actor, duplicate=duplicate, into=into, reason=reason)


@transaction.atomic
def merge_request_create(*, actor, duplicate, into, reason: str) -> MergeRequest:
    """An owner of ``duplicate`` asks the team of ``into`` to take it in; they accept or decline."""
    _require_member(actor)
    into = merge_target_resolve(key=into)
    duplicate, into = _lock_both(duplicate, into)
    if not is_team_owner(project=duplicate, user=actor):
        raise NotAllowed(_("Only the project's owners can ask to merge it into another project."))
    reason = _clean_reason(reason)
    merge_check(duplicate=duplicate, into=into)
    if MergeRequest.objects.filter(duplicate=duplicate, status=MergeRequestStatus.PENDING).exists():
        raise Conflict(_("A merge request for this project is already waiting for an answer."))
    return MergeRequest.objects.create(duplicate=duplicate, into=into, reason=reason, requested_by=actor)


def project_merge_or_request(*, actor, duplicate, into, reason: str) -> MergeResult | MergeRequest:
    """What the "Merge into another project…" form does: merge when ``actor`` may, otherwise (an owner of the
    duplicate) send a merge request to the target's team."""
    _require_member(actor)
    target = merge_target_resolve(key=into)
    if can_merge_directly(actor=actor, duplicate=duplicate, into=target):
        return project_merge(actor=actor, duplicate=duplicate, into=target, reason=reason)
    return merge_request_create(actor=actor, duplicate=duplicate, into=target, reason=reason)


def _lock_request(merge_request) -> MergeRequest:
    locked = (
        MergeRequest.objects.select_for_update(of=("self",))
        .select_related("duplicate__technology__organization", "into__technology__organization")
        .filter(pk=merge_request.pk)
        .first()
    )
    if locked is None:
        raise NotFound(_("This merge request does not exist."))
    if locked.status != MergeRequestStatus.PENDING:
        raise Conflict(
            _("This merge request was already answered (%(status)s).")
            % {"status": MergeRequestStatus(locked.status).label}
        )
    return locked


@transaction.atomic
def merge_request_accept(*, actor, merge_request) -> MergeResult:
    """An owner of the target accepts: the duplicate is merged now, with the request's reason."""
    _require_member(actor)
    locked = _lock_request(merge_request)
    if not can_decide_request(actor=actor, merge_request=locked):
        raise NotAllowed(_("Only the owners of “%(title)s” can answer this request.") % {"title": locked.into.title})
    duplicate, into = _lock_both(locked.duplicate, locked.into)
    merge_check(duplicate=duplicate, into=into)  # the projects may have changed since the request
    locked.status = MergeRequestStatus.ACCEPTED
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    result = _merge(actor=actor, duplicate=duplicate, into=into, reason=locked.reason)
    merge_request.refresh_from_db()
    return result


@transaction.atomic
def merge_request_decline(*, actor, merge_request) -> MergeRequest:
    """An owner of the target declines; an owner of the duplicate may withdraw their own request."""
    _require_member(actor)
    locked = _lock_request(merge_request)
    if can_decide_request(actor=actor, merge_request=locked):
        locked.status = MergeRequestStatus.DECLINED
    elif is_team_owner(project=locked.duplicate, user=actor):
        locked.status = MergeRequestStatus.CANCELLED
    else:
        raise NotAllowed(_("Only the owners of “%(title)s” can answer this request.") % {"title": locked.into.title})
    locked.decided_by = actor
    locked.decided_at = timezone.now()
    locked.save(update_fields=["status", "decided_by", "decided_at"])
    merge_request.refresh_from_db()
    return merge_request


def _merge(*, actor, duplicate: Project, into: Project, reason: str) -> MergeResult:
    """Move everything. Should be called while holding SELECT FOR UPDATE locks on both project rows, after
    every check passed."""
    from boucle.community.models import Comment

    now = timezone.now()

    # Supports: a member who supported both (or who is in the target's team) counts once.
    keep_out = set(Support.objects.filter(project=into).values_list("user_id", flat=True))
    keep_out |= set(ProjectMember.objects.filter(project=into).values_list("user_id", flat=True))
    moved, merged = [], []
    for support in Support.objects.filter(project=duplicate).select_related("user").order_by("created_at", "id"):
        contribution_reverse(actor=support.user, kind=ContributionKind.SUPPORT, project=duplicate, subject=support)
        (merged if support.user_id in keep_out else moved).append(support)
    Support.objects.filter(pk__in=[s.pk for s in merged]).delete()
    # Moving the row keeps its date (hot score, "supported since").
    Support.objects.filter(pk__in=[s.pk for s in moved]).update(project=into)
    for support in moved:
        contribution_record(actor=support.user, kind=ContributionKind.SUPPORT, project=into, subject=support)
    Project.objects.filter(pk=duplicate.pk).update(support_count=0)
    Project.objects.filter(pk=into.pk).update(support_count=Support.objects.filter(project=into).count())
    into.refresh_from_db()
    if into.status == ProjectStatus.PUBLISHED:
        _climb_ladder(into, now)  # the new supporters may reach the next tiers

    # Comments follow, with their threads and dates (a thread is ordered by date).
    project_type = ContentType.objects.get_for_model(Project)
    comments_moved = Comment.objects.filter(target_type=project_type, target_id=duplicate.pk).update(
        target_id=into.pk, project=into
    )
    Comment.objects.filter(project=duplicate).update(project=into)

    # Its followers follow the target (once: a member who followed both keeps one follow).
    from boucle.activity.models import Follow

    already = Follow.objects.filter(target_type=project_type, target_id=into.pk).values("follower_id")
    Follow.objects.filter(target_type=project_type, target_id=duplicate.pk).exclude(follower_id__in=already).update(
        target_id=into.pk
    )
    Follow.objects.filter(target_type=project_type, target_id=duplicate.pk).delete()

    # Authors keep their credit.
    team = set(ProjectMember.objects.filter(project=into).values_list("user_id", flat=True))
    authors_added = 0
    for member in ProjectMember.objects.filter(project=duplicate).select_related("user").order_by("created_at"):
        if member.user_id not in team:
            ProjectMember.objects.create(project=into, user=member.user, role=TeamRole.COAUTHOR)
            authors_added += 1
        contribution_record(actor=member.user, kind=ContributionKind.PROJECT_MERGED, project=into, subject=duplicate)

    _archive_merged(actor=actor, duplicate=duplicate, into=into, reason=reason, now=now)

    MergeRequest.objects.filter(status=MergeRequestStatus.PENDING).filter(
        Q(duplicate=duplicate) | Q(into=duplicate)
    ).update(status=MergeRequestStatus.CANCELLED, decided_by=actor, decided_at=now)

    _record_event(actor=actor, duplicate=duplicate, into=into, reason=reason, supports_moved=len(moved))
    duplicate.refresh_from_db()
    into.refresh_from_db()
    # The moves above are update()s, which send no signals: bring the search index up to date ourselves.
    from boucle.search.services import search_index

    search_index(duplicate, with_comments=True)
    search_index(into, with_comments=True)
    return MergeResult(
        duplicate=duplicate,
        into=into,
        supports_moved=len(moved),
        supports_merged=len(merged),
        comments_moved=comments_moved,
        authors_added=authors_added,
    )


def _archive_merged(*, actor, duplicate, into, reason, now) -> None:
    """Archive the duplicate and point it at the target, with a Transition row like every status change.

    Not through ``lifecycle.project_transition``: its table lets only the project's team archive, and a merge
    is decided by the organization's moderators or by the target's team, checked above. The effect of entering
    "archived" is the lifecycle's own (``EFFECTS``).
    """
    from boucle.projects.lifecycle import EFFECTS

    from_status = duplicate.status
    duplicate.merged_into = into
    fields = ["merged_into", "updated_at"]
    if from_status != ProjectStatus.ARCHIVED:
        duplicate.status = ProjectStatus.ARCHIVED
        EFFECTS[ProjectStatus.ARCHIVED](duplicate, now)
        fields += ["status", "support_deadline"]
    duplicate.save(update_fields=fields)  # only these: the counters were changed with update() above
    if from_status != ProjectStatus.ARCHIVED:
        Transition.objects.create(
            project=duplicate,
            from_status=from_status,
            to_status=ProjectStatus.ARCHIVED,
            actor=actor,
            reason=_("Merged into “%(title)s”: %(reason)s") % {"title": into.title, "reason": reason},
        )


def _record_event(*, actor, duplicate, into, reason, supports_moved) -> None:
    try:
        from boucle.activity.models import Verb
        from boucle.activity.services import event_record
    except ImportError:  # pragma: no cover - the activity app is optional for this feature
        return
    event_record(
        verb=Verb.PROJECTS_MERGED,
        actor=actor,
        subject=duplicate,
        project=into,
        data={
            "duplicate": {"title": duplicate.title, "slug": duplicate.slug},
            "supports_moved": supports_moved,
            "reason": reason[:500],
        },
    )


# ---------------------------------------------------------------------------------------------- reads


def merge_candidates(*, duplicate, query: str = "", limit: int = 20) -> list[Project]:
    """Projects of the duplicate's organization it could be merged into, the most similar titles first.

    With ``query``, titles containing it; without, titles sharing a word of the duplicate's title (then the
    most supported projects when none does).
    """
    query = " ".join((query or "").replace("\x00", "").split())[:140]
    qs = (
        Project.objects.filter(technology__organization_id=duplicate.technology.organization_id)
        .exclude(pk=duplicate.pk)
        .exclude(status__in=[ProjectStatus.DRAFT, ProjectStatus.ARCHIVED])
        .filter(merged_into__isnull=True)
        .select_related("technology")
    )
    if query:
        found = qs.filter(Q(title__icontains=query) | Q(slug=query))
    else:
        words = [w for w in duplicate.title.split() if len(w) >= 4][:8]
        condition = Q()
        for word in words:
            condition |= Q(title__icontains=word)
        found = qs.filter(condition) if words else qs.none()
    candidates = list(found.order_by("-support_count", "-id")[: limit * 5])
    if not candidates and not query:
        candidates = list(qs.order_by("-support_count", "-id")[:limit])
    reference = (query or duplicate.title).lower()
    candidates.sort(key=lambda p: -difflib.SequenceMatcher(None, reference, p.title.lower()).ratio())
    return candidates[:limit]


def merge_requests_pending(*, project):
    """Pending requests to merge another project into ``project`` (for its team), oldest first."""
    return (
        MergeRequest.objects.filter(into=project, status=MergeRequestStatus.PENDING)
        .select_related("duplicate", "requested_by")
        .order_by("created_at", "id")
    )


def merge_request_sent(*, project):
    """The pending request ``project``'s team sent, if any."""
    return (
        MergeRequest.objects.filter(duplicate=project, status=MergeRequestStatus.PENDING)
        .select_related("into")
        .first()
    )
