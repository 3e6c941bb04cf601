"""Projects API: list and read (public), create and edit (team), lifecycle, supports, team, second chances.

Every endpoint calls the same services and selectors as the HTML views.
"""

from datetime import datetime
from typing import Literal

from django.db.models import Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import File, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from boucle.api.auth import OptionalAuth
from boucle.api.pagination import Pagination
from boucle.core.images import thumbnail_url
from boucle.projects import merge, selectors, services
from boucle.projects.enums import LICENCE_URLS, Licence, ProjectStatus, TeamRole
from boucle.projects.models import MergeRequest, MergeRequestStatus, Project, SecondChanceRound

router = Router(tags=["projects"])


# ---------------------------------------------------------------------------------------------- schemas


class TeamMemberOut(Schema):
    username: str
    name: str
    role: TeamRole

    @staticmethod
    def resolve_username(obj):
        return obj.user.username

    @staticmethod
    def resolve_name(obj):
        return obj.user.name


class ProjectOut(Schema):
    slug: str
    title: str
    pitch: str
    body: str
    status: ProjectStatus
    licence: Licence
    licence_url: str
    technology: str
    organization: str
    challenge: str | None
    tags: list[str]
    cover: str
    cover_thumbnail: str
    support_count: int
    support_ladder: list[dict] | None
    support_tier: int
    support_deadline: datetime | None
    supported_at: datetime | None
    published_at: datetime | None
    created_at: datetime
    hot_score: float
    url: str

    @staticmethod
    def resolve_licence_url(obj):
        return LICENCE_URLS.get(obj.licence, "")

    @staticmethod
    def resolve_technology(obj):
        return obj.technology.slug

    @staticmethod
    def resolve_organization(obj):
        return obj.technology.organization.slug

    @staticmethod
    def resolve_challenge(obj):
        return obj.challenge.slug if obj.challenge_id else None

    @staticmethod
    def resolve_tags(obj):
        return [t.name for t in obj.tags.all()]

    @staticmethod
    def resolve_cover_thumbnail(obj):
        return thumbnail_url(obj.cover, "large") if obj.cover else ""

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class ProjectDetailOut(ProjectOut):
    team: list[TeamMemberOut]
    merged_into: str | None  # slug of the project this duplicate was merged into

    @staticmethod
    def resolve_merged_into(obj):
        return obj.merged_into.slug if obj.merged_into_id else None

    @staticmethod
    def resolve_team(obj):
        return list(selectors.project_team(project=obj))


class ProjectFilter(Schema):
    sort: Literal["hot", "new", "supported", "ending"] = "hot"
    tag: str = ""
    challenge: str = ""
    technology: str = ""
    stage: ProjectStatus | Literal[""] = ""


class ProjectIn(Schema):
    title: str
    pitch: str
    technology: str  # slug
    challenge: str | None = None  # slug
    body: str = ""
    licence: Licence = Licence.BY_SA
    tags: list[str] = []


class ProjectPatch(Schema):
    title: str | None = None
    pitch: str | None = None
    body: str | None = None
    licence: Licence | None = None
    tags: list[str] | None = None


class ReasonIn(Schema):
    reason: str


class TransitionOut(Schema):
    from_status: ProjectStatus
    to_status: ProjectStatus
    actor: str | None  # username; None: the platform
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_actor(obj):
        return obj.actor.username if obj.actor_id else None


class SupportOut(Schema):
    supported: bool
    support_count: int
    status: ProjectStatus


class TeamMemberIn(Schema):
    username: str
    role: TeamRole = TeamRole.COAUTHOR


class RoundOut(Schema):
    id: int
    organization: str
    title: str
    opens_at: datetime
    closes_at: datetime
    closed_at: datetime | None
    winner: str | None
    is_open: bool

    @staticmethod
    def resolve_organization(obj):
        return obj.organization.slug

    @staticmethod
    def resolve_winner(obj):
        return obj.winner.slug if obj.winner_id else None

    @staticmethod
    def resolve_is_open(obj):
        return services.second_chance_is_open(obj)


class CandidateOut(Schema):
    slug: str
    title: str
    status: ProjectStatus
    votes: int
    support_count: int


class RoundDetailOut(RoundOut):
    candidates: list[CandidateOut]

    @staticmethod
    def resolve_candidates(obj):
        return list(selectors.second_chance_standings(round_=obj))


class RoundIn(Schema):
    organization: str  # slug
    title: str
    opens_at: datetime
    closes_at: datetime
    candidates: list[str]  # project slugs


