"""Reads of the moderation app: targets and who moderates them, bans, the queue and the audit log.

Other apps call ``member_is_banned`` (cheap: one indexed query) and ``can_see_hidden``.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Q
from django.utils.translation import gettext as _

from boucle.accounts.models import User
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.moderation.models import (
    ActionKind,
    ModerationAction,
    ModerationSettings,
    OrganizationBan,
    Report,
    TargetKind,
)
from boucle.orgs.models import Membership, Organization, Role

MODERATOR_ROLES = [Role.MODERATOR, Role.OWNER]


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def member_is_banned(*, user, organization) -> bool:
    """True when the member is banned from the organization (a ban not lifted).

    >>> member_is_banned(user=mallory, organization=brickworks)
    True
    """
    if not _signed_in(user) or organization is None:
        return False
    return OrganizationBan.objects.filter(
        organization=organization, member=user, lifted_at__isnull=True
    ).exists()


def reports_to_hide(*, organization=None) -> int:
    """How many distinct open reporters hide a target: the organization's own setting, else the platform's."""
    if organization is not None:
        own = ModerationSettings.objects.filter(organization=organization).values_list(
            "reports_to_hide", flat=True
        ).first()
        if own:
            return own
    return max(1, int(getattr(settings, "BOUCLE_REPORTS_TO_HIDE", 3)))


# --- targets ------------------------------------------------------------------------------------------------


def _models():
    from boucle.community.models import Comment
    from boucle.makes.models import Make
    from boucle.projects.models import Project

    return {TargetKind.PROJECT: Project, TargetKind.COMMENT: Comment, TargetKind.MAKE: Make, TargetKind.MEMBER: User}


def target_kind(target) -> str:
    for kind, model in _models().items():
        if isinstance(target, model):
            return kind
    raise InvalidInput(_("Only projects, comments, makes and member profiles can be reported."), field="type")


def target_resolve(*, kind: str, target_id) -> object:
    """The project, comment, make or member named by kind ("project", "comment", "make", "member") and id;
    NotFound."""
    model = _models().get(str(kind or ""))
    if model is None:
        raise InvalidInput(_("Choose what to report: a project, a comment, a make or a member."), field="type")
    if not str(target_id or "").isdigit() or len(str(target_id)) > 18:
        raise NotFound(_("There is nothing to report here."))
    target = model.objects.filter(pk=int(target_id)).first()
    if target is None:
        raise NotFound(_("There is nothing to report here."))
    return target


def target_organization(target):
    """The organization whose moderators handle a target; None for a member profile (site staff)."""
    from boucle.community.models import Comment
    from boucle.community.selectors import target_organization as comment_target_org
    from boucle.makes.models import Make
    from boucle.projects.models import Project

    if isinstance(target, Project):
        return target.technology.organization
    if isinstance(target, Make):
        return target.project.technology.organization
    if isinstance(target, Comment):
        commented = target.target
        return comment_target_org(commented) if commented is not None else None
    return None


def target_hidden_at(target):
    return target.profile_hidden_at if isinstance(target, User) else target.hidden_at


def target_label(target) -> str:
    from boucle.community.models import Comment
    from boucle.makes.models import Make

    if isinstance(target, User):
        return f"@{target.username}"
    if isinstance(target, Comment):
        return _("Comment by %(author)s") % {"author": target.author.username}
    if isinstance(target, Make):
        return _("Make of %(project)s by %(author)s") % {
            "project": target.project.title,
            "author": target.author.username,
        }
    return str(target)[:200]


def target_url(target) -> str:
    from boucle.community.models import Comment

    if isinstance(target, Comment):
        commented = target.target
        return f"{commented.get_absolute_url()}#comment-{target.pk}" if commented is not None else ""
    return target.get_absolute_url()


def target_author_ids(target) -> set[int]:
    """Who the target belongs to: a project's team, a comment's or a make's author, the member themself."""
    from boucle.community.models import Comment
    from boucle.makes.models import Make

    if isinstance(target, User):
        return {target.pk}
    if isinstance(target, Comment | Make):
        return {target.author_id}
    return set(target.team.values_list("user_id", flat=True))


def target_authors(target) -> list:
    from boucle.community.models import Comment
    from boucle.makes.models import Make

    if isinstance(target, User):
        return [target]
    if isinstance(target, Comment | Make):
        return [target.author]
    return [m.user for m in target.team.select_related("user")]


# --- who moderates --------------------------------------------------------------------------------------------


def is_org_moderator(*, user, organization) -> bool:
    """The organization's moderators and owners, and site staff."""
    if not _signed_in(user):
        return False
    if user.is_staff:
        return True
    if organization is None:
        return False
    return Membership.objects.filter(organization=organization, user=user, role__in=MODERATOR_ROLES).exists()


