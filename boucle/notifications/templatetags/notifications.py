from django import template

register = template.Library()


@register.inclusion_tag("notifications/_header_badge.html", takes_context=True)
def notifications_badge(context, oob=False):
    """The header's link to the notifications with the unread count: no query for a visitor, one COUNT
    (on a partial index of unread rows) for a member. ``oob``: for an htmx response that refreshes it."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"show": False}
    from boucle.notifications.selectors import unread_count

    return {"show": True, "count": unread_count(member=user), "oob": oob}