class VoteIn(Schema):
    project: str  # slug


class VoteOut(Schema):
    round: int
    project: str


class MergeIn(Schema):
    into: str  # slug of the project to merge into
    reason: str


class MergeRequestOut(Schema):
    id: int
    duplicate: str
    into: str
    reason: str
    status: MergeRequestStatus
    requested_by: str
    decided_by: str | None
    created_at: datetime
    decided_at: datetime | None

    @staticmethod
    def resolve_duplicate(obj):
        return obj.duplicate.slug

    @staticmethod
    def resolve_into(obj):
        return obj.into.slug

    @staticmethod
    def resolve_requested_by(obj):
        return obj.requested_by.username

    @staticmethod
    def resolve_decided_by(obj):
        return obj.decided_by.username if obj.decided_by_id else None


class MergeOut(Schema):
    merged: bool  # False: a request was sent to the target's team
    duplicate: str
    into: str
    supports_moved: int = 0
    supports_merged: int = 0
    comments_moved: int = 0
    authors_added: int = 0
    request: MergeRequestOut | None = None


def _merge_out(result, request=None) -> dict:
    return {
        "merged": True,
        "duplicate": result.duplicate.slug,
        "into": result.into.slug,
        "supports_moved": result.supports_moved,
        "supports_merged": result.supports_merged,
        "comments_moved": result.comments_moved,
        "authors_added": result.authors_added,
        "request": request,
    }


def _user(request):
    user = getattr(request, "auth", None)
    return user if getattr(user, "is_authenticated", False) else request.user


def _project(request, slug) -> Project:
    return selectors.project_get(slug=slug, user=_user(request))


# ---------------------------------------------------------------------------------------------- second chances
# Declared before "/{slug}" so that "second-chances" is never read as a project slug.


@router.get("/second-chances", response=list[RoundOut], auth=None)
@paginate(Pagination)
def list_second_chances(request, organization: str):
    from boucle.orgs.models import Organization

    org = get_object_or_404(Organization, slug=organization.replace("\x00", ""))
    return selectors.second_chance_rounds(organization=org)


@router.post("/second-chances", response={201: RoundDetailOut})
def create_second_chance(request, payload: RoundIn):
    from boucle.orgs.models import Organization

    org = get_object_or_404(Organization, slug=payload.organization.replace("\x00", ""))
    round_ = services.second_chance_create(
        actor=request.user,
        organization=org,
        title=payload.title,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        candidates=payload.candidates,
    )
    return Status(201, round_)


@router.get("/second-chances/{round_id}", response=RoundDetailOut, auth=None)
def read_second_chance(request, round_id: int):
    return get_object_or_404(SecondChanceRound.objects.select_related("organization", "winner"), pk=round_id)


@router.post("/second-chances/{round_id}/vote", response=VoteOut)
def vote_second_chance(request, round_id: int, payload: VoteIn):
    round_ = get_object_or_404(SecondChanceRound, pk=round_id)
    project = Project.objects.filter(slug=payload.project.replace("\x00", "")).first()
    vote = services.second_chance_vote(actor=request.user, round_=round_, project=project)
    return {"round": round_.pk, "project": vote.project.slug}


# ---------------------------------------------------------------------------------------------- merge requests
# Declared before "/{slug}" too.


def _merge_request(request_id) -> MergeRequest:
    return get_object_or_404(
        MergeRequest.objects.select_related("duplicate", "into", "requested_by", "decided_by"), pk=request_id
    )


@router.post("/merge-requests/{request_id}/accept", response=MergeOut)
def accept_merge_request(request, request_id: int):
    """An owner of the target accepts: the duplicate is merged into it now."""
    merge_request = _merge_request(request_id)
    result = merge.merge_request_accept(actor=request.user, merge_request=merge_request)
    return _merge_out(result, _merge_request(request_id))


@router.post("/merge-requests/{request_id}/decline", response=MergeRequestOut)
def decline_merge_request(request, request_id: int):
    """An owner of the target declines (or the duplicate's owner withdraws the request)."""
    merge_request = _merge_request(request_id)
    merge.merge_request_decline(actor=request.user, merge_request=merge_request)
    return _merge_request(request_id)


# ---------------------------------------------------------------------------------------------- projects


@router.get("/", response=list[ProjectOut], auth=None)
@paginate(Pagination)
def list_projects(request, filters: Query[ProjectFilter]):
    return selectors.project_list(**filters.dict())


