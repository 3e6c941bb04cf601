"""How makes and version citations reach people: who is notified (called by notifications' fan-out), what the
notification says, and how the events read in feeds (called by ``activity.lines``)."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


def make_recipients(event) -> list[tuple[str, object]]:
    """MAKE_POSTED: the project's team (project_made), unless the make was deleted or hidden meanwhile.
    VERSION_INSPIRED: the cited project's team and followers (version_inspired)."""
    from boucle.accounts.models import User
    from boucle.activity.models import Verb
    from boucle.makes.models import Make
    from boucle.notifications.enums import Kind
    from boucle.projects.models import Project

    if event.verb == Verb.MAKE_POSTED:
        make = Make.objects.filter(pk=event.subject_id).first() if event.subject_id else None
        if make is None or make.hidden_at is not None:
            return []
        return [(Kind.PROJECT_MADE, User.objects.filter(project_memberships__project=event.project_id))]
    project_type = ContentType.objects.get_for_model(Project)
    members = User.objects.filter(
        Q(project_memberships__project=event.project_id)
        | Q(follows__target_type=project_type, follows__target_id=event.project_id)
    ).distinct()
    return [(Kind.VERSION_INSPIRED, members)]


def make_text(kind, *, actor: str, project, data: dict) -> str:
    from boucle.notifications.enums import Kind

    if kind == Kind.PROJECT_MADE:
        return _("%(actor)s made your project %(project)s and rated it %(rating)s/5") % {
            "actor": actor,
            "project": project,
            "rating": (data.get("make") or {}).get("rating", "?"),
        }
    technology = (data.get("technology") or {}).get("name") or "…"
    return _("%(project)s inspired version %(version)s of %(technology)s") % {
        "project": project,
        "version": (data.get("version") or {}).get("version") or "?",
        "technology": technology,
    }


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args) if all(args) else ""
    except NoReverseMatch:
        return ""


def make_event_url(event) -> str:
    """A make's page, or the technology's versions for a citation."""
    from boucle.activity.models import Verb

    data = event.data or {}
    if event.verb == Verb.MAKE_POSTED:
        return _url("make_detail", (data.get("make") or {}).get("id"))
    url = _url("technology_detail", (data.get("technology") or {}).get("slug"))
    return f"{url}#versions" if url else ""


def make_event_html(event, *, actor, project):
    """One feed line for MAKE_POSTED or VERSION_INSPIRED (escaped by ``format_html``)."""
    from boucle.activity.models import Verb

    data = event.data or {}
    url = make_event_url(event)
    if event.verb == Verb.MAKE_POSTED:
        rating = (data.get("make") or {}).get("rating", "?")
        make = format_html('<a href="{}">{}</a>', url, _("a make")) if url else _("a make")
        return format_html(
            _("{actor} posted {make} of {project} ({rating}/5)"),
            actor=actor,
            make=make,
            project=project,
            rating=rating,
        )
    technology = (data.get("technology") or {}).get("name") or "…"
    version = (data.get("version") or {}).get("version") or "?"
    label = f"{technology} {version}"
    link = format_html('<a href="{}">{}</a>', url, label) if url else label
    return format_html(_("{project} inspired {version}"), project=project, version=link)
