from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from boucle.core.errors import BoucleError, NotFound
from boucle.core.viewutils import form_error
from boucle.notifications import selectors, services
from boucle.notifications.enums import Channel, Kind
from boucle.notifications.forms import PreferencesForm
from boucle.notifications.models import NotificationSettings
from boucle.notifications.texts import notification_changes, notification_excerpt, notification_text

PAGE_SIZE = 20


def present(notifications, *, member) -> list[dict]:
    """What the page shows of each notification (sentences, excerpt, diff, actions); one query at most."""
    withdrawable = selectors.withdrawable_project_ids(member=member, notifications=notifications)
    return [
        {
            "notification": n,
            "text": notification_text(n),
            "excerpt": notification_excerpt(n),
            "changes": notification_changes(n),
            "kind_label": Kind(n.kind).label if n.kind in Kind.values else n.kind,
            "can_withdraw": n.event.project_id in withdrawable,
        }
        for n in notifications
    ]


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_list(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(
        selectors.notification_list(member=request.user, unread_only=unread_only), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": present(list(page.object_list), member=request.user),
        "unread_only": unread_only,
    }
    response = render(request, "notifications/notification_list.html", context)
    response["Cache-Control"] = "no-store"
    return response


def _back(request):
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notification_list")


@login_required
@require_http_methods(["POST"])
def notification_read(request, notification_id: int):
    try:
        notification = services.notification_mark_read(actor=request.user, notification_id=notification_id)
    except NotFound:
        raise Http404(_("No such notification.")) from None
    if request.htmx:
        item = present([notification], member=request.user)[0]
        return render(request, "notifications/_read_response.html", {"item": item})
    return _back(request)


@login_required
@require_http_methods(["POST"])
def notifications_read_all(request):
    count = services.notifications_mark_all_read(actor=request.user)
    if count:
        messages.success(request, _("All your notifications are marked read."))
    return _back(request)


@login_required
@require_http_methods(["GET", "HEAD"])
def notification_open(request, notification_id: int):
    """Mark the notification read and go where it points (the comment, the project, the follower)."""
    try:
        notification = services.notification_mark_read(actor=request.user, notification_id=notification_id)
    except NotFound:
        raise Http404(_("No such notification.")) from None
    return redirect(selectors.notification_target_url(notification))


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def notification_settings(request):
    member = request.user
    chosen = NotificationSettings.objects.filter(member=member).values_list("language", flat=True).first()
    language = chosen or translation.get_language() or "en"
    form = PreferencesForm(
        request.POST or None, channels=services.channels_for(member), language=language.split("-")[0]
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.preferences_update(
                    actor=member,
                    member=member,
                    channels=form.channels(),
                    language=form.cleaned_data["language"],
                )
            except BoucleError as error:
                form_error(form, error)
            else:
                messages.success(request, _("Your notification settings are saved."))
                return redirect("notification_settings")
        status = 400
    context = {"form": form, "channels": Channel.choices}
    return render(request, "notifications/settings.html", context, status=status)


@csrf_exempt  # the signed token is the credential; mail clients POST here without a session (RFC 8058)
@require_http_methods(["GET", "HEAD", "POST"])
def notification_unsubscribe(request, token: str):
    """GET asks to confirm (link checkers only read); POST turns the kind off, from the page or in one click
    from the mail client (body ``List-Unsubscribe=One-Click``)."""
    try:
        member, kind = services.unsubscribe_token_read(token)
    except BoucleError as error:
        return render(request, "notifications/unsubscribe.html", {"error": error.message}, status=400)
    label = _("the daily digest") if kind == services.DIGEST_ALL else Kind(kind).label
    if request.method == "POST":
        member, kinds = services.unsubscribe(token=token)
        return render(
            request, "notifications/unsubscribe.html", {"done": True, "label": label, "member": member}
        )
    return render(
        request, "notifications/unsubscribe.html", {"label": label, "member": member, "token": token}
    )
