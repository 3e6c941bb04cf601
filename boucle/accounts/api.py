"""Members and their personal API tokens: /api/me, /api/members/{username}, /api/me/tokens."""

from datetime import datetime

from django.http import HttpRequest
from ninja import File, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from boucle.accounts import selectors, services
from boucle.accounts.models import User
from boucle.api.pagination import Pagination
from boucle.core.images import thumbnail_url
from boucle.core.markdown import render_markdown

router = Router(tags=["accounts"])


class MeOut(Schema):
    id: int
    username: str
    name: str
    display_name: str
    email: str
    bio: str
    skills: list[str]
    links: list[str]
    avatar_url: str
    profile_url: str
    date_joined: datetime

    @staticmethod
    def resolve_avatar_url(obj: User) -> str:
        return thumbnail_url(obj.avatar, "small")

    @staticmethod
    def resolve_profile_url(obj: User) -> str:
        return obj.get_absolute_url()


class MeIn(Schema):
    """Only the fields given change. Skills and links are lists; the same rules as the profile page apply."""

    display_name: str | None = None
    bio: str | None = None
    skills: list[str] | None = None
    links: list[str] | None = None


class MemberProjectOut(Schema):
    slug: str
    title: str
    status: str
    url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.get_absolute_url()


class MemberOut(Schema):
    username: str
    name: str
    display_name: str
    bio: str
    bio_html: str
    skills: list[str]
    links: list[str]
    avatar_url: str
    profile_url: str
    date_joined: datetime
    supports_count: int
    contributions_count: int
    projects: list[MemberProjectOut]


class TokenIn(Schema):
    name: str


class TokenOut(Schema):
    id: int
    name: str
    hint: str
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None


class TokenCreatedOut(TokenOut):
    key: str


class DetailOut(Schema):
    detail: str


ERRORS = {400: DetailOut, 401: DetailOut, 403: DetailOut, 404: DetailOut}


@router.get("/me", response={200: MeOut, 401: DetailOut}, summary="The member making the request")
def me_get(request: HttpRequest):
    return request.auth


@router.patch("/me", response={200: MeOut, **ERRORS}, summary="Edit my profile")
def me_update(request: HttpRequest, payload: MeIn):
    data = payload.dict(exclude_unset=True)
    return services.profile_update(
        actor=request.auth,
        user=request.auth,
        display_name=data.get("display_name"),
        bio=data.get("bio"),
        skills=data.get("skills"),
        links=data.get("links"),
    )


@router.post(
    "/me/avatar", response={200: MeOut, **ERRORS}, summary="Upload my avatar (JPEG, PNG, GIF or WebP)"
)
def me_avatar_set(request: HttpRequest, avatar: File[UploadedFile]):
    return services.profile_update(actor=request.auth, user=request.auth, avatar=avatar)


@router.delete("/me/avatar", response={200: MeOut, **ERRORS}, summary="Remove my avatar")
def me_avatar_remove(request: HttpRequest):
    return services.profile_update(actor=request.auth, user=request.auth, avatar_remove=True)


@router.get(
    "/members/{username}", response={200: MemberOut, 404: DetailOut}, auth=None, summary="A member's profile"
)
def member_get(request: HttpRequest, username: str):
    member = selectors.member_get(username=username)
    counts = selectors.member_counts(member=member)
    return {
        "username": member.username,
        "name": member.name,
        "display_name": member.display_name,
        "bio": member.bio,
        "bio_html": render_markdown(member.bio),
        "skills": member.skills or [],
        "links": member.links or [],
        "avatar_url": thumbnail_url(member.avatar, "small"),
        "profile_url": member.get_absolute_url(),
        "date_joined": member.date_joined,
        "supports_count": counts["supports"],
        "contributions_count": counts["contributions"],
        "projects": list(selectors.member_projects(member=member, viewer=request.user)),
    }


@router.get("/me/tokens", response=list[TokenOut], summary="My API tokens, revoked ones included")
@paginate(Pagination)
def tokens_list(request: HttpRequest):
    return selectors.token_list(user=request.auth)


@router.post("/me/tokens", response={201: TokenCreatedOut, **ERRORS}, summary="Create an API token")
def token_create(request: HttpRequest, payload: TokenIn):
    """The key is in this response only: Boucle keeps a hash of it, never the key itself."""
    token, key = services.token_create(actor=request.auth, name=payload.name)
    return Status(
        201,
        TokenCreatedOut(
            id=token.pk,
            name=token.name,
            hint=token.hint,
            created_at=token.created_at,
            last_used_at=token.last_used_at,
            revoked_at=token.revoked_at,
            key=key,
        ),
    )


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS}, summary="Revoke an API token")
def token_revoke(request: HttpRequest, token_id: int):
    services.token_revoke(actor=request.auth, token_id=token_id)
    return Status(204, None)
