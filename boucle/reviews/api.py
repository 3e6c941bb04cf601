"""Reviews API: review windows, the review queue, scorecards, decisions and the team's answer.

Mounted at the root of /api (paths name their organization or project); the same services as the HTML views.
"""

from datetime import datetime

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate
from pydantic import StrictInt

from boucle.api.pagination import Pagination
from boucle.core.errors import NotAllowed, NotFound
from boucle.orgs.models import Organization
from boucle.projects.models import Project
from boucle.reviews import selectors, services
from boucle.reviews.models import Decision, ReviewWindow

router = Router(tags=["reviews"])


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {404: ErrorOut, 422: ErrorOut}


class ReviewMemberOut(Schema):
    username: str
    name: str


class CriterionOut(Schema):
    key: str
    label: str
    low: str = Field(description="What a score of 1 means.")
    high: str = Field(description="What a score of 5 means.")


class ReviewWindowIn(Schema):
    title: str = Field(max_length=120)
    starts_at: datetime


class ReviewWindowOut(Schema):
    id: int
    title: str
    starts_at: datetime
    opened_at: datetime | None
    is_open: bool

    @staticmethod
    def resolve_is_open(obj):
        return selectors.review_window_is_open(obj)


class ReviewIn(Schema):
    scores: dict[str, StrictInt] = Field(
        description="A score from 1 to 5 for every published criterion, by key.",
        examples=[{"design": 4, "fit": 5, "demand": 3, "feasibility": 4}],
    )
    note: str = Field("", max_length=5000)


class ReviewOut(Schema):
    id: int
    project: str
    reviewer: ReviewMemberOut
    scores: dict[str, int]
    note: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug


class DecisionIn(Schema):
    decision: Decision
    reason: str = Field(max_length=5000, description="Public; at least 20 characters.")


class AnswerIn(Schema):
    answer: str = Field(max_length=5000)


class DecisionOut(Schema):
    id: int
    project: str
    decision: str
    reason: str
    decided_by: ReviewMemberOut
    created_at: datetime
    answer: str
    answered_by: ReviewMemberOut | None
    answered_at: datetime | None

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug


class AverageOut(Schema):
    criterion: str
    average: float | None


class QueueProjectOut(Schema):
    slug: str
    title: str
    technology: str
    scorecards: int
    averages: list[AverageOut]
    reviewed_by_me: bool


class WaitingProjectOut(Schema):
    slug: str
    title: str
    technology: str
    review_window: ReviewWindowOut | None


class ReviewQueueOut(Schema):
    criteria: list[CriterionOut]
    in_review: list[QueueProjectOut]
    waiting: list[WaitingProjectOut]


def _organization(slug) -> Organization:
    return get_object_or_404(Organization, slug=slug)


def _project(slug) -> Project:
    return get_object_or_404(Project.objects.select_related("technology__organization"), slug=slug)


# --- review windows -------------------------------------------------------------------------------------


@router.get("/orgs/{slug}/review-windows", response={200: list[ReviewWindowOut], **PUBLIC_ERRORS}, auth=None)
@paginate(Pagination)
def review_window_list(request, slug: str):
    """An organization's review windows, oldest first (public)."""
    return selectors.review_window_list(organization=_organization(slug))


@router.post("/orgs/{slug}/review-windows", response={201: ReviewWindowOut, **ERRORS})
def review_window_create(request, slug: str, payload: ReviewWindowIn):
    """Plan a review window (owners of the organization)."""
    window = services.review_window_create(
        actor=request.auth, organization=_organization(slug), title=payload.title, starts_at=payload.starts_at
    )
    return Status(201, window)


@router.delete("/orgs/{slug}/review-windows/{window_id}", response={204: None, **ERRORS})
def review_window_delete(request, slug: str, window_id: int):
    """Delete a window that has not opened yet (owners of the organization)."""
    window = get_object_or_404(
        ReviewWindow.objects.select_related("organization"), pk=window_id, organization__slug=slug
    )
    services.review_window_delete(actor=request.auth, window=window)
    return Status(204, None)


