"""Your notifications and how you receive them: /api/notifications, /api/notifications/preferences.

Everything here is the signed-in member's own: another member's notification is a 404, as one that does not
exist.
"""

from datetime import datetime

from django.urls import reverse
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.notifications import selectors, services
from boucle.notifications.enums import DEFAULT_CHANNELS, Channel, Kind
from boucle.notifications.texts import notification_changes, notification_excerpt, notification_text

router = Router(tags=["notifications"])


class ActorOut(Schema):
    username: str
    name: str
    url: str


class ProjectRefOut(Schema):
    slug: str
    title: str
    url: str


class SegmentOut(Schema):
    op: str  # equal, insert, delete, gap (unchanged words left out)
    text: str


class NotificationChangeOut(Schema):
    field: str
    label: str
    segments: list[SegmentOut]


class NotificationOut(Schema):
    id: int
    kind: str
    kind_label: str
    text: str
    excerpt: str
    changes: list[NotificationChangeOut]
    actor: ActorOut | None
    project: ProjectRefOut | None
    url: str
    read: bool
    read_at: datetime | None
    created_at: datetime

    @staticmethod
    def resolve_kind_label(obj) -> str:
        return str(Kind(obj.kind).label) if obj.kind in Kind.values else obj.kind

    @staticmethod
    def resolve_text(obj) -> str:
        return notification_text(obj)

    @staticmethod
    def resolve_excerpt(obj) -> str:
        return notification_excerpt(obj)

    @staticmethod
    def resolve_changes(obj) -> list[dict]:
        return [
            {**c, "segments": [{"op": op, "text": text} for op, text in c["segments"]]}
            for c in notification_changes(obj)
        ]

    @staticmethod
    def resolve_actor(obj) -> dict | None:
        actor = obj.event.actor
        if actor is None:
            return None
        return {"username": actor.username, "name": actor.name, "url": actor.get_absolute_url()}

    @staticmethod
    def resolve_project(obj) -> dict | None:
        project = obj.event.project
        if project is None:
            return None
        return {"slug": project.slug, "title": project.title, "url": project.get_absolute_url()}

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("notification_open", args=[obj.pk])

    @staticmethod
    def resolve_read(obj) -> bool:
        return obj.read_at is not None


class NotificationFilter(Schema):
    unread: bool = False


class ReadAllOut(Schema):
    marked: int


class KindPreferenceOut(Schema):
    kind: str
    label: str
    channel: str
    default: str


class PreferencesOut(Schema):
    language: str
    channels: dict[str, str]
    kinds: list[KindPreferenceOut]
    channel_choices: list[str]


class PreferencesIn(Schema):
    """Only the kinds given change; ``language`` (en, fr) is the language of your e-mails."""

    channels: dict[str, str] = {}
    language: str | None = None


def _preferences(member) -> dict:
    channels = services.channels_for(member)
    return {
        "language": services.member_language(member),
        "channels": channels,
        "kinds": [
            {"kind": kind, "label": str(label), "channel": channels[kind], "default": DEFAULT_CHANNELS[kind]}
            for kind, label in Kind.choices
        ],
        "channel_choices": list(Channel.values),
    }


@router.get("", response=list[NotificationOut], summary="Your notifications, newest first")
@paginate(Pagination)
def notification_list(request, filters: Query[NotificationFilter]):
    return selectors.notification_list(member=request.user, unread_only=filters.unread)


@router.post("/read-all", response=ReadAllOut, summary="Mark all your notifications read")
def notifications_read_all(request):
    return {"marked": services.notifications_mark_all_read(actor=request.user)}


@router.post("/{int:notification_id}/read", response=NotificationOut, summary="Mark one notification read")
def notification_read(request, notification_id: int):
    return services.notification_mark_read(actor=request.user, notification_id=notification_id)


@router.get("/preferences", response=PreferencesOut, summary="How you receive each kind of notification")
def preferences_get(request):
    return _preferences(request.user)


@router.put("/preferences", response=PreferencesOut, summary="Choose how you receive notifications")
def preferences_put(request, payload: PreferencesIn):
    services.preferences_update(
        actor=request.user, member=request.user, channels=payload.channels, language=payload.language
    )
    return _preferences(request.user)
