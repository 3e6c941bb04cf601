"""Writes of the reviews app: review windows, scorecards, decisions and the team's answer.

Every function checks the actor's rights itself and raises a ``boucle.core.errors`` exception with a message
for the person; nothing is written when it raises.
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record
from boucle.orgs.models import Organization
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project
from boucle.reviews.models import Decision, Review, ReviewDecision, ReviewWindow
from boucle.reviews.selectors import (
    SCORE_MAX,
    SCORE_MIN,
    can_manage_windows,
    can_review,
    is_team_member,
    review_criteria,
    review_window_is_open,
)

TEXT_MAX = 5000
REASON_MIN = 20


# --- review windows -------------------------------------------------------------------------------------


@transaction.atomic
def review_window_create(*, actor, organization: Organization, title: str, starts_at: datetime) -> ReviewWindow:
    """Add a future review window to an organization (owners and site staff)."""
    if not can_manage_windows(user=actor, organization=organization):
        raise NotAllowed(_("Only the organization's owners can plan review windows."))
    title = (title or "").strip()
    if not title:
        raise InvalidInput(_("Give the review window a title."), field="title")
    if len(title) > 120:
        raise InvalidInput(_("The title is too long (120 characters at most)."), field="title")
    if starts_at is None:
        raise InvalidInput(_("Give the date the review window opens."), field="starts_at")
    if timezone.is_naive(starts_at):
        starts_at = timezone.make_aware(starts_at)
    if starts_at <= timezone.now():
        raise InvalidInput(_("A review window must open in the future."), field="starts_at")
    return ReviewWindow.objects.create(organization=organization, title=title, starts_at=starts_at)


@transaction.atomic
def review_window_delete(*, actor, window: ReviewWindow) -> None:
    """Delete a window that has not opened yet (owners and site staff).

    Projects that were waiting for it keep waiting, for the next window the periodic job finds.
    """
    if not can_manage_windows(user=actor, organization=window.organization):
        raise NotAllowed(_("Only the organization's owners can delete review windows."))
    window = ReviewWindow.objects.select_for_update().get(pk=window.pk)
    if review_window_is_open(window):
        raise Conflict(_("This review window has already opened: it stays in the record."))
    window.delete()


# --- scorecards -----------------------------------------------------------------------------------------


def _clean_scores(*, organization: Organization, scores) -> dict:
    """Every published criterion scored with a whole number from 1 to 5, and nothing else."""
    criteria = review_criteria(organization=organization)
    if not isinstance(scores, dict):
        raise InvalidInput(_("Scores must map each criterion to a number from 1 to 5."), field="scores")
    known = {c.key for c in criteria}
    unknown = sorted(str(k) for k in scores if k not in known)
    if unknown:
        raise InvalidInput(
            _("Unknown criteria: %(keys)s. This organization scores: %(known)s.")
            % {"keys": ", ".join(unknown), "known": ", ".join(c.key for c in criteria)},
            field="scores",
        )
    cleaned, errors = {}, {}
    for criterion in criteria:
        value = scores.get(criterion.key)
        if value is None or value == "":
            errors[criterion.key] = [_("Give a score for “%(label)s”.") % {"label": criterion.label}]
            continue
        if isinstance(value, bool) or not isinstance(value, int | str):
            errors[criterion.key] = [_("A score is a whole number from 1 to 5.")]
            continue
        try:
            number = int(value)
        except ValueError:
            errors[criterion.key] = [_("A score is a whole number from 1 to 5.")]
            continue
        if not SCORE_MIN <= number <= SCORE_MAX:
            errors[criterion.key] = [
                _("“%(label)s” must be scored from 1 to 5.") % {"label": criterion.label}
            ]
            continue
        cleaned[criterion.key] = number
    if errors:
        first = next(iter(errors.values()))[0]
        raise InvalidInput(first, errors=errors)
    return cleaned


def _lock_project_in_review(project: Project) -> Project:
    locked = Project.objects.select_for_update().select_related("technology__organization").get(pk=project.pk)
    if locked.status != ProjectStatus.IN_REVIEW:
        raise Conflict(
            _("This project is %(status)s, not in review.") % {"status": ProjectStatus(locked.status).label}
        )
    return locked


@transaction.atomic
def review_submit(*, actor, project: Project, scores: dict, note: str = "") -> tuple[Review, bool]:
    """Score a project in review: create the actor's scorecard, or update it. Returns (review, created).

    One scorecard per reviewer per project (the project row is locked, so a double submit updates instead of
    failing on the unique constraint). The first submission is a contribution; updates are not new acts.
    """
    organization = project.technology.organization
    if not can_review(user=actor, organization=organization):
        raise NotAllowed(_("Only the organization's reviewers can score its projects."))
    note = (note or "").strip()
    if len(note) > TEXT_MAX:
        raise InvalidInput(_("The note is too long (5000 characters at most)."), field="note")
    cleaned = _clean_scores(organization=organization, scores=scores)
    locked = _lock_project_in_review(project)
    review = Review.objects.filter(project=locked, reviewer=actor).first()
    if review is not None:
        review.scores, review.note = cleaned, note
        review.save(update_fields=["scores", "note", "updated_at"])
        return review, False
    review = Review.objects.create(project=locked, reviewer=actor, scores=cleaned, note=note)
    contribution_record(actor=actor, kind=ContributionKind.REVIEW, project=locked, subject=review)
    return review, True


# --- decisions ------------------------------------------------------------------------------------------


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise InvalidInput(_("Please write the reason for your decision: the team and the public read it."), field="reason")
    if len(reason) < REASON_MIN:
        raise InvalidInput(
            _("Please explain your decision in at least %(n)d characters.") % {"n": REASON_MIN}, field="reason"
        )
    if len(reason) > TEXT_MAX:
        raise InvalidInput(_("The reason is too long (5000 characters at most)."), field="reason")
    return reason


@transaction.atomic
def review_decide(*, actor, project: Project, decision: str, reason: str) -> ReviewDecision:
    """Accept or decline a project in review with a public reason; moves the project and records both.

    The lifecycle transition and the decision are written in one transaction: if either fails, neither stays.
    """
    from boucle.projects.lifecycle import project_transition

    if not can_review(user=actor, organization=project.technology.organization):
        raise NotAllowed(_("Only the organization's reviewers can accept or decline its projects."))
    if decision not in Decision.values:
        raise InvalidInput(_("Choose to accept or to decline the project."), field="decision")
    reason = _clean_reason(reason)
    _lock_project_in_review(project)
    # The decision's own event (below) tells feeds and notifications: no second "changed status" line.
    project_transition(project=project, to_status=decision, actor=actor, reason=reason, event=False)
    row = ReviewDecision.objects.create(project=project, decision=decision, reason=reason, decided_by=actor)
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record

    event_record(
        verb=Verb.REVIEW_DECIDED,
        actor=actor,
        subject=row,
        project=project,
        data={"decision": decision, "reason": reason[:500]},
    )
    return row


@transaction.atomic
def decision_answer(*, actor, decision: ReviewDecision, answer: str) -> ReviewDecision:
    """The project's team answers a decision, once."""
    if not is_team_member(user=actor, project=decision.project):
        raise NotAllowed(_("Only the project's team can answer the decision."))
    answer = (answer or "").strip()
    if not answer:
        raise InvalidInput(_("Write your answer before sending it."), field="answer")
    if len(answer) > TEXT_MAX:
        raise InvalidInput(_("The answer is too long (5000 characters at most)."), field="answer")
    locked = ReviewDecision.objects.select_for_update().get(pk=decision.pk)
    if locked.answered_at is not None:
        raise Conflict(_("The team has already answered this decision."))
    locked.answer, locked.answered_by, locked.answered_at = answer, actor, timezone.now()
    locked.save(update_fields=["answer", "answered_by", "answered_at"])
    decision.refresh_from_db()
    return locked


# --- starting a review before its window ------------------------------------------------------------------


@transaction.atomic
def review_start(*, actor, project: Project, reason: str = "") -> Project:
    """A reviewer takes a supported project into review now, without waiting for the next review window.

    Organizations hold extra reviews (a fast track, a jury day); the transition table allows a reviewer to
    make supported → in review, and the reason is shown on the project's timeline.
    """
    from boucle.projects.lifecycle import project_transition

    if not can_review(user=actor, organization=project.technology.organization):
        raise NotAllowed(_("Only the organization's reviewers can start a review."))
    if project.status != ProjectStatus.SUPPORTED:
        raise Conflict(_("Only a supported project can be taken into review."))
    project_transition(
        project=project,
        to_status=ProjectStatus.IN_REVIEW,
        actor=actor,
        reason=reason.strip() or _("Review started by the organization."),
    )
    project.refresh_from_db()
    return project
