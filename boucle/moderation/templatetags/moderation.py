from urllib.parse import urlencode

from django import template
from django.urls import reverse

from boucle.core.errors import BoucleError
from boucle.moderation import selectors

register = template.Library()


def _moderation_url(target) -> str:
    organization = selectors.target_organization(target)
    if organization is not None:
        return reverse("moderation_org_queue", args=[organization.slug])
    return reverse("moderation_queue")


@register.inclusion_tag("moderation/_report_link.html", takes_context=True)
def report_link(context, target, user=None):
    """'Report' link for a project, comment or profile (``{% report_link comment user=viewer %}``); on hidden content, a "Hidden by moderation" notice
    (and, for its moderators, a link to their queue)."""
    if user is None:  # the request's member, unless the caller names the viewer (comment threads)
        user = getattr(context.get("request"), "user", None)
    try:
        kind = selectors.target_kind(target)
    except BoucleError:
        return {}
    signed_in = user is not None and user.is_authenticated
    out = {"target": target, "label": selectors.target_label(target)}
    if selectors.target_hidden_at(target) is not None:
        out["hidden"] = True
        if signed_in and selectors.can_moderate(user=user, target=target):
            out["moderate_url"] = _moderation_url(target)
        return out
    url = reverse("moderation_report") + "?" + urlencode({"type": kind, "id": target.pk})
    if not signed_in:
        out["report_url"] = reverse("account_login") + "?" + urlencode({"next": url})
    elif user.pk not in selectors.target_author_ids(target):
        out["report_url"] = url
    return out


@register.inclusion_tag("moderation/_org_moderation_link.html", takes_context=True)
def org_moderation_link(context, organization):
    """Link to an organization's moderation queue, with the count of what waits, for its moderators."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if not selectors.is_org_moderator(user=user, organization=organization):
        return {"show": False}
    waiting = sum(selectors.queue_counts(organization=organization).values())
    return {"show": True, "organization": organization, "waiting": waiting}