@router.post("/", response={201: ProjectDetailOut})
def create_project(request, payload: ProjectIn):
    project = services.project_create(actor=request.user, **payload.dict())
    return Status(201, project)


@router.get("/{slug}", response=ProjectDetailOut, auth=OptionalAuth())
def read_project(request, slug: str):
    return _project(request, slug)


@router.patch("/{slug}", response=ProjectDetailOut)
def update_project(request, slug: str, payload: ProjectPatch):
    project = _project(request, slug)
    return services.project_update(actor=request.user, project=project, **payload.dict())


@router.post("/{slug}/cover", response=ProjectDetailOut)
def upload_cover(request, slug: str, cover: File[UploadedFile]):
    project = _project(request, slug)
    return services.project_update(actor=request.user, project=project, cover=cover)


@router.post("/{slug}/publish", response=ProjectDetailOut)
def publish_project(request, slug: str):
    project = _project(request, slug)
    services.project_publish(actor=request.user, project=project)
    return project


@router.post("/{slug}/archive", response=ProjectDetailOut)
def archive_project(request, slug: str, payload: ReasonIn):
    project = _project(request, slug)
    services.project_archive(actor=request.user, project=project, reason=payload.reason)
    return project


@router.get("/{slug}/transitions", response=list[TransitionOut], auth=OptionalAuth())
def list_transitions(request, slug: str):
    return list(selectors.project_transitions(project=_project(request, slug)))


SUPPORT_RATE = "30/m"


@router.post("/{slug}/support", response={201: SupportOut})
@ratelimit(
    group="projects.support", key="user_or_ip", rate=SUPPORT_RATE, method=["POST", "DELETE"], block=True
)
def add_support(request, slug: str):
    project = selectors.project_get(slug=slug, user=_user(request), lean=True)
    services.support_add(actor=request.user, project=project)
    return Status(201, {"supported": True, "support_count": project.support_count, "status": project.status})


@router.delete("/{slug}/support", response=SupportOut)
@ratelimit(
    group="projects.support", key="user_or_ip", rate=SUPPORT_RATE, method=["POST", "DELETE"], block=True
)
def withdraw_support(request, slug: str):
    project = selectors.project_get(slug=slug, user=_user(request), lean=True)
    services.support_withdraw(actor=request.user, project=project)
    return {"supported": False, "support_count": project.support_count, "status": project.status}


@router.post("/{slug}/team", response={201: TeamMemberOut})
def add_team_member(request, slug: str, payload: TeamMemberIn):
    project = _project(request, slug)
    return Status(201, services.team_add(actor=request.user, project=project, **payload.dict()))


@router.delete("/{slug}/team/{username}", response={204: None})
def remove_team_member(request, slug: str, username: str):
    from boucle.accounts.models import User

    project = _project(request, slug)
    services.team_remove(
        actor=request.user,
        project=project,
        user=get_object_or_404(User, username=username.replace("\x00", "")),
    )
    return Status(204, None)


@router.post("/{slug}/merge", response={200: MergeOut, 201: MergeOut})
def merge_project(request, slug: str, payload: MergeIn):
    """Merge this duplicate into ``into``: directly for the organization's moderators and owners and site staff
    (200), or as a request to the target's owners when an owner of the duplicate asks (201)."""
    project = _project(request, slug)
    result = merge.project_merge_or_request(
        actor=request.user, duplicate=project, into=payload.into, reason=payload.reason
    )
    if isinstance(result, MergeRequest):
        body = {"merged": False, "duplicate": project.slug, "into": result.into.slug, "request": result}
        return Status(201, body)
    return Status(200, _merge_out(result))


@router.get("/{slug}/merge-requests", response=list[MergeRequestOut])
def list_merge_requests(request, slug: str):
    """Pending merge requests from and to this project, for its team and the organization's moderators."""
    from boucle.core.errors import NotAllowed

    project = _project(request, slug)
    user = _user(request)
    if not (
        services.is_team_member(project=project, user=user)
        or merge.is_org_moderator(user=user, project=project)
    ):
        raise NotAllowed(
            _("Only the project's team and the organization's moderators see its merge requests.")
        )
    return list(
        MergeRequest.objects.filter(Q(duplicate=project) | Q(into=project), status=MergeRequestStatus.PENDING)
        .select_related("duplicate", "into", "requested_by", "decided_by")
        .order_by("created_at", "id")
    )