@router.get("/orgs/{slug}/review-criteria", response={200: list[CriterionOut], **PUBLIC_ERRORS}, auth=None)
def review_criteria(request, slug: str):
    """The criteria the organization's reviewers score, with what 1 and 5 mean (public)."""
    return selectors.review_criteria(organization=_organization(slug))


# --- queue ----------------------------------------------------------------------------------------------


@router.get("/orgs/{slug}/review-queue", response={200: ReviewQueueOut, **ERRORS})
def review_queue(request, slug: str):
    """Projects in review with their average score per criterion, and supported ones waiting (reviewers)."""
    organization = _organization(slug)
    if not selectors.can_review(user=request.auth, organization=organization):
        raise NotAllowed(_("Only the organization's reviewers see its review queue."))
    queue = selectors.review_queue(organization=organization, user=request.auth)
    return {
        "criteria": queue["criteria"],
        "in_review": [
            {
                "slug": e.project.slug,
                "title": e.project.title,
                "technology": e.project.technology.name,
                "scorecards": e.scorecards,
                "averages": [{"criterion": c.key, "average": avg} for c, avg in e.averages],
                "reviewed_by_me": e.my_review is not None,
            }
            for e in queue["in_review"]
        ],
        "waiting": [
            {
                "slug": p.slug,
                "title": p.title,
                "technology": p.technology.name,
                "review_window": p.review_window,
            }
            for p in queue["waiting"]
        ],
    }


# --- scorecards -----------------------------------------------------------------------------------------


@router.get("/projects/{slug}/reviews", response={200: list[ReviewOut], **ERRORS})
@paginate(Pagination)
def review_list(request, slug: str):
    """Every scorecard of a project (reviewers of its organization)."""
    project = _project(slug)
    if not selectors.can_review(user=request.auth, organization=project.technology.organization):
        raise NotAllowed(_("Only the organization's reviewers read the scorecards."))
    return selectors.project_reviews(project=project).select_related("project")


@router.post("/projects/{slug}/reviews", response={200: ReviewOut, 201: ReviewOut, **ERRORS})
def review_submit(request, slug: str, payload: ReviewIn):
    """Submit your scorecard (201), or update it (200), while the project is in review (reviewers)."""
    review, created = services.review_submit(
        actor=request.auth, project=_project(slug), scores=payload.scores, note=payload.note
    )
    return Status(201 if created else 200, review)


# --- decisions ------------------------------------------------------------------------------------------


@router.get("/projects/{slug}/decisions", response={200: list[DecisionOut], **PUBLIC_ERRORS}, auth=None)
@paginate(Pagination)
def decision_list(request, slug: str):
    """The organization's decisions on a project, newest first, with the team's answers (public)."""
    return selectors.project_decisions(project=_project(slug)).select_related("project")


@router.post("/projects/{slug}/decision", response={201: DecisionOut, **ERRORS})
def decision_create(request, slug: str, payload: DecisionIn):
    """Accept or decline a project in review with a public reason (reviewers)."""
    decision = services.review_decide(
        actor=request.auth, project=_project(slug), decision=payload.decision, reason=payload.reason
    )
    return Status(201, decision)


@router.post("/projects/{slug}/review/start", response={200: dict, **ERRORS})
def review_start(request, slug: str):
    """Take a supported project into review now, without waiting for a review window (reviewers)."""
    project = services.review_start(actor=request.auth, project=_project(slug))
    return {"slug": project.slug, "status": project.status}


@router.post("/projects/{slug}/decision/answer", response={200: DecisionOut, **ERRORS})
def decision_answer(request, slug: str, payload: AnswerIn):
    """The project's team answers the latest decision, once."""
    project = _project(slug)
    decision = selectors.project_latest_decision(project=project)
    if decision is None:
        raise NotFound(_("This project has no decision to answer yet."))
    return services.decision_answer(actor=request.auth, decision=decision, answer=payload.answer)
