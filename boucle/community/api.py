"""JSON API of comments, mounted at /api/comments. Same services and selectors as the pages."""

from datetime import datetime
from typing import Literal

from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.community import services
from boucle.community.models import Comment, ReactionKind
from boucle.community.selectors import (
    CommentNode,
    comment_get,
    comment_revisions,
    comment_thread,
    target_get,
)
from boucle.community.views import COMMENT_RATE, RATE_GROUP
from boucle.core.errors import InvalidInput

router = Router(tags=["comments"])

TargetType = Literal["project", "technology", "challenge"]


class AuthorOut(Schema):
    username: str
    name: str
    url: str


class ReactionCountOut(Schema):
    kind: str
    emoji: str
    name: str
    count: int
    reacted: bool = Field(description="Whether the member making the request reacted so.")


class CommentOut(Schema):
    id: int
    target_type: TargetType
    target: str = Field(description="The slug of the project, technology or challenge.")
    parent: int | None
    depth: int = Field(description="0 for a conversation's first comment, 1 for a reply to it...")
    author: AuthorOut | None = Field(description="None once the comment is deleted.")
    body: str = Field(description="Markdown; empty once deleted.")
    body_html: str = Field(description="Sanitized HTML; empty once deleted.")
    created_at: datetime
    edited_at: datetime | None
    deleted: bool
    hidden: bool = Field(
        False, description="Hidden by moderation (author and text withheld from other viewers)."
    )
    helpful: bool
    revisions: int = Field(description="Number of earlier versions (GET /api/comments/{id}/revisions).")
    reactions: list[ReactionCountOut]


class CommentIn(Schema):
    target_type: TargetType
    target: str = Field(min_length=1, max_length=200, description="The slug of the target.")
    body: str = Field(max_length=20000)
    parent: int | None = Field(None, ge=1, description="The comment this one answers.")


class CommentEditIn(Schema):
    body: str = Field(max_length=20000)


class ReactionIn(Schema):
    kind: ReactionKind


class ReactionOut(Schema):
    kind: str
    reacted: bool
    count: int


class CommentRevisionOut(Schema):
    body: str
    created_at: datetime


class ThreadFilter(Schema):
    target_type: TargetType
    target: str = Field(min_length=1, max_length=200, description="The slug of the target.")


def _out(node: CommentNode, *, target_type: str, target) -> dict:
    c = node.comment
    deleted = c.is_deleted
    # A comment hidden by moderation shows neither its text nor its author to this viewer.
    masked = deleted or node.masked
    return {
        "id": c.pk,
        "target_type": target_type,
        "target": target.slug,
        "parent": c.parent_id,
        "depth": node.depth,
        "author": None
        if masked
        else {
            "username": c.author.username,
            "name": c.author.name,
            "url": reverse("member_detail", args=[c.author.username]),
        },
        "body": "" if masked else c.body,
        "body_html": "" if masked else c.body_html,
        "created_at": c.created_at,
        "edited_at": c.edited_at,
        "deleted": deleted,
        "hidden": node.hidden,
        "helpful": c.is_helpful,
        "revisions": node.revision_count,
        "reactions": [
            {"kind": r.kind, "emoji": r.emoji, "name": str(r.name), "count": r.count, "reacted": r.reacted}
            for r in node.reactions
        ],
    }


def _one(request, comment: Comment) -> dict:
    """One comment as the thread shows it to this member (reads the thread: a handful of queries)."""
    target = comment.target
    thread = comment_thread(target=target, viewer=request.user)
    node = next(n for n in thread.flat() if n.id == comment.pk)
    return _out(node, target_type=thread.target_type, target=target)


@router.get(
    "", response=list[CommentOut], auth=None, summary="The comments of a project, technology or challenge"
)
@paginate(Pagination)
def comment_list(request, filters: Query[ThreadFilter]):
    """Every comment of the target in reading order (a parent before its replies; conversations oldest
    first). Deleted comments stay as placeholders so replies keep their place."""
    target = target_get(target_type=filters.target_type, key=filters.target, user=request.user)
    thread = comment_thread(target=target, viewer=request.user)
    return [_out(n, target_type=thread.target_type, target=target) for n in thread.flat()]


@router.post("", response={201: CommentOut}, summary="Comment (or reply)")
@ratelimit(key="user_or_ip", rate=COMMENT_RATE, method="POST", group=RATE_GROUP)
def comment_create(request, payload: CommentIn):
    target = target_get(target_type=payload.target_type, key=payload.target, user=request.user)
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent).first()
        if parent is None:
            raise InvalidInput(_("The comment you reply to does not exist any more."), field="parent")
    comment = services.comment_create(author=request.user, target=target, body=payload.body, parent=parent)
    return Status(201, _one(request, comment))


@router.patch("/{int:comment_id}", response=CommentOut, summary="Edit your comment")
def comment_edit(request, comment_id: int, payload: CommentEditIn):
    comment = comment_get(comment_id=comment_id, user=request.user)
    comment = services.comment_edit(actor=request.user, comment=comment, body=payload.body)
    return _one(request, comment)


@router.delete("/{int:comment_id}", response={204: None}, summary="Delete a comment (its replies stay)")
def comment_delete(request, comment_id: int):
    comment = comment_get(comment_id=comment_id, user=request.user)
    services.comment_delete(actor=request.user, comment=comment)
    return Status(204, None)


@router.post("/{int:comment_id}/reactions", response=ReactionOut, summary="Add or take back a reaction")
def comment_react(request, comment_id: int, payload: ReactionIn):
    comment = comment_get(comment_id=comment_id, user=request.user)
    reacted = services.reaction_toggle(actor=request.user, comment=comment, kind=payload.kind)
    return {
        "kind": payload.kind,
        "reacted": reacted,
        "count": comment.reactions.filter(kind=payload.kind).count(),
    }


@router.post("/{int:comment_id}/helpful", response=CommentOut, summary="Mark helpful (project team)")
def comment_mark_helpful(request, comment_id: int):
    comment = comment_get(comment_id=comment_id, user=request.user)
    return _one(request, services.comment_mark_helpful(actor=request.user, comment=comment))


@router.delete("/{int:comment_id}/helpful", response=CommentOut, summary="Unmark helpful (project team)")
def comment_unmark_helpful(request, comment_id: int):
    comment = comment_get(comment_id=comment_id, user=request.user)
    return _one(request, services.comment_unmark_helpful(actor=request.user, comment=comment))


@router.get(
    "/{int:comment_id}/revisions", response=list[CommentRevisionOut], auth=None, summary="Earlier versions"
)
def comment_revision_list(request, comment_id: int):
    """The texts a comment had before each edit, oldest first (none once the comment is deleted)."""
    comment = comment_get(comment_id=comment_id, user=request.user)
    if comment.is_deleted:
        return []
    return list(comment_revisions(comment=comment))
