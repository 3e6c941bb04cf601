from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boucle.catalog import services
from boucle.catalog.forms import (
    ImageForm,
    StatusForm,
    TechnologyCreateForm,
    TechnologyForm,
    VersionForm,
    VersionPublishForm,
)
from boucle.catalog.models import Technology, TechnologyImage
from boucle.catalog.selectors import (
    inspiration_candidates,
    ladder_words,
    technologies_visible,
    technology_can_view,
    technology_projects,
    technology_versions,
)
from boucle.core.errors import BoucleError
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import flash_error, form_error
from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.ladder import DEFAULT_LADDER, ladder_for, ladder_format


def _is_owner(user, organization):
    return org_has_role(user=user, organization=organization, roles=[Role.OWNER])


def _visible_technology(request, slug) -> Technology:
    technology = get_object_or_404(Technology.objects.select_related("organization"), slug=slug)
    if not technology_can_view(user=request.user, technology=technology):
        raise Http404
    return technology


def _owned_technology(request, slug) -> Technology:
    technology = get_object_or_404(Technology.objects.select_related("organization"), slug=slug)
    if not _is_owner(request.user, technology.organization):
        raise PermissionDenied(_("Only the owners of %(org)s can do this.") % {"org": technology.organization.name})
    return technology


@require_http_methods(["GET"])
def technology_list(request):
    technologies = technologies_visible(user=request.user).prefetch_related("images").order_by("name")
    page = Paginator(technologies, 24).get_page(request.GET.get("page"))
    return render(request, "catalog/technology_list.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def technology_create(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not _is_owner(request.user, organization):
        raise PermissionDenied(_("Only the owners of %(org)s can do this.") % {"org": organization.name})
    form = TechnologyCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            technology = services.technology_create(
                actor=request.user, organization=organization, name=data["name"], summary=data["summary"],
                description=data["description"], status=data["status"], support_ladder_text=data["support_ladder"],
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Technology created."))
            return redirect(technology)
    return render(request, "catalog/technology_create.html", {"form": form, "organization": organization},
                  status=400 if form.errors else 200)


@require_http_methods(["GET"])
def technology_detail(request, slug):
    technology = _visible_technology(request, slug)
    ladder = ladder_for(technology=technology)
    page = CappedPaginator(technology_projects(technology=technology), 12).get_page(request.GET.get("page"))
    return render(request, "catalog/technology_detail.html", {
        "technology": technology,
        "versions": technology_versions(technology=technology),
        "images": technology.images.all(),
        "ladder_words": ladder_words(ladder),
        "ladder_is_default": ladder is DEFAULT_LADDER,
        "page": page,
        "challenges": technology.challenges.filter(is_published=True).order_by("-created_at")[:10],
        "is_owner": _is_owner(request.user, technology.organization),
    })


def _manage(request, technology, *, status=200, **forms):
    context = {
        "technology": technology,
        "form": TechnologyForm(initial={
            "name": technology.name, "summary": technology.summary, "description": technology.description,
            "support_ladder": ladder_format(technology.support_ladder),
        }),
        "status_form": StatusForm(initial={"status": technology.status}),
        "version_form": VersionForm(),
        "image_form": ImageForm(),
        "images": technology.images.all(),
        "current_ladder": ladder_format(ladder_for(technology=technology)),
    }
    context.update(forms)
    return render(request, "catalog/technology_manage.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def technology_edit(request, slug):
    technology = _owned_technology(request, slug)
    if request.method == "GET":
        return _manage(request, technology)
    form = TechnologyForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.technology_update(
                actor=request.user, technology=technology, name=data["name"], summary=data["summary"],
                description=data["description"], support_ladder_text=data["support_ladder"],
            )
        except BoucleError as e:
            form_error(form, e)
            technology.refresh_from_db()
        else:
            messages.success(request, _("Saved."))
            return redirect(technology)
    return _manage(request, technology, form=form, status=400)


@login_required
@require_POST
def technology_status(request, slug):
    technology = _owned_technology(request, slug)
    form = StatusForm(request.POST)
    if not form.is_valid():
        return _manage(request, technology, status_form=form, status=400)
    services.technology_status_set(actor=request.user, technology=technology, status=form.cleaned_data["status"])
    messages.success(request, _("Status changed to %(s)s.") % {"s": technology.get_status_display()})
    return redirect("technology_edit", slug=technology.slug)


@login_required
@require_POST
def technology_version_add(request, slug):
    technology = _owned_technology(request, slug)
    form = VersionForm(request.POST)
    if form.is_valid():
        try:
            services.technology_version_add(actor=request.user, technology=technology, **form.cleaned_data)
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Version added."))
            return redirect(technology)
    return _manage(request, technology, version_form=form, status=400)


@login_required
@require_POST
def technology_image_add(request, slug):
    technology = _owned_technology(request, slug)
    form = ImageForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.technology_image_add(actor=request.user, technology=technology, **form.cleaned_data)
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Image added."))
            return redirect("technology_edit", slug=technology.slug)
    return _manage(request, technology, image_form=form, status=400)


@login_required
@require_POST
def technology_image_remove(request, slug, pk):
    technology = _owned_technology(request, slug)
    image = get_object_or_404(TechnologyImage, pk=pk, technology=technology)
    try:
        services.technology_image_remove(actor=request.user, image=image)
    except BoucleError as e:
        flash_error(request, e)
    else:
        messages.success(request, _("Image removed."))
    return redirect("technology_edit", slug=technology.slug)


@login_required
@require_http_methods(["GET", "POST"])
def technology_version_publish(request, slug):
    """Publish a version citing the projects and makes that inspired it (``?project=<slug>`` ticks one)."""
    from boucle.makes.models import Make
    from boucle.projects.models import Project

    technology = _owned_technology(request, slug)
    asked = request.POST.getlist("projects") if request.method == "POST" else request.GET.getlist("project")
    candidates = inspiration_candidates(technology=technology, include_slugs=asked[:50])
    initial = {"projects": [s for s in asked if s]} if request.method == "GET" else None
    form = VersionPublishForm(request.POST or None, initial=initial, **candidates)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        projects = Project.objects.filter(slug__in=data["projects"]).select_related("technology")
        makes = Make.objects.filter(pk__in=data["makes"]).select_related("project__technology")
        try:
            services.technology_version_publish(
                actor=request.user, technology=technology, version=data["version"], changelog=data["changelog"],
                released_at=data["released_at"], projects=list(projects), makes=list(makes),
            )
        except BoucleError as e:
            form_error(form, e)
        else:
            messages.success(request, _("Version published."))
            return redirect(technology.get_absolute_url() + "#versions")
    return render(request, "catalog/technology_version_publish.html", {"technology": technology, "form": form},
                  status=400 if form.errors else 200)
