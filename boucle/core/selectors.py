def home_context(*, user) -> dict:
    """What the home page shows: open challenges, hot projects, organizations."""
    from boucle.challenges.models import Challenge
    from boucle.orgs.models import Organization
    from boucle.projects.enums import ProjectStatus
    from boucle.projects.models import Project

    public = [ProjectStatus.PUBLISHED, ProjectStatus.SUPPORTED, ProjectStatus.IN_REVIEW, ProjectStatus.ACCEPTED]
    return {
        "challenges": Challenge.objects.filter(is_published=True)
        .select_related("technology__organization")
        .prefetch_related("phases")[:6],
        "projects": Project.objects.filter(status__in=public)
        .select_related("technology")
        .order_by("-hot_score", "-published_at")[:9],
        "organizations": Organization.objects.all()[:8],
    }