def can_moderate(*, user, target) -> bool:
    """Site staff moderate everything; an organization's moderators and owners its projects, comments and
    makes."""
    if not _signed_in(user):
        return False
    if user.is_staff:
        return True
    if isinstance(target, User):
        return False
    return is_org_moderator(user=user, organization=target_organization(target))


def can_see_hidden(*, user, target) -> bool:
    """Who still sees hidden content: its moderators, and those it belongs to (a project's team, a comment's or
    a make's author)."""
    if not _signed_in(user):
        return False
    return user.pk in target_author_ids(target) or can_moderate(user=user, target=target)


def moderated_organizations(*, user):
    """The organizations whose queue the member may open (every one for staff)."""
    if not _signed_in(user):
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role__in=MODERATOR_ROLES).distinct()


def moderation_recipients(*, organization) -> list:
    """Who hears of a new report: the organization's moderators and owners, and site staff (active, with
    an e-mail address)."""
    q = Q(is_staff=True)
    if organization is not None:
        q |= Q(memberships__organization=organization, memberships__role__in=MODERATOR_ROLES)
    return list(User.objects.filter(q, is_active=True).exclude(email="").distinct().order_by("pk"))


# --- the queue ------------------------------------------------------------------------------------------------


@dataclass
class QueueItem:
    kind: str
    target: object
    label: str
    url: str
    organization: object
    hidden: bool
    authors: list
    reports: list = field(default_factory=list)

    @property
    def target_id(self):
        return self.target.pk

    @property
    def kind_label(self):
        return TargetKind(self.kind).label

    @property
    def reporter_count(self) -> int:
        return len({r.reporter_id for r in self.reports})


def _queue_reports(*, organization=None, kind: str = ""):
    qs = Report.objects.filter(resolved_at__isnull=True)
    if organization is not None:
        qs = qs.filter(organization=organization)
    if kind:
        qs = qs.filter(kind=kind)
    return qs


def queue_counts(*, organization=None) -> dict:
    """Targets waiting for a decision (with open reports), by kind: {"project": 2, "comment": 5, "member": 0}."""
    counts = {k: 0 for k in TargetKind.values}
    if organization is not None:
        counts.pop(TargetKind.MEMBER)
    rows = (
        _queue_reports(organization=organization)
        .values("kind")
        .annotate(n=Count("target_id", distinct=True))
        .order_by()
    )
    for row in rows:
        if row["kind"] in counts:
            counts[row["kind"]] = row["n"]
    return counts


def queue_targets(*, organization=None, kind: str = ""):
    """(kind, content type id, target id) of the targets with open reports, most reported first: a queryset
    of dicts to paginate before loading the page's items with ``queue_items``."""
    qs = _queue_reports(organization=organization, kind=kind)
    if organization is not None:
        qs = qs.exclude(kind=TargetKind.MEMBER)
    return (
        qs.values("kind", "target_type", "target_id")
        .annotate(reporters=Count("reporter", distinct=True), latest=Max("created_at"))
        .order_by("-reporters", "-latest", "target_id")
    )


def _load_targets(keys) -> dict:
    """{(kind, id): target} for the keys, one query per kind."""
    from boucle.community.models import Comment
    from boucle.makes.models import Make
    from boucle.projects.models import Project

    by_kind: dict[str, set] = {}
    for kind, pk in keys:
        by_kind.setdefault(kind, set()).add(pk)
    loaded = {}
    loaders = {
        TargetKind.PROJECT: Project.objects.select_related("technology__organization"),
        TargetKind.COMMENT: Comment.objects.select_related("author", "target_type", "project"),
        TargetKind.MAKE: Make.objects.select_related("author", "project__technology__organization").prefetch_related(
            "photos"
        ),
        TargetKind.MEMBER: User.objects.all(),
    }
    for kind, ids in by_kind.items():
        for obj in loaders[kind].filter(pk__in=ids):
            loaded[(kind, obj.pk)] = obj
    return loaded


def queue_items(rows) -> list[QueueItem]:
    """The queue items for rows of ``queue_targets`` (or of ``hidden_targets``), each with its open reports."""
    keys = [(r["kind"], r["target_id"]) for r in rows]
    targets = _load_targets(keys)
    items = {}
    for key in keys:
        target = targets.get(key)
        if target is None:
            continue
        items[key] = QueueItem(
            kind=key[0],
            target=target,
            label=target_label(target),
            url=target_url(target),
            organization=target_organization(target),
            hidden=target_hidden_at(target) is not None,
            authors=target_authors(target),
        )
    if items:
        q = Q()
        for kind, pk in items:
            q |= Q(kind=kind, target_id=pk)
        for report in Report.objects.filter(q, resolved_at__isnull=True).select_related("reporter"):
            item = items.get((report.kind, report.target_id))
            if item is not None:
                item.reports.append(report)
    return list(items.values())


