from django import template

register = template.Library()


@register.inclusion_tag("notifications/_header_badge.html", takes_context=True)
def notifications_badge(context):
    """The header's link to the notifications with the unread count (notifications app)."""
    return {"request": context.get("request")}
