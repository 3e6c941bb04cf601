"""Reads on projects, shaped for their pages and API endpoints."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404

from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, ProjectMember, SecondChanceRound, SecondChanceVote, Support

SORTS = {
    "hot": ("-hot_score", "-published_at", "-id"),
    "new": ("-published_at", "-id"),
    "supported": ("-support_count", "-published_at", "-id"),
    "ending": ("support_deadline", "-support_count", "id"),
}
DEFAULT_SORT = "hot"
# Stages a list shows when none is asked: everything public except archived projects.
LISTED = [s for s in ProjectStatus.values if s not in (ProjectStatus.DRAFT, ProjectStatus.ARCHIVED)]
STAGES = [s for s in ProjectStatus.choices if s[0] != ProjectStatus.DRAFT]


def project_list(
    *, sort: str = DEFAULT_SORT, tag: str = "", challenge: str = "", technology: str = "", stage: str = ""
):
    """Public projects, filtered by tag / challenge / technology slugs and stage (status), sorted.

    Unknown filter values give an empty list rather than an error; an unknown sort falls back to "hot".
    "ending" (deadline soonest first) lists only published projects: the others have no deadline.
    """
    # NUL characters cannot be stored nor looked up on PostgreSQL; no slug contains one.
    tag, challenge, technology, stage = (v.replace("\x00", "") for v in (tag, challenge, technology, stage))
    qs = Project.objects.exclude(status=ProjectStatus.DRAFT).filter(hidden_at__isnull=True)  # hidden: moderation
    if stage:
        qs = qs.filter(status=stage)
    else:
        qs = qs.filter(status__in=LISTED)
    if sort == "ending":
        qs = qs.filter(status=ProjectStatus.PUBLISHED, support_deadline__isnull=False)
    if tag:
        # EXISTS rather than a join: no duplicate rows, so no DISTINCT, which would sort the whole list.
        qs = qs.filter(Exists(Project.tags.through.objects.filter(project=OuterRef("pk"), tag__slug=tag)))
    # The slug resolved by a scalar subquery (an InitPlan on PostgreSQL) rather than a join: the database then
    # walks the (challenge, sort) and (technology, sort) indexes in order and stops after one page.
    if challenge:
        from boucle.challenges.models import Challenge

        qs = qs.filter(challenge_id=Subquery(Challenge.objects.filter(slug=challenge).values("id")[:1]))
    if technology:
        from boucle.catalog.models import Technology

        qs = qs.filter(technology_id=Subquery(Technology.objects.filter(slug=technology).values("id")[:1]))
    # Prefetched, not joined: the page query reads one table along one index and stops after a page (a join on
    # the few technologies let SQLite loop over them and sort every project).
    return qs.prefetch_related("technology__organization", "challenge", "tags").order_by(
        *SORTS.get(sort, SORTS[DEFAULT_SORT])
    )


def project_visible_to(*, project, user) -> bool:
    """Drafts are seen only by their team and site staff; every other status is public. A project hidden by
    moderation is seen only by its team, its organization's moderators and site staff."""
    if project.hidden_at is not None:
        from boucle.moderation.selectors import can_see_hidden

        if not can_see_hidden(user=user, target=project):
            return False
    if project.status != ProjectStatus.DRAFT:
        return True
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.is_staff or ProjectMember.objects.filter(project=project, user=user).exists()


def project_get(*, slug: str, user, lean: bool = False) -> Project:
    """The project with this slug if ``user`` may see it; Http404 otherwise (a draft stays a secret).

    ``lean``: the project row alone, for writes that only need to find it (a support toggle).
    """
    if "\x00" in slug:
        raise Http404("No such project.")
    projects = Project.objects.all()
    if not lean:
        projects = projects.select_related(
            "technology__organization", "challenge", "created_by", "review_window"
        ).prefetch_related("tags")
    project = projects.filter(slug=slug).first()
    if project is None or not project_visible_to(project=project, user=user):
        raise Http404("No such project.")
    return project


def project_team(*, project):
    return project.team.select_related("user").order_by("-role", "created_at")


def project_transitions(*, project):
    return project.transitions.select_related("actor").order_by("created_at", "id")


def user_supports(*, project, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return Support.objects.filter(project=project, user=user).exists()


def ladder_view(project) -> list[dict]:
    """The project's ladder with, for each tier, whether it is reached, current or to come, and the
    percentage of the current tier reached (for the progress bar)."""
    tiers = []
    for i, tier in enumerate(project.support_ladder or []):
        reached = i < project.support_tier or (
            project.status != ProjectStatus.PUBLISHED and project.supported_at is not None
        )
        current = i == project.support_tier and project.status == ProjectStatus.PUBLISHED
        tiers.append(
            {
                "index": i + 1,
                "supporters": tier["supporters"],
                "days": tier["days"],
                "reached": reached,
                "current": current,
                "percent": min(100, int(100 * project.support_count / tier["supporters"]))
                if current
                else None,
            }
        )
    return tiers


def second_chance_rounds(*, organization):
    return (
        SecondChanceRound.objects.filter(organization=organization)
        .select_related("winner", "organization")
        .annotate(candidate_count=Count("candidates", distinct=True))
        .order_by("-opens_at", "-id")
    )


def second_chance_standings(*, round_):
    """The candidates with their votes in this round, best first (ties: more supporters, then published
    earlier) — the order the close applies."""
    votes = (
        SecondChanceVote.objects.filter(round=round_, project=OuterRef("pk"))
        .values("project")
        .annotate(n=Count("id"))
        .values("n")
    )
    return (
        round_.candidates.select_related("technology")
        .annotate(votes=Coalesce(Subquery(votes, output_field=IntegerField()), Value(0)))
        .order_by("-votes", "-support_count", "published_at", "id")
    )


def second_chance_candidates_for(*, organization):
    """Projects an organization may put in a second-chance vote."""
    return (
        Project.objects.filter(
            technology__organization=organization, status__in=[ProjectStatus.EXPIRED, ProjectStatus.DECLINED]
        )
        .select_related("technology")
        .order_by("-support_count")
    )


def second_chance_vote_of(*, round_, user):
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return (
        SecondChanceVote.objects.filter(round=round_, voter=user).values_list("project_id", flat=True).first()
    )
