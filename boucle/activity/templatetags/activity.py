from django import template

register = template.Library()


@register.inclusion_tag("activity/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow / unfollow button for a member, project, organization, challenge or tag (activity app)."""
    return {"target": target, "request": context.get("request")}
