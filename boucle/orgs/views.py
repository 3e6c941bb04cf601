from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boucle.core.errors import BoucleError
from boucle.core.viewutils import flash_error, form_error
from boucle.orgs import services
from boucle.orgs.forms import InvitationForm, OrganizationCreateForm, OrganizationEditForm, RoleForm
from boucle.orgs.models import Invitation, Organization, Role
from boucle.orgs.selectors import (
    object_or_404,
    org_has_role,
    organization_list,
    organization_members,
    organization_page,
    organization_pending_invitations,
)
from boucle.projects.ladder import DEFAULT_LADDER, ladder_format


def _owned_org(request, slug) -> Organization:
    organization = get_object_or_404(Organization, slug=slug)
    if not org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]):
        raise PermissionDenied(_("Only the owners of %(org)s can do this.") % {"org": organization.name})
    return organization


@require_http_methods(["GET"])
def org_list(request):
    return render(request, "orgs/org_list.html", {"organizations": organization_list()})


@login_required
@require_http_methods(["GET", "POST"])
def org_create(request):
    form = OrganizationCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            org = services.organization_create(actor=request.user, **form.cleaned_data)
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your organization is created. You are its owner."))
            return redirect(org)
    return render(request, "orgs/org_form.html", {"form": form, "creating": True})


@require_http_methods(["GET"])
def org_detail(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    context = {"organization": organization, **organization_page(organization=organization, user=request.user)}
    return render(request, "orgs/org_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def org_edit(request, slug):
    organization = _owned_org(request, slug)
    from boucle.orgs.services import criteria_format

    initial = {
        "name": organization.name,
        "description": organization.description,
        "website": organization.website,
        "support_ladder": ladder_format(organization.support_ladder),
        "review_criteria": criteria_format(organization.review_criteria),
    }
    form = OrganizationEditForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.organization_update(
                actor=request.user,
                organization=organization,
                name=data["name"],
                description=data["description"],
                website=data["website"],
                support_ladder_text=data["support_ladder"],
                review_criteria_text=data["review_criteria"],
                logo=data.get("logo"),
            )
        except BoucleError as e:
            form_error(form, e)
            organization.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(organization)
    from boucle.reviews.models import DEFAULT_CRITERIA

    return render(
        request,
        "orgs/org_form.html",
        {
            "form": form,
            "organization": organization,
            "current_ladder": ladder_format(organization.support_ladder or DEFAULT_LADDER),
            "ladder_is_default": not organization.support_ladder,
            "default_criteria": criteria_format(DEFAULT_CRITERIA),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def org_members(request, slug):
    organization = _owned_org(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = services.invitation_create(actor=request.user, organization=organization, **form.cleaned_data)
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
            return redirect("org_members", slug=organization.slug)
    return render(
        request,
        "orgs/org_members.html",
        {
            "organization": organization,
            "form": form,
            "members": organization_members(organization=organization),
            "invitations": organization_pending_invitations(organization=organization),
            "roles": Role.choices,
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def invitation_revoke(request, slug, pk):
    organization = _owned_org(request, slug)
    invitation = get_object_or_404(Invitation, pk=pk, organization=organization)
    try:
        services.invitation_revoke(actor=request.user, invitation=invitation)
    except BoucleError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("Invitation revoked."))
    return redirect("org_members", slug=organization.slug)


@login_required
@require_POST
def member_role(request, slug, username, action):
    organization = _owned_org(request, slug)
    member = object_or_404(get_user_model(), username=username)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a valid role."))
        return redirect("org_members", slug=organization.slug)
    role = form.cleaned_data["role"]
    try:
        if action == "add":
            services.membership_role_add(actor=request.user, organization=organization, user=member, role=role)
        else:
            services.membership_role_remove(actor=request.user, organization=organization, user=member, role=role)
    except BoucleError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("Roles of %(name)s updated.") % {"name": member.name})
    return redirect("org_members", slug=organization.slug)


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request, token):
    invitation = object_or_404(Invitation.objects.select_related("organization", "invited_by"), token=token)
    error = None
    if request.method == "POST":
        try:
            services.invitation_accept(actor=request.user, invitation=invitation)
        except BoucleError as e:
            error = e.message
        else:
            messages.success(
                request, _("Welcome to %(org)s.") % {"org": invitation.organization.name}
            )
            return redirect(invitation.organization)
    elif invitation.revoked_at:
        error = _("This invitation was revoked.")
    elif invitation.accepted_at:
        error = _("This invitation was already used.")
    return render(
        request, "orgs/invitation_accept.html", {"invitation": invitation, "error": error},
        status=409 if error else 200,
    )
