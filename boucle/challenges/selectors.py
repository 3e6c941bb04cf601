"""Reads for challenges and their phases."""

from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import ngettext

from boucle.challenges.models import Challenge, PhaseKind

ACCEPTING_PHASES = {PhaseKind.IDEATION, PhaseKind.DESIGN}


def challenges_published():
    """Published challenges on technologies that are not drafts, newest first, with phases prefetched."""
    return (
        Challenge.objects.filter(is_published=True)
        .exclude(technology__status="draft")
        .select_related("technology__organization")
        .prefetch_related("phases")
        .order_by("-created_at")
    )


def challenges_open(*, now=None):
    """Published challenges that are not over: their last phase ends after ``now``, or they have no dates."""
    now = now or timezone.now()
    return (
        challenges_published()
        .annotate(last_end=Max("phases__ends_at"))
        .filter(Q(last_end__isnull=True) | Q(last_end__gt=now))
    )


def challenge_accepts_projects(*, challenge: Challenge, now=None) -> bool:
    """True when members may propose projects in this challenge now.

    That is while it is published and in its ideation or design phase; a challenge without any phase dates
    accepts projects as long as it is published (its organization chose not to schedule it).
    """
    if not challenge.is_published:
        return False
    phases = list(challenge.phases.all())
    if not phases:
        return True
    current = challenge.current_phase(now=now)
    return current is not None and current.kind in ACCEPTING_PHASES


def challenge_timeline(*, challenge: Challenge, now=None) -> list[dict]:
    """The phases in order, each with its state: "past", "current" or "future"."""
    now = now or timezone.now()
    timeline = []
    for phase in challenge.phases.all():
        if phase.ends_at <= now:
            state = "past"
        elif phase.starts_at <= now:
            state = "current"
        else:
            state = "future"
        timeline.append({"phase": phase, "state": state})
    return timeline


def duration_words(seconds: float) -> str:
    """A remaining time in words, two units at most: "3 days, 4 hours", "25 minutes".

    >>> duration_words(3 * 86400 + 4 * 3600 + 60)
    '3 days, 4 hours'
    """
    seconds = max(0, int(seconds))
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    parts = []
    if days:
        parts.append(ngettext("%(n)d day", "%(n)d days", days) % {"n": days})
    if hours and len(parts) < 2:
        parts.append(ngettext("%(n)d hour", "%(n)d hours", hours) % {"n": hours})
    if not days and (minutes or not parts):
        parts.append(ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes})
    return ", ".join(parts)


def challenge_countdown(*, challenge: Challenge, now=None) -> dict | None:
    """The end of the current phase, or the start of the next one, with the time left in words."""
    now = now or timezone.now()
    current = challenge.current_phase(now=now)
    if current is not None:
        target, phase, ends = current.ends_at, current, True
    else:
        phase = challenge.next_phase(now=now)
        if phase is None:
            return None
        target, ends = phase.starts_at, False
    return {"phase": phase, "at": target, "ends": ends, "left": duration_words((target - now).total_seconds())}


def challenge_projects(*, challenge: Challenge):
    from boucle.projects.models import Project

    return (
        Project.objects.filter(challenge=challenge)
        .exclude(status__in=["draft", "archived"])
        .filter(hidden_at__isnull=True)
        .select_related("technology", "challenge")
        .prefetch_related("tags")  # the shared project card shows them
        .order_by("-published_at", "-created_at", "-id")
    )


def challenge_can_view(*, user, challenge: Challenge) -> bool:
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    if challenge.is_published and challenge.technology.status != "draft":
        return True
    return org_has_role(user=user, organization=challenge.technology.organization, roles=list(Role))
