"""Writes of the community app: comments, their edits and deletion, reactions, helpful marks.

Every function checks the actor's rights itself and raises a ``boucle.core.errors`` exception with a
message for the person; nothing is written when it raises.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.accounts.models import User
from boucle.community.models import Comment, CommentRevision, Mention, Reaction, ReactionKind
from boucle.community.selectors import (
    comment_can_delete,
    comment_can_mark_helpful,
    target_check_visible,
    target_organization,
    target_project,
)
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.core.markdown import mentioned_usernames, render_markdown
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record, contribution_reverse

MAX_BODY_LENGTH = 10000
# Replies nest at most three levels below the comment that opened a conversation: a reply to a comment
# that already sits at the deepest level attaches to that comment's own parent (the deepest parent
# allowed), so it shows right beside the comment it answers instead of drifting off the right of a phone.
MAX_REPLY_DEPTH = 3


def _require_member(actor):
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Log in to take part in the discussion."))
    if not actor.is_active:
        raise NotAllowed(_("This account is disabled."))


def _clean_body(body) -> str:
    body = (body or "").strip()
    if not body:
        raise InvalidInput(_("Write something before sending."), field="body")
    if len(body) > MAX_BODY_LENGTH:
        raise InvalidInput(
            _("A comment holds at most %(max)d characters (this one has %(n)d).")
            % {"max": MAX_BODY_LENGTH, "n": len(body)},
            field="body",
        )
    return body


def _mentioned_members(body: str) -> dict[str, User]:
    """Existing, active members written as @username in the body: {username: user}, one query."""
    names = mentioned_usernames(body)
    if not names:
        return {}
    return {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}


def _render(body: str, members: dict[str, User]) -> str:
    def mention_url(username):
        return reverse("member_detail", args=[username]) if username in members else None

    return render_markdown(body, mention_url=mention_url)


def _sync_mentions(comment: Comment, members: dict[str, User]) -> None:
    wanted = {u.pk for u in members.values()}
    existing = set(comment.mentions.values_list("user_id", flat=True))
    comment.mentions.exclude(user_id__in=wanted).delete()
    Mention.objects.bulk_create([Mention(comment=comment, user_id=pk) for pk in wanted - existing])


def _depth(comment: Comment) -> int:
    """0 for a conversation's first comment, 1 for a reply to it, and so on (a few small queries at most)."""
    depth, node = 0, comment
    while node.parent_id is not None:
        node = node.parent
        depth += 1
    return depth


@transaction.atomic
def comment_create(*, author, target, body: str, parent: Comment | None = None) -> Comment:
    """Post a comment (or a reply to ``parent``) on a project, a technology or a challenge.

    >>> comment_create(author=alice, target=project, body="Nice idea, @bob!")
    <Comment: alice: Nice idea, @bob!>
    """
    _require_member(author)
    target_check_visible(user=author, target=target)  # refuses other types and drafts of others
    from boucle.moderation.selectors import member_is_banned

    if member_is_banned(user=author, organization=target_organization(target)):
        raise NotAllowed(_("You are banned from commenting in this organization."))
    body = _clean_body(body)
    target_type = ContentType.objects.get_for_model(target)
    replied_to = None
    if parent is not None:
        if parent.target_type_id != target_type.pk or parent.target_id != target.pk:
            raise InvalidInput(_("You can only reply to a comment of the same discussion."), field="parent")
        replied_to = parent.author_id  # the person answered, even when the reply attaches higher up
        if _depth(parent) >= MAX_REPLY_DEPTH:
            parent = parent.parent
    members = _mentioned_members(body)
    project = target_project(target)
    comment = Comment.objects.create(
        target_type=target_type,
        target_id=target.pk,
        project=project,
        parent=parent,
        author=author,
        body=body,
        body_html=_render(body, members),
    )
    _sync_mentions(comment, members)
    contribution_record(actor=author, kind=ContributionKind.COMMENT, project=project, subject=comment)
    _record_comment_posted(comment, target=target, mentioned=members, replied_to=replied_to)
    return comment


def _record_comment_posted(comment: Comment, *, target, mentioned: dict[str, User], replied_to) -> None:
    """COMMENT_POSTED on the comment's scope: its project, or the organization (and challenge) of a technology
    or challenge discussion."""
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record, excerpt
    from boucle.catalog.models import Technology
    from boucle.challenges.models import Challenge

    scope = {}
    if isinstance(target, Technology):
        kind, title, scope["organization"] = "technology", target.name, target.organization
    elif isinstance(target, Challenge):
        kind, title = "challenge", target.title
        scope["challenge"], scope["organization"] = target, target.technology.organization
    else:
        kind, title, scope["project"] = "project", target.title, target
    event_record(
        verb=Verb.COMMENT_POSTED,
        actor=comment.author,
        subject=comment,
        data={
            "target": {"kind": kind, "title": title, "slug": target.slug},
            "comment_id": comment.pk,
            "mentions": sorted(u.pk for u in mentioned.values()),
            "parent_author": replied_to,
            "excerpt": excerpt(comment.body),
        },
        **scope,
    )


