from django import template

register = template.Library()


@register.inclusion_tag("reviews/_panel_placeholder.html", takes_context=True)
def review_panel(context, project):
    """A project's review state on its page: decision, reason, team's answer, reviewer actions (reviews app)."""
    return {"project": project}
