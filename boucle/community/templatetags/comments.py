from django import template

register = template.Library()


@register.inclusion_tag("community/_thread.html", takes_context=True)
def comments_thread(context, target):
    """The comment thread of a project, technology or challenge, with its form.

    ``{% load comments %}{% comments_thread project %}``: the page needs ``request`` in its context
    (Django's request context processor) for the viewer's rights and the CSRF token.
    """
    from boucle.community.views import thread_context

    return thread_context(request=context["request"], target=target) | {
        "csrf_token": context.get("csrf_token")
    }