def _lock(comment: Comment) -> Comment:
    # Re-read under a row lock so two concurrent edits, deletions or marks serialize instead of racing.
    return Comment.objects.select_for_update().select_related("author").get(pk=comment.pk)


@transaction.atomic
def comment_edit(*, actor, comment: Comment, body: str) -> Comment:
    """Change a comment's text; the previous text is kept as a revision anyone can read."""
    _require_member(actor)
    comment = _lock(comment)
    if comment.author_id != actor.pk:
        raise NotAllowed(_("Only the author can edit a comment."))
    if comment.is_deleted:
        raise Conflict(_("This comment was deleted."))
    body = _clean_body(body)
    if body == comment.body:
        return comment  # nothing changed: no revision, no "edited" mark
    CommentRevision.objects.create(comment=comment, body=comment.body)
    members = _mentioned_members(body)
    comment.body = body
    comment.body_html = _render(body, members)
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "body_html", "edited_at"])
    _sync_mentions(comment, members)
    return comment


@transaction.atomic
def comment_delete(*, actor, comment: Comment) -> Comment:
    """Soft-delete a comment: its text disappears, its place and its replies stay.

    Allowed to the author, the project's team (on project comments), the organization's moderators and
    owners, and site staff. The ledger gets a reversal of the comment (and of its helpful mark, if any:
    a deleted comment no longer counts as a contribution).
    """
    _require_member(actor)
    comment = _lock(comment)
    if comment.is_deleted:
        raise Conflict(_("This comment was already deleted."))
    if not comment_can_delete(user=actor, comment=comment):
        raise NotAllowed(_("You cannot delete this comment."))
    comment.deleted_at = timezone.now()
    comment.deleted_by = actor
    fields = ["deleted_at", "deleted_by"]
    if comment.is_helpful:
        contribution_reverse(actor=comment.author, kind=ContributionKind.COMMENT_HELPFUL, subject=comment)
        comment.helpful_marked_at = None
        comment.helpful_marked_by = None
        fields += ["helpful_marked_at", "helpful_marked_by"]
    comment.save(update_fields=fields)
    comment.reactions.all().delete()
    contribution_reverse(actor=comment.author, kind=ContributionKind.COMMENT, subject=comment)
    return comment


@transaction.atomic
def reaction_toggle(*, actor, comment: Comment, kind: str) -> bool:
    """Add the member's reaction of this kind, or take it back. Returns True when it is now there."""
    _require_member(actor)
    if kind not in ReactionKind.values:
        raise InvalidInput(_("Unknown reaction."), field="kind")
    if comment.is_deleted:
        raise Conflict(_("This comment was deleted."))
    target_check_visible(user=actor, target=comment.target)
    deleted, _rows = Reaction.objects.filter(comment=comment, user=actor, kind=kind).delete()
    if deleted:
        return False
    try:
        with transaction.atomic():
            Reaction.objects.create(comment=comment, user=actor, kind=kind)
    except IntegrityError:
        pass  # a concurrent request of the same member added it: the reaction is there either way
    return True


@transaction.atomic
def comment_mark_helpful(*, actor, comment: Comment) -> Comment:
    """The project's team marks a comment helpful: it counts as a contribution of the comment's author."""
    _require_member(actor)
    comment = _lock(comment)
    if not comment_can_mark_helpful(user=actor, comment=comment):
        raise NotAllowed(_("Only the project's team can mark someone else's comment helpful."))
    if comment.is_deleted:
        raise Conflict(_("This comment was deleted."))
    if comment.is_helpful:
        raise Conflict(_("This comment is already marked helpful."))
    comment.helpful_marked_at = timezone.now()
    comment.helpful_marked_by = actor
    comment.save(update_fields=["helpful_marked_at", "helpful_marked_by"])
    contribution_record(
        actor=comment.author, kind=ContributionKind.COMMENT_HELPFUL, project=comment.project, subject=comment
    )
    return comment


@transaction.atomic
def comment_unmark_helpful(*, actor, comment: Comment) -> Comment:
    _require_member(actor)
    comment = _lock(comment)
    if not comment_can_mark_helpful(user=actor, comment=comment):
        raise NotAllowed(_("Only the project's team can mark someone else's comment helpful."))
    if not comment.is_helpful:
        raise Conflict(_("This comment is not marked helpful."))
    comment.helpful_marked_at = None
    comment.helpful_marked_by = None
    comment.save(update_fields=["helpful_marked_at", "helpful_marked_by"])
    contribution_reverse(actor=comment.author, kind=ContributionKind.COMMENT_HELPFUL, subject=comment)
    return comment
