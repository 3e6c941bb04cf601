from boucle.orgs.models import Membership, Organization, Role


def org_roles(*, user, organization: Organization) -> set[str]:
    """The roles a member holds in an organization (site staff hold every role)."""
    if user is None or not user.is_authenticated:
        return set()
    if user.is_staff:
        return {r.value for r in Role}
    return set(
        Membership.objects.filter(organization=organization, user=user).values_list("role", flat=True)
    )


def org_has_role(*, user, organization: Organization, roles) -> bool:
    """True when the member holds one of ``roles`` in the organization, or is site staff.

    >>> org_has_role(user=alice, organization=brickworks, roles=[Role.OWNER, Role.REVIEWER])
    True
    """
    if user is None or not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return Membership.objects.filter(organization=organization, user=user, role__in=list(roles)).exists()


def object_or_404(queryset, **lookup):
    """``get_object_or_404`` for API paths, where any text can arrive: a NUL byte (which PostgreSQL refuses in
    queries) finds nothing instead of failing."""
    from django.http import Http404
    from django.shortcuts import get_object_or_404

    if any(isinstance(v, str) and "\x00" in v for v in lookup.values()):
        raise Http404
    return get_object_or_404(queryset, **lookup)


def organization_list():
    from django.db.models import Count, Q

    return Organization.objects.annotate(
        member_count=Count("memberships__user", distinct=True),
        technology_count=Count("technologies", filter=~Q(technologies__status="draft"), distinct=True),
    ).order_by("name")


def organizations_owned(*, user):
    """The organizations where the member may act as owner (every one for site staff)."""
    if user is None or not user.is_authenticated:
        return Organization.objects.none()
    if user.is_staff:
        return Organization.objects.all()
    return Organization.objects.filter(memberships__user=user, memberships__role=Role.OWNER).distinct()


def organization_members(*, organization: Organization) -> list[dict]:
    """Members with their roles: [{"user": alice, "roles": ["owner", "reviewer"]}, ...], by name."""
    members: dict[int, dict] = {}
    for m in Membership.objects.filter(organization=organization).select_related("user").order_by("created_at"):
        members.setdefault(m.user_id, {"user": m.user, "roles": []})["roles"].append(m.role)
    order = {r: i for i, r in enumerate(Role.values)}
    for entry in members.values():
        entry["roles"].sort(key=order.get)
    return sorted(members.values(), key=lambda e: e["user"].name.lower())


def organization_members_by_role(*, organization: Organization) -> list[tuple]:
    """[(Role, [users...]), ...] in the order of Role, empty roles left out."""
    by_role = {r: [] for r in Role}
    for m in Membership.objects.filter(organization=organization).select_related("user").order_by("created_at"):
        by_role[Role(m.role)].append(m.user)
    return [(role, users) for role, users in by_role.items() if users]


def organization_pending_invitations(*, organization: Organization):
    return organization.invitations.filter(accepted_at__isnull=True, revoked_at__isnull=True).select_related(
        "invited_by"
    )


def organization_page(*, organization: Organization, user) -> dict:
    """What the public page of an organization shows."""
    from django.utils import timezone

    from boucle.catalog.selectors import technologies_visible
    from boucle.challenges.selectors import challenges_open
    from boucle.projects.models import Project

    technologies = technologies_visible(user=user).filter(organization=organization)
    return {
        "technologies": technologies,
        "challenges": challenges_open(now=timezone.now()).filter(technology__organization=organization),
        "members_by_role": organization_members_by_role(organization=organization),
        "projects": Project.objects.filter(technology__organization=organization)
        .exclude(status__in=["draft", "archived"])
        .filter(hidden_at__isnull=True)
        .select_related("technology")
        .order_by("-published_at", "-created_at")[:12],
        "is_owner": org_has_role(user=user, organization=organization, roles=[Role.OWNER]),
        "is_reviewer": org_has_role(user=user, organization=organization, roles=[Role.OWNER, Role.REVIEWER]),
    }
