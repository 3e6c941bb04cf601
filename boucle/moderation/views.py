from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.core.errors import BoucleError, NotFound
from boucle.core.viewutils import form_error
from boucle.moderation import selectors, services
from boucle.moderation.forms import ActionForm, LogFilterForm, ReportForm
from boucle.moderation.models import ActionKind, TargetKind
from boucle.orgs.models import Organization

QUEUE_PAGE_SIZE = 20
LOG_PAGE_SIZE = 50
REPORT_RATE = "30/h"


def _safe_next(request, url: str, fallback: str) -> str:
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}, require_https=False):
        return url
    return fallback


def _target_or_404(kind, target_id, user):
    try:
        return selectors.target_get_for(kind=kind, target_id=target_id, user=user)
    except (NotFound, BoucleError):
        raise Http404(_("There is nothing to report here.")) from None


@login_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user_or_ip", rate=REPORT_RATE, method="POST", group="moderation_report")
def report(request):
    data = request.POST if request.method == "POST" else request.GET
    kind, target_id = data.get("type", ""), data.get("id", "")
    target = _target_or_404(kind, target_id, request.user)
    url = selectors.target_url(target)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.report_create(
                reporter=request.user, target=target, reason=form.cleaned_data["reason"], text=form.cleaned_data["text"]
            )
        except BoucleError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Thank you. Moderators will look at your report."))
            try:  # enough reports hide the content: the reporter may no longer see it
                selectors.target_get_for(kind=kind, target_id=target.pk, user=request.user)
            except BoucleError:
                return redirect("home")
            return redirect(url or "home")
    context = {
        "form": form,
        "target": target,
        "kind": selectors.target_kind(target),
        "kind_label": TargetKind(selectors.target_kind(target)).label,
        "label": selectors.target_label(target),
        "target_url": url,
    }
    return render(request, "moderation/report.html", context, status=400 if form.errors else 200)


def _queue_page(request, *, organization=None):
    kind = request.GET.get("kind", "")
    if kind not in TargetKind.values or (organization is not None and kind == TargetKind.MEMBER):
        kind = ""
    rows = selectors.queue_targets(organization=organization, kind=kind)
    page = Paginator(rows, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    is_staff = request.user.is_staff
    hidden_rows = selectors.hidden_targets(organization=organization, include_members=is_staff)
    context = {
        "organization": organization,
        "kind": kind,
        "counts": selectors.queue_counts(organization=organization),
        "page": page,
        "items": selectors.queue_items(page.object_list),
        "hidden_items": selectors.queue_items(hidden_rows),
        "bans": selectors.organization_bans(organization=organization) if organization is not None else [],
        "site_banned": selectors.site_banned_members() if organization is None else [],
        "is_staff": is_staff,
        "kinds": [(k, label) for k, label in TargetKind.choices if organization is None or k != TargetKind.MEMBER],
        "here": request.get_full_path(),
        "ActionKind": ActionKind,
    }
    return render(request, "moderation/queue.html", context)


@login_required
@require_http_methods(["GET"])
def queue(request):
    if not request.user.is_staff:
        orgs = list(selectors.moderated_organizations(user=request.user)[:2])
        if len(orgs) == 1:
            return redirect("moderation_org_queue", orgs[0].slug)
        raise PermissionDenied(_("Only site staff see the whole moderation queue."))
    return _queue_page(request)


@login_required
@require_http_methods(["GET"])
def org_queue(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    if not selectors.is_org_moderator(user=request.user, organization=organization):
        raise PermissionDenied(_("Only the organization's moderators see its moderation queue."))
    return _queue_page(request, organization=organization)


@login_required
@require_http_methods(["POST"])
def act(request):
    form = ActionForm(request.POST)
    fallback = reverse("moderation_queue")
    if not form.is_valid():
        messages.error(request, _("This action could not be read. Nothing was changed."))
        return redirect(_safe_next(request, request.POST.get("next", ""), fallback))
    data = form.cleaned_data
    back = _safe_next(request, data["next"], fallback)
    try:
        target = selectors.target_resolve(kind=data["type"], target_id=data["id"])
        organization = None
        if data["organization"]:
            organization = Organization.objects.filter(slug=data["organization"]).first()
            if organization is None:
                raise NotFound(_("This organization does not exist."))
        services.moderation_act(
            moderator=request.user,
            action=data["action"],
            target=target,
            reason=data["reason"],
            organization=organization,
        )
    except BoucleError as error:
        if error.status_code == 403:
            raise PermissionDenied(str(error.message)) from None
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _("Done: %(action)s — %(target)s.")
            % {"action": ActionKind(data["action"]).label, "target": selectors.target_label(target)},
        )
    return redirect(back)


@login_required
@require_http_methods(["GET"])
def log(request):
    if not request.user.is_staff:
        raise PermissionDenied(_("Only site staff read the moderation log."))
    form = LogFilterForm(request.GET or None)
    actions = selectors.action_log(**form.filters())
    page = Paginator(actions, LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "moderation/log.html", {"form": form, "page": page, "query": query.urlencode()})
