from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boucle.accounts import selectors, services
from boucle.accounts.forms import ProfileForm, TokenForm
from boucle.core.errors import BoucleError
from boucle.core.viewutils import flash_error


def _errors_on_form(form, error: BoucleError):
    """Put each field's messages of a domain error on the form (the rest on the form itself)."""
    if not error.errors:
        form.add_error(None, str(error.message))
    for field, field_messages in error.errors.items():
        for message in field_messages:
            form.add_error(field if field in form.fields else None, message)
    return form


@require_http_methods(["GET", "HEAD"])
def member_detail(request, username):
    member = selectors.member_get(username=username)
    context = {
        "member": member,
        "projects": selectors.member_projects(member=member, viewer=request.user),
        "counts": selectors.member_counts(member=member),
        "is_self": request.user.is_authenticated and request.user.pk == member.pk,
    }
    return render(request, "accounts/member_detail.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile_edit(request):
    user = request.user
    if request.method != "POST":
        return render(request, "accounts/profile_edit.html", {"form": ProfileForm.for_user(user)})
    form = ProfileForm.for_user(user, request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.profile_update(
                actor=user,
                user=user,
                display_name=data["display_name"],
                bio=data["bio"],
                skills=data["skills"],
                links=data["links"],
                avatar=data["avatar"],
                avatar_remove=data["avatar_remove"],
            )
        except BoucleError as error:
            _errors_on_form(form, error)
            user.refresh_from_db()  # the failed write changed nothing; show the stored profile around the form
        else:
            messages.success(request, _("Your profile is saved."))
            return redirect("member_detail", user.username)
    return render(request, "accounts/profile_edit.html", {"form": form}, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_list(request):
    form = TokenForm(request.POST or None)
    created = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                token, key = services.token_create(actor=request.user, name=form.cleaned_data["name"])
            except BoucleError as error:
                _errors_on_form(form, error)
                status = 400
            else:
                # The key is shown on this response only: it is not stored, so no redirect could show it again.
                created = {"token": token, "key": key}
                form = TokenForm()
                status = 200
        else:
            status = 400
    context = {"form": form, "created": created, "tokens": selectors.token_list(user=request.user)}
    response = render(request, "accounts/token_list.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def token_revoke(request, token_id: int):
    try:
        token = services.token_revoke(actor=request.user, token_id=token_id)
    except BoucleError as error:
        flash_error(request, error)
        if request.htmx:
            # Reload the whole page so the message shows; the row stays as it was.
            return HttpResponse(headers={"HX-Redirect": reverse("token_list")})
        return redirect("token_list")
    if request.htmx:
        return render(request, "accounts/_token_row.html", {"token": token})
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": token.name})
    return redirect("token_list")
