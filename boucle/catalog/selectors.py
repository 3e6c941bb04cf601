"""Reads for technologies."""

from django.db.models import Q
from django.utils.translation import gettext as _

from boucle.catalog.models import Technology, TechnologyStatus
from boucle.orgs.models import Membership, Role
from boucle.orgs.selectors import org_has_role

PROJECT_HIDDEN_STATUSES = ["draft", "archived"]


def _member_org_ids(user):
    return Membership.objects.filter(user=user).values("organization_id")


def technologies_visible(*, user):
    """Every technology but drafts, plus the drafts of the viewer's organizations (all of them for staff)."""
    qs = Technology.objects.select_related("organization")
    if user is not None and user.is_authenticated and user.is_staff:
        return qs
    public = ~Q(status=TechnologyStatus.DRAFT)
    if user is not None and user.is_authenticated:
        return qs.filter(public | Q(organization_id__in=_member_org_ids(user)))
    return qs.filter(public)


def technology_can_view(*, user, technology: Technology) -> bool:
    if technology.status != TechnologyStatus.DRAFT:
        return True
    return org_has_role(user=user, organization=technology.organization, roles=list(Role))


def technology_projects(*, technology: Technology):
    """The projects that use a technology, newest first (drafts and archived ones left out)."""
    from boucle.projects.models import Project

    return (
        Project.objects.filter(technology=technology)
        .exclude(status__in=PROJECT_HIDDEN_STATUSES)
        .filter(hidden_at__isnull=True)  # hidden by moderation
        .select_related("technology", "challenge")
        .prefetch_related("tags")  # the shared project card shows them
        .order_by("-published_at", "-created_at", "-id")
    )


def technologies_for_challenges(*, user):
    """The technologies on which the member may open a challenge (those of organizations they own)."""
    from boucle.orgs.selectors import organizations_owned

    return Technology.objects.filter(organization__in=organizations_owned(user=user)).select_related("organization")


def ladder_words(ladder) -> list[str]:
    """Each tier as a sentence: "100 supporters within 60 days", then "... within 365 more days"."""
    words = []
    for i, tier in enumerate(ladder or []):
        if i == 0:
            words.append(_("%(n)s supporters within %(d)s days") % {"n": tier["supporters"], "d": tier["days"]})
        else:
            words.append(_("then %(n)s supporters within %(d)s more days") % {"n": tier["supporters"], "d": tier["days"]})
    return words


# --- versions and what inspired them (issue 7: the loop back) ---------------------------------------------------

INSPIRATION_CANDIDATES = 40


def technology_versions(*, technology: Technology):
    """A technology's versions, newest first, with their citations (projects and makes) loaded."""
    from django.db.models import Prefetch

    from boucle.catalog.models import VersionInspiration

    return technology.versions.prefetch_related(
        Prefetch(
            "inspirations",
            queryset=VersionInspiration.objects.filter(project__hidden_at__isnull=True)
            .exclude(project__status="draft")
            .select_related("project", "make__author"),
        )
    )


def inspiration_candidates(*, technology: Technology, include_slugs=()) -> dict:
    """What an owner may cite in a new version: public projects of the organization's technologies, those with
    the most makes first (and any asked for by slug), and the latest makes of those projects."""
    from django.db.models import Count

    from boucle.makes.selectors import makes_visible
    from boucle.projects.models import Project

    projects = (
        Project.objects.filter(technology__organization_id=technology.organization_id, hidden_at__isnull=True)
        .exclude(status__in=PROJECT_HIDDEN_STATUSES)
        .filter(merged_into__isnull=True)
        .annotate(make_count=Count("makes", filter=Q(makes__hidden_at__isnull=True)))
        .select_related("technology")
    )
    chosen = list(projects.order_by("-make_count", "-published_at", "-id")[:INSPIRATION_CANDIDATES])
    wanted = [s for s in include_slugs if s and s not in {p.slug for p in chosen}]
    if wanted:
        chosen += list(projects.filter(slug__in=wanted))
    makes = (
        makes_visible()
        .filter(project__technology__organization_id=technology.organization_id)
        .select_related("author", "project")
        .order_by("-created_at", "-id")[:INSPIRATION_CANDIDATES]
    )
    return {"projects": chosen, "makes": list(makes)}


def project_inspired_versions(*, project):
    """The versions a project inspired (of technologies that are not drafts), newest first, once each."""
    from boucle.catalog.models import TechnologyVersion

    return (
        TechnologyVersion.objects.filter(inspirations__project=project)
        .exclude(technology__status=TechnologyStatus.DRAFT)
        .select_related("technology")
        .distinct()
        .order_by("-released_at", "-id")
    )
