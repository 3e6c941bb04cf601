"""Reads of the reviews app: published criteria, review windows, the review queue, decisions."""

from dataclasses import dataclass, field

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, ProjectMember
from boucle.reviews.models import DEFAULT_CRITERIA, Review, ReviewDecision, ReviewWindow

REVIEWER_ROLES = (Role.OWNER, Role.REVIEWER)
SCORE_MIN, SCORE_MAX = 1, 5

# What 1 and 5 mean for the platform's default criteria. DEFAULT_CRITERIA stays plain JSON-able data (an
# organization may copy it into its own review_criteria); the translated words live here.
_DEFAULT_TEXT = {
    "design": (_("design"), _("unclear, unfinished"), _("beautiful, clever, complete")),
    "fit": (
        _("fit with the technology"),
        _("hardly uses the technology"),
        _("shows what the technology does best"),
    ),
    "demand": (_("demand"), _("few people would want it"), _("many people are waiting for it")),
    "feasibility": (_("feasibility"), _("cannot be made as it is"), _("ready to produce")),
}
_DEFAULT_LABELS = {c["key"]: c["label"] for c in DEFAULT_CRITERIA}
_GENERIC_LOW, _GENERIC_HIGH = _("poor"), _("excellent")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    low: str  # what a 1 means
    high: str  # what a 5 means


def review_criteria(*, organization: Organization) -> list[Criterion]:
    """The criteria an organization publishes: its own ``review_criteria``, or the platform default.

    An organization's criterion may say what 1 and 5 mean with ``"low"`` and ``"high"``; otherwise 1 is
    "poor" and 5 "excellent". Malformed entries (no key) are skipped rather than breaking every page.
    """
    raw = organization.review_criteria or DEFAULT_CRITERIA
    criteria, seen = [], set()
    for entry in raw if isinstance(raw, list) else DEFAULT_CRITERIA:
        if not isinstance(entry, dict) or not str(entry.get("key") or "").strip():
            continue
        key = str(entry["key"]).strip()
        if key in seen:
            continue
        seen.add(key)
        # The default criteria (also when an organization copied them) are shown in the reader's language.
        default = _DEFAULT_TEXT.get(key) if entry.get("label") == _DEFAULT_LABELS.get(key) else None
        if default:
            label, low, high = default
        else:
            label = entry.get("label") or key
            low, high = entry.get("low") or _GENERIC_LOW, entry.get("high") or _GENERIC_HIGH
        criteria.append(Criterion(key=key, label=str(label), low=str(low), high=str(high)))
    return criteria or review_criteria(organization=Organization(review_criteria=None))


def can_review(*, user, organization: Organization) -> bool:
    """Reviewers and owners of the organization, and site staff, score and decide."""
    return org_has_role(user=user, organization=organization, roles=REVIEWER_ROLES)


def can_manage_windows(*, user, organization: Organization) -> bool:
    return org_has_role(user=user, organization=organization, roles=[Role.OWNER])


def is_team_member(*, user, project: Project) -> bool:
    if user is None or not user.is_authenticated:
        return False
    return ProjectMember.objects.filter(project=project, user=user).exists()


def review_window_list(*, organization: Organization):
    return ReviewWindow.objects.filter(organization=organization).order_by("starts_at", "id")


def review_window_is_open(window: ReviewWindow) -> bool:
    """A window whose date has come (or that the job already opened) is history: it cannot be deleted."""
    return window.opened_at is not None or window.starts_at <= timezone.now()


@dataclass
class QueueEntry:
    project: Project
    averages: list[tuple[Criterion, float | None]] = field(default_factory=list)
    scorecards: int = 0
    my_review: Review | None = None


def _averages(criteria, reviews):
    result = []
    for criterion in criteria:
        values = [r.scores.get(criterion.key) for r in reviews if isinstance(r.scores, dict)]
        values = [v for v in values if isinstance(v, int) and not isinstance(v, bool)]
        result.append((criterion, round(sum(values) / len(values), 2) if values else None))
    return result


def review_queue(*, organization: Organization, user=None) -> dict:
    """The organization's projects in review (with averages per criterion) and the supported ones waiting.

    Three queries whatever the number of projects: projects in review, their scorecards, waiting projects.
    """
    criteria = review_criteria(organization=organization)
    in_review = (
        Project.objects.filter(technology__organization=organization, status=ProjectStatus.IN_REVIEW)
        .select_related("technology", "challenge")
        .prefetch_related(Prefetch("reviews", queryset=Review.objects.select_related("reviewer")))
        .order_by("supported_at", "id")
    )
    entries = []
    for project in in_review:
        reviews = list(project.reviews.all())
        mine = next((r for r in reviews if user is not None and r.reviewer_id == user.pk), None)
        entries.append(
            QueueEntry(project=project, averages=_averages(criteria, reviews), scorecards=len(reviews), my_review=mine)
        )
    waiting = (
        Project.objects.filter(technology__organization=organization, status=ProjectStatus.SUPPORTED)
        .select_related("technology", "review_window")
        .order_by("supported_at", "id")
    )
    return {"criteria": criteria, "in_review": entries, "waiting": list(waiting)}


def project_reviews(*, project: Project):
    return Review.objects.filter(project=project).select_related("reviewer").order_by("created_at", "id")


def project_review_summary(*, project: Project) -> QueueEntry:
    reviews = list(project_reviews(project=project))
    criteria = review_criteria(organization=project.technology.organization)
    return QueueEntry(project=project, averages=_averages(criteria, reviews), scorecards=len(reviews))


def project_decisions(*, project: Project):
    return (
        ReviewDecision.objects.filter(project=project)
        .select_related("decided_by", "answered_by")
        .order_by("-created_at", "-id")
    )


def project_latest_decision(*, project: Project) -> ReviewDecision | None:
    return project_decisions(project=project).first()
