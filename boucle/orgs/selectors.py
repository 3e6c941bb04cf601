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
