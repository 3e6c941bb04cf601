from django import template

register = template.Library()


@register.inclusion_tag("moderation/_report_link.html", takes_context=True)
def report_link(context, target):
    """'Report' link for a project, comment or profile (moderation app)."""
    return {"target": target, "request": context.get("request")}
