from django import template

register = template.Library()


@register.inclusion_tag("community/_thread.html", takes_context=True)
def comments_thread(context, target):
    """The comment thread of a project, technology or challenge, with its form.

    ``{% load comments %}{% comments_thread project %}``. The viewer is the request's member (a visitor
    when the page has no request in its context); Django passes the page's CSRF token to the tag.
    """
    from django.contrib.auth.models import AnonymousUser

    from boucle.community.views import thread_context

    request = context.get("request")
    viewer = getattr(request, "user", None) or context.get("user") or AnonymousUser()
    return thread_context(viewer=viewer, target=target)