def hidden_targets(*, organization=None, include_members: bool = True) -> list[dict]:
    """Rows (kind, target_id) of hidden content, for the queue's "Hidden" list: projects, comments and makes of
    the organization (or all), and hidden profiles when ``include_members`` (staff)."""
    from boucle.catalog.models import Technology
    from boucle.challenges.models import Challenge
    from boucle.community.models import Comment
    from boucle.makes.models import Make
    from boucle.projects.models import Project

    projects = Project.objects.filter(hidden_at__isnull=False)
    makes = Make.objects.filter(hidden_at__isnull=False)
    comments = Comment.objects.filter(hidden_at__isnull=False, deleted_at__isnull=True)
    if organization is not None:
        projects = projects.filter(technology__organization=organization)
        makes = makes.filter(project__technology__organization=organization)
        ct = ContentType.objects.get_for_models(Project, Technology, Challenge)
        comments = comments.filter(
            Q(target_type=ct[Project], target_id__in=projects.model.objects.filter(
                technology__organization=organization).values("pk"))
            | Q(target_type=ct[Technology], target_id__in=Technology.objects.filter(
                organization=organization).values("pk"))
            | Q(target_type=ct[Challenge], target_id__in=Challenge.objects.filter(
                technology__organization=organization).values("pk"))
        )
    rows = [{"kind": TargetKind.PROJECT, "target_id": pk} for pk in projects.order_by("-hidden_at").values_list(
        "pk", flat=True)[:200]]
    rows += [{"kind": TargetKind.COMMENT, "target_id": pk} for pk in comments.order_by("-hidden_at").values_list(
        "pk", flat=True)[:200]]
    rows += [{"kind": TargetKind.MAKE, "target_id": pk} for pk in makes.order_by("-hidden_at").values_list(
        "pk", flat=True)[:200]]
    if include_members and organization is None:
        rows += [
            {"kind": TargetKind.MEMBER, "target_id": pk}
            for pk in User.objects.filter(profile_hidden_at__isnull=False).order_by("-profile_hidden_at").values_list(
                "pk", flat=True)[:200]
        ]
    return rows


def organization_bans(*, organization):
    return OrganizationBan.objects.filter(organization=organization, lifted_at__isnull=True).select_related(
        "member", "by"
    )


def site_banned_members():
    """Members banned from the site (inactive, with a site ban in the log)."""
    ct = ContentType.objects.get_for_model(User)
    banned_ids = ModerationAction.objects.filter(action=ActionKind.BAN_SITE, target_type=ct).values("target_id")
    return User.objects.filter(is_active=False, pk__in=banned_ids).order_by("username")


# --- the log --------------------------------------------------------------------------------------------------


def action_log(*, action: str = "", kind: str = "", moderator: str = "", organization: str = ""):
    """The audit log, newest first, filtered by action, target kind, moderator username, organization slug.
    Unknown values give an empty list."""
    action, kind, moderator, organization = (
        str(v or "").replace("\x00", "") for v in (action, kind, moderator, organization)
    )
    qs = ModerationAction.objects.select_related("moderator", "organization", "target_type")
    if action:
        qs = qs.filter(action=action)
    if kind:
        qs = qs.filter(kind=kind)
    if moderator:
        qs = qs.filter(moderator__username=moderator)
    if organization:
        qs = qs.filter(organization__slug=organization)
    return qs.order_by("-created_at", "-id")


def require_staff(user) -> None:
    if not _signed_in(user) or not user.is_staff:
        raise NotAllowed(_("Only site staff may do this."))


def target_get_for(*, kind: str, target_id, user):
    """The target as ``user`` may see it (to report or moderate it); NotFound for drafts of others,
    deleted comments and hidden content they may not see."""
    from boucle.community.models import Comment
    from boucle.community.selectors import target_is_visible
    from boucle.makes.models import Make
    from boucle.makes.selectors import make_visible_to
    from boucle.projects.models import Project
    from boucle.projects.selectors import project_visible_to

    target = target_resolve(kind=kind, target_id=target_id)
    if can_moderate(user=user, target=target):
        return target
    visible = True
    if isinstance(target, Project):
        visible = project_visible_to(project=target, user=user)
    elif isinstance(target, Make):
        visible = make_visible_to(user=user, make=target)
    elif isinstance(target, Comment):
        commented = target.target
        visible = target.deleted_at is None and commented is not None and target_is_visible(
            user=user, target=commented
        )
    elif isinstance(target, User):
        visible = target.is_active
    if visible and target_hidden_at(target) is not None:
        visible = can_see_hidden(user=user, target=target)
    if not visible:
        raise NotFound(_("There is nothing to report here."))
    return target
