from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from boucle.core.errors import BoucleError
from boucle.core.viewutils import flash_error, form_error
from boucle.orgs.models import Organization
from boucle.projects.models import Project
from boucle.reviews import selectors, services
from boucle.reviews.forms import AnswerForm, DecisionForm, ReviewWindowForm, ScorecardForm
from boucle.reviews.models import Review, ReviewWindow


def _project(slug) -> Project:
    return get_object_or_404(Project.objects.select_related("technology__organization"), slug=slug)


def _panel_url(project) -> str:
    return project.get_absolute_url() + "#review"


# --- review windows -------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def review_window_list(request, slug):
    """The organization's review windows (public); its owners add and delete the future ones here."""
    organization = get_object_or_404(Organization, slug=slug)
    can_manage = selectors.can_manage_windows(user=request.user, organization=organization)
    form = ReviewWindowForm()
    status = 200
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if not can_manage:
            raise PermissionDenied(_("Only the organization's owners can plan review windows."))
        form = ReviewWindowForm(request.POST)
        if form.is_valid():
            try:
                window = services.review_window_create(
                    actor=request.user, organization=organization, **form.cleaned_data
                )
            except BoucleError as error:
                if error.status_code == 403:
                    raise PermissionDenied(str(error.message)) from error
                form_error(form, error)
            else:
                messages.success(request, _("Review window “%(title)s” planned.") % {"title": window.title})
                return redirect("review_window_list", slug=organization.slug)
        status = 400
    windows = [(w, selectors.review_window_is_open(w)) for w in selectors.review_window_list(organization=organization)]
    return render(
        request,
        "reviews/window_list.html",
        {"organization": organization, "windows": windows, "form": form, "can_manage": can_manage},
        status=status,
    )


@login_required
@require_POST
def review_window_delete(request, slug, pk):
    window = get_object_or_404(ReviewWindow.objects.select_related("organization"), pk=pk, organization__slug=slug)
    try:
        services.review_window_delete(actor=request.user, window=window)
    except BoucleError as error:
        if error.status_code == 403:
            raise PermissionDenied(str(error.message)) from error
        if request.htmx:
            return HttpResponse(str(error.message), status=error.status_code)
        flash_error(request, error)
        return redirect("review_window_list", slug=slug)
    if request.htmx:
        return HttpResponse("")  # the row is swapped out
    messages.success(request, _("Review window deleted."))
    return redirect("review_window_list", slug=slug)


# --- queue ----------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET"])
def review_queue(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not selectors.can_review(user=request.user, organization=organization):
        raise PermissionDenied(_("Only the organization's reviewers see its review queue."))
    queue = selectors.review_queue(organization=organization, user=request.user)
    return render(request, "reviews/queue.html", {"organization": organization, **queue})


# --- a project's review ---------------------------------------------------------------------------------


def _review_page(request, project, *, scorecard=None, decision_form=None, status=200):
    organization = project.technology.organization
    criteria = selectors.review_criteria(organization=organization)
    mine = Review.objects.filter(project=project, reviewer=request.user).first()
    if scorecard is None:
        scorecard = ScorecardForm(criteria=criteria, initial=ScorecardForm.initial_for(mine))
    return render(
        request,
        "reviews/project_review.html",
        {
            "project": project,
            "organization": organization,
            "criteria": criteria,
            "summary": selectors.project_review_summary(project=project),
            "reviews": selectors.project_reviews(project=project),
            "decisions": selectors.project_decisions(project=project),
            "my_review": mine,
            "scorecard": scorecard,
            "decision_form": decision_form or DecisionForm(),
            "in_review": project.status == "in_review",
        },
        status=status,
    )


def _require_reviewer(request, project):
    if not selectors.can_review(user=request.user, organization=project.technology.organization):
        raise PermissionDenied(_("Only the organization's reviewers can review this project."))


@login_required
@require_http_methods(["GET", "POST"])
def project_review(request, slug):
    """The reviewer's page for one project: criteria, everyone's scorecards, my scorecard, the decision."""
    project = _project(slug)
    _require_reviewer(request, project)
    if request.method == "GET":
        return _review_page(request, project)
    criteria = selectors.review_criteria(organization=project.technology.organization)
    form = ScorecardForm(request.POST, criteria=criteria)
    if form.is_valid():
        try:
            _review, created = services.review_submit(
                actor=request.user, project=project, scores=form.scores(), note=form.cleaned_data["note"]
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Scorecard saved.") if created else _("Scorecard updated."))
            return redirect("project_review", slug=project.slug)
    return _review_page(request, project, scorecard=form, status=400)


@login_required
@require_POST
def project_decide(request, slug):
    project = _project(slug)
    _require_reviewer(request, project)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            decision = services.review_decide(
                actor=request.user,
                project=project,
                decision=form.cleaned_data["decision"],
                reason=form.cleaned_data["reason"],
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(
                request, _("Decision published: %(decision)s.") % {"decision": decision.get_decision_display()}
            )
            return redirect(_panel_url(project))
    return _review_page(request, project, decision_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def decision_answer(request, slug):
    """The team answers the latest decision on its project, once."""
    project = _project(slug)
    decision = selectors.project_latest_decision(project=project)
    if decision is None:
        raise Http404(_("This project has no decision to answer yet."))
    if not selectors.is_team_member(user=request.user, project=project):
        raise PermissionDenied(_("Only the project's team can answer the decision."))
    form = AnswerForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.decision_answer(actor=request.user, decision=decision, answer=form.cleaned_data["answer"])
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your answer is published."))
                return redirect(_panel_url(project))
        status = 400
    return render(
        request, "reviews/answer.html", {"project": project, "decision": decision, "form": form}, status=status
    )



@login_required
@require_POST
def project_review_start(request, slug):
    """A reviewer takes a supported project into review now (from the review queue)."""
    project = _project(slug)
    try:
        services.review_start(actor=request.user, project=project, reason=request.POST.get("reason", ""))
    except BoucleError as error:
        messages.error(request, str(error.message))
        return redirect("review_queue", slug=project.technology.organization.slug)
    messages.success(request, _("%(title)s is now in review.") % {"title": project.title})
    return redirect("project_review", slug=project.slug)
