"""JSON API of moderation, mounted at /api/moderation. Same services and selectors as the pages."""

from datetime import datetime
from typing import Literal

from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.core.errors import NotAllowed, NotFound
from boucle.moderation import selectors, services
from boucle.moderation.models import ActionKind, ModerationAction, Report, ReportReason
from boucle.moderation.views import REPORT_RATE
from boucle.orgs.models import Organization

router = Router(tags=["moderation"])

Kind = Literal["project", "comment", "make", "member"]


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}


class ReportIn(Schema):
    type: Kind
    id: int = Field(ge=1, le=2**62)
    reason: ReportReason
    text: str = Field("", max_length=2000, description='Required when the reason is "other".')


class ReportOut(Schema):
    id: int
    type: str
    target_id: int
    reason: str
    text: str
    created_at: datetime

    @staticmethod
    def resolve_type(obj: Report) -> str:
        return obj.kind


class QueueReportOut(Schema):
    reporter: str
    reason: str
    text: str
    created_at: datetime


class QueueItemOut(Schema):
    type: str
    id: int
    label: str
    url: str
    organization: str | None
    hidden: bool
    authors: list[str]
    reports: list[QueueReportOut]


class QueueFilter(Schema):
    organization: str = Field(
        "", max_length=120, description="An organization's slug; empty: the whole site (staff only)."
    )
    type: Kind | None = None


class ActionIn(Schema):
    action: ActionKind
    type: Kind = Field(description="What the action is on; bans take a member.")
    id: int = Field(ge=1, le=2**62)
    reason: str = Field("", max_length=2000, description="Required for bans.")
    organization: str = Field(
        "", max_length=120, description="The organization's slug, for ban_org and unban_org."
    )


class ActionOut(Schema):
    id: int
    moderator: str | None
    action: str
    type: str
    target_id: int
    target_label: str
    organization: str | None
    reason: str
    created_at: datetime

    @staticmethod
    def resolve_moderator(obj: ModerationAction):
        return obj.moderator.username if obj.moderator_id else None

    @staticmethod
    def resolve_type(obj: ModerationAction):
        return obj.kind

    @staticmethod
    def resolve_organization(obj: ModerationAction):
        return obj.organization.slug if obj.organization_id else None


class LogFilter(Schema):
    action: ActionKind | None = None
    type: Kind | None = None
    moderator: str = Field("", max_length=150, description="A moderator's username.")
    organization: str = Field("", max_length=120, description="An organization's slug.")


def _organization(slug: str):
    slug = (slug or "").replace("\x00", "")
    if not slug:
        return None
    organization = Organization.objects.filter(slug=slug).first()
    if organization is None:
        raise NotFound(_("This organization does not exist."), field="organization")
    return organization


@router.post(
    "/reports", response={201: ReportOut, **ERRORS}, summary="Report a project, a comment, a make or a member"
)
@ratelimit(key="user_or_ip", rate=REPORT_RATE, method="POST", group="moderation_report")
def report_create(request, payload: ReportIn):
    target = selectors.target_get_for(kind=payload.type, target_id=payload.id, user=request.auth)
    report = services.report_create(
        reporter=request.auth, target=target, reason=payload.reason, text=payload.text
    )
    return Status(201, report)


@router.get("/queue", response={200: list[QueueItemOut], **ERRORS}, summary="What waits for a decision")
@paginate(Pagination)
def queue(request, filters: Query[QueueFilter]):
    """Targets with open reports, most reported first (moderators only: the organization's moderators and
    owners with ?organization=slug, site staff for everything)."""
    organization = _organization(filters.organization)
    if organization is None:
        selectors.require_staff(request.auth)
    elif not selectors.is_org_moderator(user=request.auth, organization=organization):
        raise NotAllowed(_("Only the organization's moderators see its moderation queue."))
    rows = list(selectors.queue_targets(organization=organization, kind=filters.type or "")[:1000])
    return [
        {
            "type": item.kind,
            "id": item.target_id,
            "label": item.label,
            "url": item.url,
            "organization": item.organization.slug if item.organization else None,
            "hidden": item.hidden,
            "authors": [a.username for a in item.authors],
            "reports": [
                {
                    "reporter": r.reporter.username,
                    "reason": r.reason,
                    "text": r.text,
                    "created_at": r.created_at,
                }
                for r in item.reports
            ],
        }
        for item in selectors.queue_items(rows)
    ]


@router.post("/actions", response={201: ActionOut, **ERRORS}, summary="Hide, restore, dismiss, ban or unban")
def action_create(request, payload: ActionIn):
    target = selectors.target_resolve(kind=payload.type, target_id=payload.id)
    action = services.moderation_act(
        moderator=request.auth,
        action=payload.action,
        target=target,
        reason=payload.reason,
        organization=_organization(payload.organization),
    )
    return Status(201, action)


@router.get("/log", response={200: list[ActionOut], **ERRORS}, summary="The moderation log (staff only)")
@paginate(Pagination)
def log(request, filters: Query[LogFilter]):
    selectors.require_staff(request.auth)
    return selectors.action_log(
        action=filters.action or "",
        kind=filters.type or "",
        moderator=filters.moderator,
        organization=filters.organization,
    )
