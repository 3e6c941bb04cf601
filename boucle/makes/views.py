from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError, InvalidInput
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import flash_error, form_error
from boucle.makes import selectors, services
from boucle.makes.forms import MakeEditForm, MakeForm, ModerateForm
from boucle.orgs.models import Organization
from boucle.projects.selectors import project_get

MAKE_RATE = "20/h"


def _revision(form, project):
    from boucle.studio.models import Revision

    pk = form.cleaned_data.get("revision")
    if not pk:
        return None
    revision = Revision.objects.select_related("design").filter(pk=pk).first()
    if revision is None:
        raise InvalidInput(_("This revision does not exist."), field="revision")
    return revision


def _order_line(form, user):
    from boucle.orders.models import OrderLine

    pk = form.cleaned_data.get("order_line")
    if not pk:
        return None
    line = OrderLine.objects.select_related("order").filter(pk=pk, order__buyer=user).first()
    if line is None:
        raise InvalidInput(_("Link one of your own orders of this project."), field="order_line")
    return line


def _visible_make(request, pk):
    make = selectors.make_get(pk=pk, user=request.user)
    if make is None:
        raise Http404(_("No such make."))
    return make


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=MAKE_RATE, method="POST", group="makes.create", block=False)
def make_create(request, slug):
    project = project_get(slug=slug, user=request.user)
    revisions = selectors.project_revisions(project=project)
    initial = {}
    if request.GET.get("revision", "").isdigit():
        initial["revision"] = request.GET["revision"]
    order_lines = list(selectors.buyer_order_lines(user=request.user, project=project)[:20])
    if order_lines:
        initial["order_line"] = str(order_lines[0].pk)
    form = MakeForm(
        request.POST or None,
        request.FILES or None,
        revisions=revisions,
        order_lines=order_lines,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if getattr(request, "limited", False):
                raise InvalidInput(_("You posted many makes in a short time. Wait a little and try again."))
            make = services.make_create(
                author=request.user,
                project=project,
                rating=data["rating"],
                note=data["note"],
                photos=data["photos"],
                revision=_revision(form, project),
                order_line=_order_line(form, request.user),
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your make is posted. Thank you for showing it!"))
            return redirect(make)
    return render(
        request,
        "makes/make_form.html",
        {"form": form, "project": project, "is_new": True},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
def make_detail(request, pk):
    make = _visible_make(request, pk)
    return render(
        request,
        "makes/make_detail.html",
        {
            "make": make,
            "project": make.project,
            "can_edit": selectors.make_can_edit(user=request.user, make=make),
            "can_delete": selectors.make_can_delete(user=request.user, make=make),
            "can_moderate": selectors.make_can_moderate(user=request.user, make=make),
            "verified": make.pk in selectors.verified_buyer_ids(makes=[make]),
            "inspired": make.inspirations.exclude(version__technology__status="draft").select_related(
                "version__technology"
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def make_edit(request, pk):
    make = _visible_make(request, pk)
    if not selectors.make_can_edit(user=request.user, make=make):
        raise Http404(_("No such make."))
    photos = list(make.photos.all())
    revisions = selectors.project_revisions(project=make.project)
    order_lines = list(selectors.buyer_order_lines(user=request.user, project=make.project)[:20])
    initial = {
        "rating": make.rating,
        "note": make.note,
        "revision": str(make.revision_id or ""),
        "order_line": str(make.order_line_id or ""),
    }
    form = MakeEditForm(
        request.POST or None,
        request.FILES or None,
        revisions=revisions,
        order_lines=order_lines,
        photos=photos,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.make_update(
                actor=request.user,
                make=make,
                rating=data["rating"],
                note=data["note"],
                revision=_revision(form, make.project),
                **({"order_line": _order_line(form, request.user)} if "order_line" in form.fields else {}),
                add_photos=data["photos"],
                remove_photo_ids=data["remove_photos"],
                captions=form.captions(),
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Your make is saved."))
            return redirect(make)
    return render(
        request,
        "makes/make_form.html",
        {"form": form, "project": make.project, "make": make, "photos": photos, "is_new": False},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def make_delete(request, pk):
    make = _visible_make(request, pk)
    project = make.project
    try:
        services.make_delete(actor=request.user, make=make)
    except BoucleError as e:
        flash_error(request, e)
        return redirect(make)
    messages.success(request, _("Your make is deleted."))
    return redirect(f"{project.get_absolute_url()}#makes")


@login_required
@require_POST
def make_moderate(request, pk):
    make = _visible_make(request, pk)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        flash_error(request, InvalidInput(_("This form is not valid. Reload the page and try again.")))
        return redirect(make)
    action = services.make_hide if form.cleaned_data["action"] == "hide" else services.make_restore
    try:
        action(moderator=request.user, make=make, reason=form.cleaned_data["reason"])
    except BoucleError as e:
        flash_error(request, e)
    else:
        messages.success(
            request,
            _("The make is hidden.") if action is services.make_hide else _("The make is shown again."),
        )
    return redirect(make)


@require_http_methods(["GET"])
def project_make_list(request, slug):
    project = project_get(slug=slug, user=request.user)
    makes = selectors.project_makes(project=project, user=request.user)
    page = CappedPaginator(makes, 24).get_page(request.GET.get("page"))
    return render(
        request,
        "makes/project_make_list.html",
        {
            "project": project,
            "page": page,
            "summary": selectors.make_summary(makes=selectors.project_makes(project=project)),
            "verified": selectors.verified_buyer_ids(makes=list(page)),
        },
    )


@require_http_methods(["GET"])
def organization_usages(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return render(
        request,
        "makes/organization_usages.html",
        {"organization": organization, **selectors.organization_usages(organization=organization)},
    )
