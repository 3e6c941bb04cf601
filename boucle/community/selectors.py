"""Reads of the community app: what may be commented, who may do what, and a target's whole thread.

A thread is read in a fixed number of queries whatever its size: every comment of the target in one
query, then one query each for revision counts, reaction counts and the viewer's own reactions; the tree
is built in Python.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boucle.catalog.models import Technology, TechnologyStatus
from boucle.challenges.models import Challenge
from boucle.community.models import Comment, CommentRevision, Reaction, ReactionKind
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.orgs.models import Membership, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, ProjectMember

# The kinds of objects members discuss, by the name the API and the forms use.
TARGET_MODELS = {"project": Project, "technology": Technology, "challenge": Challenge}
MODERATOR_ROLES = [Role.MODERATOR, Role.OWNER]
# What screen readers and tooltips say for each reaction (the choices' labels are emoji).
REACTION_NAMES = {
    ReactionKind.LIKE: gettext_lazy("Like"),
    ReactionKind.LOVE: gettext_lazy("Love"),
    ReactionKind.IDEA: gettext_lazy("Good idea"),
    ReactionKind.LAUGH: gettext_lazy("Funny"),
    ReactionKind.CONFUSED: gettext_lazy("Confused"),
}


def target_type_name(target) -> str | None:
    for name, model in TARGET_MODELS.items():
        if isinstance(target, model):
            return name
    return None


def _check_type(target) -> str:
    name = target_type_name(target)
    if name is None:
        raise InvalidInput(_("Comments are only possible on projects, technologies and challenges."))
    return name


def target_project(target) -> Project | None:
    return target if isinstance(target, Project) else None


def target_organization(target):
    if isinstance(target, Technology):
        return target.organization
    return target.technology.organization  # a project or a challenge


def _is_team(user, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return ProjectMember.objects.filter(project=project, user=user).exists()


def _is_org_member(user, organization) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return user.is_staff or Membership.objects.filter(organization=organization, user=user).exists()


def target_is_visible(*, user, target) -> bool:
    """Drafts are discussed only by those who prepare them: a project's team, an organization's members."""
    _check_type(target)
    if user is not None and user.is_authenticated and user.is_staff:
        return True
    if isinstance(target, Project):
        return target.status != ProjectStatus.DRAFT or _is_team(user, target)
    if isinstance(target, Technology):
        return target.status != TechnologyStatus.DRAFT or _is_org_member(user, target.organization)
    return target.is_published or _is_org_member(user, target.organization)


def target_check_visible(*, user, target) -> None:
    if not target_is_visible(user=user, target=target):
        if isinstance(target, Project):
            raise NotAllowed(_("This project is a draft: only its team can comment on it."))
        raise NotAllowed(_("This page is not published yet: only its organization can comment on it."))


def target_get(*, target_type: str, key, user, by: str = "slug"):
    """The target named by its type ("project", "technology", "challenge") and its slug (or id).

    Raises NotFound for an unknown object and for a draft the member may not see.
    """
    model = TARGET_MODELS.get(str(target_type or ""))
    if model is None:
        raise InvalidInput(
            _("Choose what to comment on: a project, a technology or a challenge."), field="target_type"
        )
    lookup = {"slug": str(key)} if by == "slug" else {"pk": key}
    if by != "slug" and not str(key).isdigit():
        raise NotFound(_("Nothing to comment on here."))
    related = "technology__organization" if model is not Technology else "organization"
    target = model.objects.select_related(related).filter(**lookup).first()
    if target is None or not target_is_visible(user=user, target=target):
        raise NotFound(_("Nothing to comment on here."))
    return target


def comment_get(*, comment_id, user) -> Comment:
    """A comment whose target the member may see, or NotFound."""
    comment = Comment.objects.select_related("author", "target_type").filter(pk=comment_id).first()
    if comment is None:
        raise NotFound(_("This comment does not exist."))
    target = comment.target
    if target is None or not target_is_visible(user=user, target=target):
        raise NotFound(_("This comment does not exist."))
    if comment.hidden_at is not None:
        from boucle.moderation.selectors import can_see_hidden

        if not can_see_hidden(user=user, target=comment):  # hidden by moderation: its author and moderators
            raise NotFound(_("This comment does not exist."))
    return comment


def _is_moderator(user, target) -> bool:
    return org_has_role(user=user, organization=target_organization(target), roles=MODERATOR_ROLES)


def comment_can_delete(*, user, comment: Comment) -> bool:
    if user is None or not user.is_authenticated:
        return False
    if comment.author_id == user.pk or user.is_staff:
        return True
    target = comment.target
    if isinstance(target, Project) and _is_team(user, target):
        return True
    return _is_moderator(user, target)


def comment_can_mark_helpful(*, user, comment: Comment) -> bool:
    """The project's team, on its project's comments, except their own (whether or not deleted)."""
    if user is None or not user.is_authenticated or comment.project_id is None:
        return False
    if comment.author_id == user.pk:
        return False
    return ProjectMember.objects.filter(project_id=comment.project_id, user=user).exists()


def comment_revisions(*, comment: Comment):
    return comment.revisions.order_by("created_at", "id")


@dataclass
class ReactionCount:
    kind: str
    emoji: str
    count: int
    reacted: bool

    @property
    def name(self):
        return REACTION_NAMES.get(self.kind, self.kind)


@dataclass
class CommentNode:
    """One comment as the thread shows it to one viewer."""

    comment: Comment
    depth: int = 0
    replies: list["CommentNode"] = field(default_factory=list)
    reactions: list[ReactionCount] = field(default_factory=list)
    revision_count: int = 0
    can_edit: bool = False
    can_delete: bool = False
    can_mark_helpful: bool = False
    can_react: bool = False
    can_reply: bool = False
    # Hidden by moderation; ``masked`` when this viewer sees only a placeholder (not its author nor a moderator).
    hidden: bool = False
    masked: bool = False
    # Set by the view when an action on this comment failed: which form ("reply", "edit", "comment"),
    # the message, and the text the member had typed (so it is not lost).
    error_form: str = ""
    error_message: str = ""
    error_body: str = ""

    @property
    def id(self):
        return self.comment.pk


@dataclass
class Thread:
    target: object
    target_type: str
    nodes: list[CommentNode]  # conversations, oldest first; replies nested inside
    count: int  # comments not deleted
    can_comment: bool
    viewer: object = None  # the member the thread is shown to (for per-comment links such as "Report")

    def flat(self) -> list[CommentNode]:
        """Every comment in reading order (a parent before its replies)."""
        out = []

        def walk(nodes):
            for n in nodes:
                out.append(n)
                walk(n.replies)

        walk(self.nodes)
        return out


def comment_thread(*, target, viewer) -> Thread:
    """The whole thread of a target for one viewer, in a bounded number of queries."""
    type_name = _check_type(target)
    ct = ContentType.objects.get_for_model(target)
    on_target = {"target_type": ct, "target_id": target.pk}
    comments = list(Comment.objects.filter(**on_target).select_related("author").order_by("created_at", "id"))

    revision_counts = dict(
        CommentRevision.objects.filter(**{f"comment__{k}": v for k, v in on_target.items()})
        .values_list("comment_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    reaction_counts = defaultdict(dict)
    for comment_id, kind, n in (
        Reaction.objects.filter(**{f"comment__{k}": v for k, v in on_target.items()})
        .values_list("comment_id", "kind")
        .annotate(n=Count("id"))
        .order_by()
    ):
        reaction_counts[comment_id][kind] = n

    signed_in = viewer is not None and viewer.is_authenticated
    mine = set()
    is_team = is_moderator = False
    if signed_in:
        mine = set(
            Reaction.objects.filter(
                user=viewer, **{f"comment__{k}": v for k, v in on_target.items()}
            ).values_list("comment_id", "kind")
        )
        is_team = isinstance(target, Project) and _is_team(viewer, target)
        is_moderator = viewer.is_staff or _is_moderator(viewer, target)
    can_comment = signed_in and viewer.is_active

    nodes_by_id = {}
    roots = []
    for c in comments:
        deleted = c.is_deleted
        own = signed_in and c.author_id == viewer.pk
        hidden = c.hidden_at is not None and not deleted
        masked = hidden and not (own or is_moderator)
        if masked:
            # The text of a comment hidden by moderation never leaves the server for this viewer (pages, API).
            c.body = c.body_html = ""
            deleted = True  # the placeholder allows no action, like a deleted comment's
        node = CommentNode(
            comment=c,
            revision_count=0 if deleted else revision_counts.get(c.pk, 0),
            reactions=[
                ReactionCount(kind, str(label), reaction_counts[c.pk].get(kind, 0), (c.pk, kind) in mine)
                for kind, label in ReactionKind.choices
            ],
            can_edit=own and not deleted,
            can_delete=signed_in and not deleted and (own or is_team or is_moderator),
            can_mark_helpful=is_team and not own and not deleted and c.project_id is not None,
            can_react=can_comment and not deleted,
            can_reply=can_comment and not masked,
            hidden=hidden,
            masked=masked,
        )
        nodes_by_id[c.pk] = node
    for node in nodes_by_id.values():
        parent = nodes_by_id.get(node.comment.parent_id)
        (roots if parent is None else parent.replies).append(node)
    thread = Thread(
        target=target,
        target_type=type_name,
        nodes=roots,
        count=sum(1 for c in comments if not c.is_deleted and c.hidden_at is None),
        can_comment=can_comment,
        viewer=viewer,
    )
    for node in thread.flat():
        for reply in node.replies:
            reply.depth = node.depth + 1
    return thread
