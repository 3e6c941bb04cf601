"""Follows, feeds and activity streams: /api/follows, /api/members/{username}/followers|following, /api/feed,
/api/projects/{slug}/activity, /api/orgs/{slug}/activity.

Feeds and streams are keyset-paginated: pass the ``next_cursor`` of a page as ``cursor`` to get the next one.
"""

from datetime import datetime
from typing import Any, Literal

from django.shortcuts import get_object_or_404
from django_ratelimit.decorators import ratelimit
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from boucle.accounts.models import User
from boucle.activity import selectors, services
from boucle.activity.lines import event_text, event_url
from boucle.api.pagination import Pagination
from boucle.orgs.models import Organization

router = Router(tags=["activity"])

Kind = Literal["member", "project", "organization", "challenge", "tag"]


class ActivityDetailOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {
    400: ActivityDetailOut,
    401: ActivityDetailOut,
    403: ActivityDetailOut,
    404: ActivityDetailOut,
    422: ActivityDetailOut,
    429: ActivityDetailOut,
}
PUBLIC_ERRORS = {400: ActivityDetailOut, 404: ActivityDetailOut, 422: ActivityDetailOut}


class FollowIn(Schema):
    target_type: Kind
    target: str = Field(
        ..., description="A member's username, or the slug of a project, organization, challenge or tag."
    )


class FollowOut(Schema):
    target_type: str
    target: str
    title: str
    url: str
    following: bool
    followers: int


class FollowerOut(Schema):
    username: str
    name: str
    url: str
    followed_at: datetime

    @staticmethod
    def resolve_username(obj) -> str:
        return obj.follower.username

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.follower.name

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.follower.get_absolute_url()

    @staticmethod
    def resolve_followed_at(obj) -> datetime:
        return obj.created_at


class FollowingOut(Schema):
    target_type: str
    target: str
    title: str
    url: str
    followed_at: datetime

    @staticmethod
    def resolve_target_type(obj) -> str:
        return (selectors.follow_kind(obj.target) if obj.target else None) or obj.target_type.model

    @staticmethod
    def resolve_target(obj) -> str:
        return selectors.follow_key(obj.target) if obj.target else ""

    @staticmethod
    def resolve_title(obj) -> str:
        return selectors.follow_title(obj.target) if obj.target else ""

    @staticmethod
    def resolve_url(obj) -> str:
        return selectors.follow_url(obj.target) if obj.target else ""

    @staticmethod
    def resolve_followed_at(obj) -> datetime:
        return obj.created_at


class EventOut(Schema):
    id: int
    verb: str
    created_at: datetime
    actor: str | None = Field(None, description="The actor's username; null for the platform itself.")
    project: str | None = None
    organization: str | None = None
    challenge: str | None = None
    text: str = Field(..., description="The feed line, as plain text.")
    url: str
    data: dict[str, Any]

    @staticmethod
    def resolve_actor(obj) -> str | None:
        return (obj.data.get("actor") or {}).get("username")

    @staticmethod
    def resolve_project(obj) -> str | None:
        return (obj.data.get("project") or {}).get("slug")

    @staticmethod
    def resolve_organization(obj) -> str | None:
        return (obj.data.get("organization") or {}).get("slug")

    @staticmethod
    def resolve_challenge(obj) -> str | None:
        return (obj.data.get("challenge") or {}).get("slug")

    @staticmethod
    def resolve_text(obj) -> str:
        return event_text(obj)

    @staticmethod
    def resolve_url(obj) -> str:
        return event_url(obj)


class EventPageOut(Schema):
    items: list[EventOut]
    next_cursor: str | None = Field(
        None, description="Pass it as `cursor` for the next page; null on the last."
    )


class EventPageIn(Schema):
    cursor: str | None = Field(None, max_length=100)
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=selectors.MAX_PAGE_SIZE)


def _follow_out(request, target) -> FollowOut:
    return FollowOut(
        target_type=selectors.follow_kind(target),
        target=selectors.follow_key(target),
        title=selectors.follow_title(target),
        url=selectors.follow_url(target),
        following=selectors.is_following(user=request.user, target=target),
        followers=selectors.follower_count(target=target),
    )


def _page(events, filters: EventPageIn) -> dict:
    page = selectors.events_page(events, cursor=filters.cursor or None, limit=filters.limit)
    return {"items": page.events, "next_cursor": page.next_cursor}


@router.post("/follows", response={200: FollowOut, 201: FollowOut, **ERRORS}, summary="Follow something")
@ratelimit(group="activity.follow", key="user_or_ip", rate="60/m", method="POST", block=True)
def follow_create(request, payload: FollowIn):
    """Follow a member, a project, an organization, a challenge or a tag. Following again changes nothing
    (200 instead of 201)."""
    target = selectors.follow_target_get(kind=payload.target_type, key=payload.target)
    _follow, created = services.follow(actor=request.user, target=target)
    return Status(201 if created else 200, _follow_out(request, target))


@router.delete("/follows", response={200: FollowOut, **ERRORS}, summary="Stop following something")
def follow_delete(request, target_type: Kind, target: str):
    """Stop following (``?target_type=project&target=castle``); harmless when you did not follow it."""
    found = selectors.follow_target_get(kind=target_type, key=target)
    services.unfollow(actor=request.user, target=found)
    return Status(200, _follow_out(request, found))


def _member(username: str) -> User:
    return get_object_or_404(User, username=username.replace("\x00", ""), is_active=True)


@router.get(
    "/members/{username}/followers",
    response={200: list[FollowerOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Who follows a member",
)
@paginate(Pagination)
def member_followers(request, username: str):
    return selectors.followers(target=_member(username))


@router.get(
    "/members/{username}/following",
    response={200: list[FollowingOut], **PUBLIC_ERRORS},
    auth=None,
    summary="What a member follows",
)
@paginate(Pagination)
def member_following(request, username: str):
    return selectors.following(member=_member(username))


@router.get("/feed", response={200: EventPageOut, **ERRORS}, summary="My home feed")
def feed(request, filters: Query[EventPageIn]):
    """What the members, projects, organizations, challenges and tags you follow did, newest first. Only your
    own feed: there is no way to read someone else's."""
    page = selectors.feed_page(user=request.user, cursor=filters.cursor or None, limit=filters.limit)
    return Status(200, {"items": page.events, "next_cursor": page.next_cursor})


@router.get(
    "/projects/{slug}/activity",
    response={200: EventPageOut, **PUBLIC_ERRORS},
    auth=None,
    summary="A project's public activity",
)
def project_activity(request, slug: str, filters: Query[EventPageIn]):
    project = selectors.project_public(slug=slug)
    return Status(200, _page(selectors.project_events(project=project), filters))


@router.get(
    "/orgs/{slug}/activity",
    response={200: EventPageOut, **PUBLIC_ERRORS},
    auth=None,
    summary="An organization's public activity",
)
def org_activity(request, slug: str, filters: Query[EventPageIn]):
    organization = get_object_or_404(Organization, slug=slug.replace("\x00", ""))
    return Status(200, _page(selectors.organization_events(organization=organization), filters))
