from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRefresh
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError
from boucle.core.pagination import CappedPaginator
from boucle.core.viewutils import flash_error, form_error
from boucle.orgs.models import Organization, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects import selectors, services
from boucle.projects.enums import LICENCE_URLS, ProjectStatus
from boucle.projects.forms import (
    LICENCE_HELP,
    ArchiveForm,
    MergeForm,
    ProjectCreateForm,
    ProjectEditForm,
    ProjectFilterForm,
    SecondChanceForm,
    TeamAddForm,
)
from boucle.projects.lifecycle import can_transition
from boucle.projects.models import SecondChanceRound

PAGE_SIZE = 24


@require_http_methods(["GET"])
def project_list(request):
    # NUL characters cannot reach a PostgreSQL lookup; no slug holds one.
    form = ProjectFilterForm({k: v.replace("\x00", "") for k, v in request.GET.items()} or None)
    filters = form.filters()
    page = CappedPaginator(selectors.project_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "filters": filters, "query": query.urlencode()}
    if request.htmx and request.htmx.target == "project-results":
        return render(request, "projects/_list_results.html", context)
    return render(request, "projects/project_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def project_create(request):
    if request.method == "POST":
        form = ProjectCreateForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                project = services.project_create(
                    actor=request.user,
                    title=data["title"],
                    pitch=data["pitch"],
                    body=data["body"],
                    technology=data["technology"],
                    challenge=data["challenge"],
                    licence=data["licence"],
                    tags=data["tags"],
                    cover=data["cover"],
                )
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your project is saved as a draft. Publish it when it is ready."))
                return redirect(project)
    else:
        initial = {}
        if slug := request.GET.get("challenge", "").replace("\x00", ""):
            from boucle.challenges.models import Challenge

            challenge = Challenge.objects.filter(slug=slug, is_published=True).first()
            if challenge is not None:
                initial = {"challenge": challenge, "technology": challenge.technology}
        elif slug := request.GET.get("technology", "").replace("\x00", ""):
            from boucle.catalog.models import Technology

            initial = {"technology": Technology.objects.filter(slug=slug).first()}
        form = ProjectCreateForm(initial=initial)
    similar = []
    if request.method == "POST":  # re-rendered with an error: the similar projects show without JavaScript too
        from boucle.search.selectors import similar_projects

        similar = similar_projects(title=request.POST.get("title", ""), pitch=request.POST.get("pitch", ""))
    return render(request, "projects/project_form.html", {"form": form, "creating": True, "similar": similar})


def _support_context(request, project, error=None):
    user = request.user
    return {
        "project": project,
        "supports": selectors.user_supports(project=project, user=user),
        "is_team": services.is_team_member(project=project, user=user),
        "support_error": error,
        "ladder": selectors.ladder_view(project),
    }


@require_http_methods(["GET"])
def project_detail(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    user = request.user
    is_team = services.is_team_member(project=project, user=user)
    context = {
        **_support_context(request, project),
        "team": selectors.project_team(project=project),
        "transitions": selectors.project_transitions(project=project),
        "ladder": selectors.ladder_view(project),
        "licence_url": LICENCE_URLS.get(project.licence),
        "licence_help": LICENCE_HELP.get(project.licence),
        "can_edit": is_team and project.status != ProjectStatus.ARCHIVED,
        "can_publish": can_transition(project=project, to_status=ProjectStatus.PUBLISHED, actor=user)
        if user.is_authenticated
        else False,
        "can_archive": is_team and project.status != ProjectStatus.ARCHIVED,
        "is_owner": services.is_team_owner(project=project, user=user),
        **_merge_context(request, project, is_team=is_team),
    }
    return render(request, "projects/project_detail.html", context)


def _merge_context(request, project, *, is_team):
    """What the project page shows of merges: where a merged duplicate went, the "Merge into another
    project…" link, the requests waiting for the team's answer and the one the team sent."""
    from boucle.projects import merge

    user = request.user
    context = {"can_merge": merge.can_offer_merge(actor=user, duplicate=project), "merge_requests": []}
    if project.merged_into_id:
        context["merged_into"] = project.merged_into
    if user.is_authenticated and (
        services.is_team_owner(project=project, user=user) or merge.is_org_moderator(user=user, project=project)
    ):
        context["merge_requests"] = list(merge.merge_requests_pending(project=project))
    if is_team:
        context["merge_request_sent"] = merge.merge_request_sent(project=project)
    return context


@login_required
@require_http_methods(["GET", "POST"])
def project_edit(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    if not services.is_team_member(project=project, user=request.user):
        raise PermissionDenied(_("Only the project's team can edit it."))
    if request.method == "POST":
        form = ProjectEditForm(request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.project_update(
                    actor=request.user,
                    project=project,
                    title=data["title"],
                    pitch=data["pitch"],
                    body=data["body"],
                    licence=data["licence"],
                    tags=data["tags"],
                    cover=data["cover"] or None,
                    remove_cover=data["cover"] is False,
                )
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Project saved."))
                return redirect(project)
    else:
        form = ProjectEditForm(
            initial={
                "title": project.title,
                "pitch": project.pitch,
                "body": project.body,
                "licence": project.licence,
                "tags": ", ".join(t.name for t in project.tags.all()),
            }
        )
    return render(
        request, "projects/project_form.html", {"form": form, "project": project, "creating": False}
    )


@login_required
@require_http_methods(["POST"])
def project_publish(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    try:
        services.project_publish(actor=request.user, project=project)
    except BoucleError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Your project is published: supporters can now find it."))
    return redirect(project)


@login_required
@require_http_methods(["GET", "POST"])
def project_archive(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    if not services.is_team_member(project=project, user=request.user):
        raise PermissionDenied(_("Only the project's team can archive it."))
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.project_archive(actor=request.user, project=project, reason=form.cleaned_data["reason"])
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The project is archived."))
            return redirect(project)
    return render(request, "projects/project_archive.html", {"form": form, "project": project})


@login_required
@require_http_methods(["GET", "POST"])
def project_team(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    is_owner = services.is_team_owner(project=project, user=request.user) or request.user.is_staff
    form = TeamAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            member = services.team_add(
                actor=request.user,
                project=project,
                username=form.cleaned_data["username"],
                role=form.cleaned_data["role"],
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("%(name)s joined the team.") % {"name": member.user.name})
            return redirect("project_team", slug=project.slug)
    context = {
        "project": project,
        "team": selectors.project_team(project=project),
        "form": form,
        "is_owner": is_owner,
        "is_team": services.is_team_member(project=project, user=request.user),
    }
    return render(request, "projects/project_team.html", context)


@login_required
@require_http_methods(["POST"])
def project_team_remove(request, slug, username):
    from boucle.accounts.models import User

    project = selectors.project_get(slug=slug, user=request.user)
    member = get_object_or_404(User, username=username.replace("\x00", ""))
    try:
        services.team_remove(actor=request.user, project=project, user=member)
    except BoucleError as error:
        flash_error(request, error)
        return redirect("project_team", slug=project.slug)
    messages.success(request, _("%(name)s left the team.") % {"name": member.name})
    if member == request.user:
        return redirect(project)
    return redirect("project_team", slug=project.slug)


def _support_response(request, project, action):
    error = None
    status_before = project.status
    try:
        action(actor=request.user, project=project)
    except BoucleError as e:
        error = str(e.message)
    project.refresh_from_db()
    if request.htmx:
        if project.status != status_before:
            # The last tier was reached: badge, timeline and review panel change too, so reload the page.
            return HttpResponseClientRefresh()
        return render(request, "projects/_support.html", _support_context(request, project, error))
    if error:
        messages.error(request, error)
    return redirect(project)


@login_required
@ratelimit(group="projects.support", key="user_or_ip", rate="30/m", method=["POST", "DELETE"], block=True)
@require_http_methods(["POST"])
def project_support(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    return _support_response(request, project, services.support_add)


@login_required
@ratelimit(group="projects.support", key="user_or_ip", rate="30/m", method=["POST", "DELETE"], block=True)
@require_http_methods(["POST"])
def project_support_withdraw(request, slug):
    project = selectors.project_get(slug=slug, user=request.user)
    return _support_response(request, project, services.support_withdraw)


# ---------------------------------------------------------------------------------------------- second chance


@require_http_methods(["GET"])
def second_chance_list(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    context = {
        "organization": organization,
        "rounds": selectors.second_chance_rounds(organization=organization),
        "is_owner": org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]),
    }
    return render(request, "projects/second_chance_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def second_chance_create(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not org_has_role(user=request.user, organization=organization, roles=[Role.OWNER]):
        raise PermissionDenied(_("Only the organization's owners can open a second-chance vote."))
    form = SecondChanceForm(request.POST or None, organization=organization)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.second_chance_create(
                actor=request.user,
                organization=organization,
                title=data["title"],
                opens_at=data["opens_at"],
                closes_at=data["closes_at"],
                candidates=list(data["candidates"]),
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The second-chance vote is ready."))
            return redirect("second_chance_detail", pk=round_.pk)
    return render(request, "projects/second_chance_form.html", {"form": form, "organization": organization})


def _round_context(request, round_):
    return {
        "round": round_,
        "organization": round_.organization,
        "standings": selectors.second_chance_standings(round_=round_),
        "is_open": services.second_chance_is_open(round_),
        "my_vote": selectors.second_chance_vote_of(round_=round_, user=request.user),
    }


@require_http_methods(["GET"])
def second_chance_detail(request, pk):
    round_ = get_object_or_404(SecondChanceRound.objects.select_related("organization", "winner"), pk=pk)
    return render(request, "projects/second_chance_detail.html", _round_context(request, round_))


@login_required
@ratelimit(key="user_or_ip", rate="30/m", method="POST", block=True)
@require_http_methods(["POST"])
def second_chance_vote(request, pk):
    from boucle.projects.models import Project

    round_ = get_object_or_404(SecondChanceRound, pk=pk)
    project_id = request.POST.get("project", "")
    project = Project.objects.filter(pk=project_id).first() if project_id.isdigit() else None
    try:
        services.second_chance_vote(actor=request.user, round_=round_, project=project)
    except BoucleError as error:
        flash_error(request, error)
    else:
        messages.success(request, _("Your vote is counted. You may change it until the vote closes."))
    return redirect(reverse("second_chance_detail", args=[round_.pk]))


# ---------------------------------------------------------------------------------------------- merges


@login_required
@require_http_methods(["GET", "POST"])
def project_merge(request, slug):
    """Merge this project into another (moderators), or ask the other team to (the project's owners)."""
    from boucle.projects import merge

    project = selectors.project_get(slug=slug, user=request.user)
    if not merge.can_offer_merge(actor=request.user, duplicate=project):
        raise PermissionDenied(_("Only the organization's moderators and the project's owners can merge it."))
    form = MergeForm(request.POST or None, initial={"into": request.GET.get("into", "").replace("\x00", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = merge.project_merge_or_request(
                actor=request.user, duplicate=project, into=data["into"], reason=data["reason"]
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            if isinstance(result, merge.MergeResult):
                messages.success(
                    request,
                    _("“%(duplicate)s” is merged into this project: %(n)d new supporters, %(c)d comments moved.")
                    % {"duplicate": result.duplicate.title, "n": result.supports_moved, "c": result.comments_moved},
                )
                return redirect(result.into)
            messages.success(
                request,
                _("Your request is sent: the owners of “%(title)s” will accept or decline it.")
                % {"title": result.into.title},
            )
            return redirect(project)
    query = request.GET.get("q", "")
    context = {
        "project": project,
        "form": form,
        "query": query.replace("\x00", ""),
        "candidates": merge.merge_candidates(duplicate=project, query=query),
        "direct": merge.is_org_moderator(user=request.user, project=project),
    }
    return render(request, "projects/project_merge.html", context)


@login_required
@require_http_methods(["POST"])
def merge_request_answer(request, pk, answer):
    from boucle.projects import merge
    from boucle.projects.models import MergeRequest

    merge_request = get_object_or_404(MergeRequest.objects.select_related("duplicate", "into"), pk=pk)
    if answer not in ("accept", "decline"):
        raise Http404
    try:
        if answer == "accept":
            result = merge.merge_request_accept(actor=request.user, merge_request=merge_request)
            messages.success(
                request,
                _("“%(duplicate)s” is merged into this project: %(n)d new supporters, %(c)d comments moved.")
                % {"duplicate": result.duplicate.title, "n": result.supports_moved, "c": result.comments_moved},
            )
        else:
            merge.merge_request_decline(actor=request.user, merge_request=merge_request)
            messages.success(request, _("The merge request is declined."))
    except BoucleError as error:
        flash_error(request, error)
    if services.is_team_member(project=merge_request.duplicate, user=request.user) and answer == "decline":
        return redirect(merge_request.duplicate)
    return redirect(merge_request.into)
