"""Template tags of the activity app: ``{% follow_button obj %}``, ``{% tag_follow_button slug %}``,
``{% follow_counts member %}``, ``{% recent_activity obj %}``, ``{% atom_link obj %}`` and the ``event_line``
filter."""

from django import template
from django.urls import reverse

from boucle.activity import selectors
from boucle.activity.lines import event_html, event_url

register = template.Library()

RECENT = 5


def follow_context(*, request, target, csrf_token=None) -> dict:
    user = getattr(request, "user", None)
    kind = selectors.follow_kind(target)
    key = selectors.follow_key(target)
    is_self = kind == "member" and user is not None and user.is_authenticated and user.pk == target.pk
    return {
        "target": target,
        "kind": kind,
        "key": key,
        "request": request,
        "csrf_token": csrf_token,
        "is_self": is_self,
        "following": selectors.is_following(user=user, target=target),
        "followers": selectors.follower_count(target=target),
        "followers_url": reverse("member_followers", args=[key]) if kind == "member" else "",
        "title": selectors.follow_title(target),
    }


@register.inclusion_tag("activity/_follow_button.html", takes_context=True)
def follow_button(context, target):
    """Follow / unfollow button for a member, project, organization, challenge or tag, with its follower
    count; a "log in to follow" link for visitors. An htmx form that swaps itself, a plain form without JS."""
    if target is None or selectors.follow_kind(target) is None:
        return {"target": None}
    return follow_context(request=context.get("request"), target=target, csrf_token=context.get("csrf_token"))


@register.inclusion_tag("activity/_follow_button.html", takes_context=True)
def tag_follow_button(context, slug):
    """The follow button of the tag called ``slug`` (nothing when there is no such tag)."""
    from boucle.projects.models import Tag

    tag = Tag.objects.filter(slug=slug).first() if slug else None
    if tag is None:
        return {"target": None}
    return follow_context(request=context.get("request"), target=tag, csrf_token=context.get("csrf_token"))


@register.inclusion_tag("activity/_follow_counts.html")
def follow_counts(member):
    """A member's followers and following counts, linking to the lists."""
    return {
        "member": member,
        "followers": selectors.follower_count(target=member),
        "following": selectors.following_count(member=member),
    }


def _stream(target):
    kind = selectors.follow_kind(target)
    if kind == "project":
        return selectors.project_events(project=target), reverse("project_activity", args=[target.slug])
    if kind == "organization":
        return selectors.organization_events(organization=target), reverse("org_activity", args=[target.slug])
    raise template.TemplateSyntaxError("recent_activity takes a project or an organization")


@register.inclusion_tag("activity/_recent.html", takes_context=True)
def recent_activity(context, target):
    """The last few events of a project or an organization, with links to the whole stream and its Atom feed."""
    events, url = _stream(target)
    return {
        "events": list(events.order_by("-created_at", "-id")[:RECENT]),
        "stream_url": url,
        "atom_url": atom_url(target),
        "request": context.get("request"),
    }


@register.simple_tag
def atom_url(target) -> str:
    kind = selectors.follow_kind(target)
    names = {
        "project": "project_atom",
        "organization": "org_atom",
        "challenge": "challenge_atom",
        "tag": "tag_atom",
        "member": "member_atom",
    }
    return reverse(names[kind], args=[selectors.follow_key(target)]) if kind else ""


@register.inclusion_tag("activity/_atom_link.html")
def atom_link(target):
    """``<link rel="alternate" type="application/atom+xml">`` for a page's ``{% block head %}``."""
    return {"url": atom_url(target), "title": selectors.follow_title(target)}


@register.filter
def event_line(event):
    return event_html(event)


@register.filter
def event_link(event):
    return event_url(event)
