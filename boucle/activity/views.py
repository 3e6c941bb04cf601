"""Pages of the activity app: the home feed, follow buttons, followers and following, activity streams."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from boucle.accounts.models import User
from boucle.activity import selectors, services
from boucle.activity.templatetags.activity import follow_context
from boucle.core.errors import BoucleError, NotFound
from boucle.orgs.models import Organization

FOLLOW_PAGE_SIZE = 50

KIND_LABELS = {
    "member": gettext_lazy("member"),
    "project": gettext_lazy("project"),
    "organization": gettext_lazy("organization"),
    "challenge": gettext_lazy("challenge"),
    "tag": gettext_lazy("tag"),
}


def _events_response(request, template: str, events, context: dict):
    """A keyset page of ``events`` (a queryset, or a function of the cursor giving the page): the whole page,
    or only the next lines for the htmx "More" link."""
    cursor = request.GET.get("cursor", "").replace("\x00", "")
    try:
        if callable(events):
            page = events(cursor=cursor or None)
        else:
            page = selectors.events_page(events, cursor=cursor or None)
    except BoucleError as error:
        return render(request, "core/error.html", {"title": _("Bad request"), "message": error.message}, status=400)
    context = {**context, "page": page, "cursor": cursor, "more_url": request.path}
    if request.htmx and request.htmx.target == "events-more":
        return render(request, "activity/_events.html", context)
    return render(request, template, context)


@login_required
@require_http_methods(["GET"])
def feed(request):
    def page(*, cursor):
        return selectors.feed_page(user=request.user, cursor=cursor)

    return _events_response(request, "activity/feed.html", page, {})


@require_http_methods(["GET"])
def project_activity(request, slug):
    try:
        project = selectors.project_public(slug=slug)
    except NotFound:
        raise Http404 from None
    return _events_response(
        request,
        "activity/stream.html",
        selectors.project_events(project=project),
        {"target": project, "title": project.title, "target_url": project.get_absolute_url()},
    )


@require_http_methods(["GET"])
def org_activity(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return _events_response(
        request,
        "activity/stream.html",
        selectors.organization_events(organization=organization),
        {"target": organization, "title": organization.name, "target_url": organization.get_absolute_url()},
    )


def _next_url(request, fallback: str) -> str:
    next_url = request.POST.get("next", "")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return fallback


@require_http_methods(["POST"])
@ratelimit(group="activity.follow", key="user_or_ip", rate="60/m", method="POST", block=True)
def follow_toggle(request, kind, key):
    """Follow (``action=follow``) or unfollow (``action=unfollow``) what ``kind``/``key`` names."""
    try:
        target = selectors.follow_target_get(kind=kind, key=key)
    except BoucleError:
        raise Http404 from None
    if not request.user.is_authenticated:
        return redirect(f"{reverse('account_login')}?next={selectors.follow_url(target)}")
    try:
        if request.POST.get("action") == "unfollow":
            services.unfollow(actor=request.user, target=target)
        else:
            services.follow(actor=request.user, target=target)
    except BoucleError as error:
        if request.htmx:
            context = follow_context(request=request, target=target)
            context["error"] = error.message
            return render(request, "activity/_follow_button.html", context, status=200)
        messages.error(request, error.message)
        return redirect(_next_url(request, selectors.follow_url(target)))
    if request.htmx:
        return render(request, "activity/_follow_button.html", follow_context(request=request, target=target))
    return redirect(_next_url(request, selectors.follow_url(target)))


def _member(username) -> User:
    return get_object_or_404(User, username=username, is_active=True)


@require_http_methods(["GET"])
def member_followers(request, username):
    member = _member(username)
    page = Paginator(selectors.followers(target=member), FOLLOW_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {"title": f.follower.name, "url": f.follower.get_absolute_url(), "kind_label": f"@{f.follower.username}"}
        for f in page.object_list
    ]
    return render(
        request,
        "activity/follow_list.html",
        {
            "member": member,
            "which": "followers",
            "page": page,
            "rows": rows,
            "heading": _("Followers of %(name)s") % {"name": member.name},
        },
    )


def following_rows(follows) -> list[dict]:
    """Display rows of Follow objects (targets prefetched); gone or hidden targets are left out."""
    rows = []
    for f in follows:
        target = f.target
        if target is None or getattr(target, "hidden_at", None) is not None:
            continue
        kind = selectors.follow_kind(target)
        if kind == "member" and not target.is_active:
            continue
        rows.append(
            {
                "kind": kind,
                "key": selectors.follow_key(target),
                "title": selectors.follow_title(target),
                "url": selectors.follow_url(target),
                "kind_label": KIND_LABELS.get(kind, ""),
                "followed_at": f.created_at,
            }
        )
    return rows


@require_http_methods(["GET"])
def member_following(request, username):
    member = _member(username)
    page = Paginator(selectors.following(member=member), FOLLOW_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "activity/follow_list.html",
        {
            "member": member,
            "which": "following",
            "page": page,
            "rows": following_rows(page.object_list),
            "heading": _("Followed by %(name)s") % {"name": member.name},
        },
    )
