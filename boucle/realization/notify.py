"""How adoptions and offers reach people: who is notified (called by notifications' fan-out), what the
notification says, and how the events read in feeds (called by ``activity.lines``).

REALIZATION_ADOPTED  the project's team and its followers (project_adopted)
OFFER_PUBLISHED      nobody directly (it shows in feeds and the project's Atom feed)
"""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _


def realization_recipients(event) -> list[tuple[str, object]]:
    from boucle.accounts.models import User
    from boucle.activity.models import Verb
    from boucle.notifications.enums import Kind
    from boucle.projects.models import Project

    if event.verb != Verb.REALIZATION_ADOPTED or not event.project_id:
        return []
    project_type = ContentType.objects.get_for_model(Project)
    members = User.objects.filter(
        Q(project_memberships__project=event.project_id)
        | Q(follows__target_type=project_type, follows__target_id=event.project_id)
    ).distinct()
    return [(Kind.PROJECT_ADOPTED, members)]


def realization_text(kind, *, actor: str, project, data: dict) -> str:
    producer = (data.get("producer") or {}).get("name") or "…"
    design = (data.get("realization") or {}).get("design") or "…"
    return _("%(producer)s adopted “%(design)s” of %(project)s for production") % {
        "producer": producer,
        "design": design,
        "project": project,
    }


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args) if all(args) else ""
    except NoReverseMatch:
        return ""


def realization_event_url(event) -> str:
    """The offer's page for OFFER_PUBLISHED, the realization's page for REALIZATION_ADOPTED."""
    from boucle.activity.models import Verb

    data = event.data or {}
    if event.verb == Verb.OFFER_PUBLISHED and (
        url := _url("offer_detail", (data.get("offer") or {}).get("id"))
    ):
        return url
    return _url("realization_detail", (data.get("realization") or {}).get("id"))


def realization_event_html(event, *, actor, project):
    """One feed line for REALIZATION_ADOPTED or OFFER_PUBLISHED (escaped by ``format_html``)."""
    from boucle.activity.models import Verb

    data = event.data or {}
    producer = (data.get("producer") or {}).get("name") or "…"
    url = realization_event_url(event)
    if event.verb == Verb.OFFER_PUBLISHED:
        offer = data.get("offer") or {}
        title = offer.get("title") or "…"
        link = format_html('<a href="{}">{}</a>', url, title) if url else title
        return format_html(
            _("{producer} offers {offer} of {project} at {price} {currency}"),
            producer=producer,
            offer=link,
            project=project,
            price=offer.get("price", "?"),
            currency=offer.get("currency", ""),
        )
    design = (data.get("realization") or {}).get("design") or "…"
    link = format_html('<a href="{}">{}</a>', url, design) if url else design
    return format_html(
        _("{actor} adopted {design} of {project} for production by {producer}"),
        actor=actor,
        design=link,
        project=project,
        producer=producer,
    )
