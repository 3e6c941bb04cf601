from django import template

register = template.Library()


@register.inclusion_tag("community/_thread_placeholder.html", takes_context=True)
def comments_thread(context, target):
    """The comment thread of a project, technology or challenge, with its form (community app)."""
    return {"target": target}
