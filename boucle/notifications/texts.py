"""What a notification says, in the active language: one sentence per kind, shared by the page, the API
and the e-mails (plain text; templates escape it)."""

from django.utils.translation import gettext as _

from boucle.notifications.diffs import event_changes
from boucle.notifications.enums import Kind


def _actor_name(event) -> str:
    if event.actor_id is None:
        return _("A former member")
    return event.actor.name


def notification_text(notification) -> str:
    """One sentence: "Alice replied to your comment on A castle that opens".

    Reads ``event``, ``event.actor`` and ``event.project``: select them with the notification.
    """
    event = notification.event
    actor = _actor_name(event)
    data = event.data or {}
    project = event.project.title if event.project_id else None
    target = data.get("target") if isinstance(data.get("target"), dict) else {}
    # A comment on a technology or a challenge names its page by the title the event kept.
    where = project or (str(target.get("title")) if target.get("title") else None)
    kind = notification.kind
    if kind in (Kind.ORDER_UPDATE, Kind.ORDER_SALE):
        from boucle.orders.notify import order_notification_text

        return order_notification_text(notification)
    if kind == Kind.ROYALTY_PAYOUT:
        from boucle.ledger.notify import payout_text

        return payout_text(notification)
    if kind == Kind.MENTION:
        if where:
            return _("%(actor)s mentioned you in a comment on %(project)s") % {
                "actor": actor,
                "project": where,
            }
        return _("%(actor)s mentioned you in a comment") % {"actor": actor}
    if kind == Kind.REPLY:
        if where:
            return _("%(actor)s replied to your comment on %(project)s") % {"actor": actor, "project": where}
        return _("%(actor)s replied to your comment") % {"actor": actor}
    if kind == Kind.PROJECT_COMMENT:
        return _("%(actor)s commented on your project %(project)s") % {"actor": actor, "project": project}
    if kind == Kind.MILESTONE:
        return _("Your project %(project)s reached %(count)s supporters") % {
            "project": project,
            "count": data.get("supporters", "?"),
        }
    if kind == Kind.REVIEW_DECISION:
        from boucle.reviews.models import Decision

        decision = data.get("decision")
        if decision == Decision.ACCEPTED:
            return _("Your project %(project)s was accepted") % {"project": project}
        if decision == Decision.DECLINED:
            return _("Your project %(project)s was declined") % {"project": project}
        return _("A decision was published on your project %(project)s") % {"project": project}
    if kind == Kind.FOLLOWER:
        return _("%(actor)s now follows you") % {"actor": actor}
    if kind == Kind.FOLLOWED_PUBLISHED:
        return _("%(actor)s published a new project: %(project)s") % {"actor": actor, "project": project}
    if kind == Kind.SUPPORTED_CHANGED:
        fields = {c["field"] for c in event_changes(data)}
        if fields == {"pitch"}:
            return _("%(project)s, a project you support, changed its pitch") % {"project": project}
        if fields == {"body"}:
            return _("%(project)s, a project you support, changed its description") % {"project": project}
        return _("%(project)s, a project you support, changed its pitch and description") % {
            "project": project
        }
    if kind in (Kind.SUPPORTED_REVISION, Kind.DESIGN_SUGGESTION, Kind.SUGGESTION_DECIDED):
        return _design_text(kind, actor=actor, project=project, data=data)
    if kind in (Kind.PROJECT_MADE, Kind.VERSION_INSPIRED):
        from boucle.makes.notify import make_text

        return make_text(kind, actor=actor, project=project, data=data)
    if kind == Kind.PROJECT_ADOPTED:
        from boucle.realization.notify import realization_text

        return realization_text(kind, actor=actor, project=project, data=data)
    return str(Kind(kind).label) if kind in Kind.values else kind


def _design_text(kind, *, actor: str, project, data: dict) -> str:
    """The studio's notifications: a new revision of a supported project's design, a suggestion, its fate."""
    names = {
        "actor": actor,
        "project": project,
        "design": str((data.get("design") or {}).get("title") or "…"),
        "n": (data.get("revision") or {}).get("number") or "?",
    }
    if kind == Kind.SUPPORTED_REVISION:
        return (
            _("%(project)s, a project you support, saved revision %(n)s of its design “%(design)s”") % names
        )
    if kind == Kind.DESIGN_SUGGESTION:
        return _("%(actor)s suggested a change to “%(design)s” in your project %(project)s") % names
    if (data.get("suggestion") or {}).get("decision") == "merged":
        return _("%(actor)s merged your suggestion to “%(design)s” in %(project)s") % names
    return _("%(actor)s declined your suggestion to “%(design)s” in %(project)s") % names


def field_label(field: str) -> str:
    return {"pitch": _("Pitch"), "body": _("Description")}.get(field, field)


def notification_changes(notification) -> list[dict]:
    """For a "supported project changed" notification: each changed field with its label and segments."""
    if notification.kind != Kind.SUPPORTED_CHANGED:
        return []
    return [
        {"field": c["field"], "label": field_label(c["field"]), "segments": c["segments"]}
        for c in event_changes(notification.event.data or {})
    ]


def notification_excerpt(notification) -> str:
    data = notification.event.data or {}
    if notification.kind in (Kind.MENTION, Kind.REPLY, Kind.PROJECT_COMMENT):
        return str(data.get("excerpt") or "")
    if notification.kind == Kind.SUPPORTED_REVISION:
        return str((data.get("revision") or {}).get("message") or "")
    if notification.kind == Kind.PROJECT_MADE:
        return str(data.get("excerpt") or "")
    if notification.kind in (Kind.DESIGN_SUGGESTION, Kind.SUGGESTION_DECIDED):
        suggestion = data.get("suggestion") or {}
        return str(suggestion.get("reason") or suggestion.get("message") or "")
    return ""
