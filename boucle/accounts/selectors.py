"""Reads for member pages and the API: profiles, the projects a member is on, their tokens."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from boucle.accounts.models import ApiToken, User
from boucle.ledger.models import Contribution
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, Support


def member_get(*, username: str) -> User:
    """The active member with this username, or Http404.

    A profile hidden by moderation (``profile_hidden_at``) shows the username only: its display name, bio,
    skills, links and avatar are blanked on the returned object, for every viewer of the page and the API.
    The object is for display: never save it.
    """
    member = get_object_or_404(User, username=username, is_active=True)
    if member.profile_hidden_at is not None:
        member.display_name = member.bio = member.avatar = ""
        member.skills, member.links = [], []
    return member


def member_projects(*, member: User, viewer=None) -> QuerySet[Project]:
    """The projects a member is on (owner or co-author). Drafts only show to the member themself."""
    projects = Project.objects.filter(team__user=member).select_related("technology__organization")
    if viewer is None or not viewer.is_authenticated or viewer.pk != member.pk:
        # Drafts and projects hidden by moderation stay off other people's view of the list.
        projects = projects.exclude(status=ProjectStatus.DRAFT).filter(hidden_at__isnull=True)
    return projects.distinct().order_by("-published_at", "-created_at")


def member_counts(*, member: User) -> dict[str, int]:
    """Supports the member currently gives, and their contributions still standing in the ledger.

    A contribution that was reversed (a withdrawn support...) no longer counts, nor does the reversal row.

    >>> member_counts(member=alice)
    {'supports': 3, 'contributions': 12}
    """
    return {
        "supports": Support.objects.filter(user=member).count(),
        "contributions": Contribution.objects.filter(
            actor=member, reverses__isnull=True, reversed_by__isnull=True
        ).count(),
    }


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """A member's API tokens, newest first, revoked ones included (so a member sees what was revoked)."""
    return ApiToken.objects.filter(user=user).order_by("revoked_at", "-created_at", "-id")
