from datetime import datetime

from django.contrib.auth import get_user_model
from ninja import Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.core.errors import NotAllowed
from boucle.orgs import services
from boucle.orgs.models import Invitation, Organization, Role
from boucle.orgs.selectors import (
    object_or_404,
    org_has_role,
    organization_list,
    organization_members,
    organization_pending_invitations,
)

router = Router(tags=["orgs"])


class OrganizationOut(Schema):
    slug: str
    name: str
    description: str
    website: str
    logo: str
    support_ladder: list[dict] | None
    review_criteria: list[dict] | None
    url: str
    created_at: datetime

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class OrganizationIn(Schema):
    name: str
    description: str = ""
    website: str = ""


class OrganizationPatch(Schema):
    name: str | None = None
    description: str | None = None
    website: str | None = None
    support_ladder: str | None = None  # "100/60, 1000/365"; "" = platform default
    review_criteria: str | None = None  # one "key: label" per line; "" = platform default


class OrgMemberOut(Schema):
    username: str
    name: str
    roles: list[str]


class InvitationIn(Schema):
    email: str
    role: Role


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    created_at: datetime
    accepted_at: datetime | None
    revoked_at: datetime | None


class MembershipOut(Schema):
    organization: str
    username: str
    role: str


class RoleIn(Schema):
    role: Role


def _org(slug) -> Organization:
    return object_or_404(Organization, slug=slug)


@router.get("/", response=list[OrganizationOut], auth=None)
@paginate(Pagination)
def list_organizations(request):
    return organization_list()


@router.post("/", response={201: OrganizationOut})
def create_organization(request, payload: OrganizationIn):
    return Status(201, services.organization_create(actor=request.user, **payload.dict()))


@router.get("/{slug}", response=OrganizationOut, auth=None)
def read_organization(request, slug: str):
    return _org(slug)


@router.patch("/{slug}", response=OrganizationOut)
def update_organization(request, slug: str, payload: OrganizationPatch):
    data = payload.dict(exclude_unset=True)
    if "support_ladder" in data:
        data["support_ladder_text"] = data.pop("support_ladder") or ""
    if "review_criteria" in data:
        data["review_criteria_text"] = data.pop("review_criteria") or ""
    for key in ("name", "description", "website"):
        if key in data and data[key] is None:
            data[key] = ""
    return services.organization_update(actor=request.user, organization=_org(slug), **data)


@router.get("/{slug}/members", response=list[OrgMemberOut], auth=None)
@paginate(Pagination)
def list_members(request, slug: str):
    return [
        {"username": m["user"].username, "name": m["user"].name, "roles": m["roles"]}
        for m in organization_members(organization=_org(slug))
    ]


@router.post("/{slug}/members/{username}/roles", response={201: MembershipOut})
def add_role(request, slug: str, username: str, payload: RoleIn):
    org = _org(slug)
    user = object_or_404(get_user_model(), username=username)
    services.membership_role_add(actor=request.user, organization=org, user=user, role=payload.role.value)
    return Status(201, {"organization": org.slug, "username": user.username, "role": payload.role.value})


@router.delete("/{slug}/members/{username}/roles/{role}", response={204: None})
def remove_role(request, slug: str, username: str, role: str):
    org = _org(slug)
    user = object_or_404(get_user_model(), username=username)
    services.membership_role_remove(actor=request.user, organization=org, user=user, role=role)
    return Status(204, None)


@router.get("/{slug}/invitations", response=list[InvitationOut])
@paginate(Pagination)
def list_invitations(request, slug: str):
    org = _org(slug)
    if not org_has_role(user=request.user, organization=org, roles=[Role.OWNER]):
        raise NotAllowed(services.gettext_owner_only(org))
    return organization_pending_invitations(organization=org)


@router.post("/{slug}/invitations", response={201: InvitationOut})
def create_invitation(request, slug: str, payload: InvitationIn):
    invitation = services.invitation_create(
        actor=request.user, organization=_org(slug), email=payload.email, role=payload.role.value
    )
    return Status(201, invitation)


@router.delete("/{slug}/invitations/{invitation_id}", response=InvitationOut)
def revoke_invitation(request, slug: str, invitation_id: int):
    invitation = object_or_404(Invitation, pk=invitation_id, organization__slug=slug)
    return services.invitation_revoke(actor=request.user, invitation=invitation)


@router.post("/invitations/{token}/accept", response={201: MembershipOut})
def accept_invitation(request, token: str):
    invitation = object_or_404(Invitation.objects.select_related("organization"), token=token)
    membership = services.invitation_accept(actor=request.user, invitation=invitation)
    return Status(
        201,
        {
            "organization": invitation.organization.slug,
            "username": request.user.username,
            "role": membership.role,
        },
    )
