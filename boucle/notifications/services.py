"""Writes of the notifications app: the fan-out of events to members, marking read, preferences,
notification e-mails (one at a time, or the daily digest) and one-click unsubscribe.

Who hears of what (``notifications_fan_out``), one notification per member per event, never the actor:

===================  ====================================================================================
event                recipients (kind)
===================  ====================================================================================
COMMENT_POSTED       members @mentioned who can see the discussion (mention); the author of the comment
                     answered (reply); the project's team (project_comment). One member matching several
                     gets the most personal: mention, then reply, then project_comment.
PROJECT_MILESTONE    the project's team (milestone)
REVIEW_DECIDED       the project's team (review_decision)
MEMBER_FOLLOWED      the member followed (follower)
PROJECT_PUBLISHED    the followers of the member who published it (followed_published)
PROJECT_EDITED       every current supporter, when the pitch or the body changed materially (see
                     ``diffs.is_material``) (supported_changed)
DESIGN_REVISION      every current supporter of the design's project (supported_revision)
SUGGESTION_PROPOSED  the design's team (design_suggestion)
SUGGESTION_DECIDED   the member who made the suggestion (suggestion_decided)
ORDER_PLACED,        the buyer and the seller's producers (order_update, order_sale): see orders/notify.py
ORDER_CHANGED
MAKE_POSTED          the project's team (project_made), unless the make is gone or hidden
REALIZATION_ADOPTED  the project's team and followers (project_adopted): see realization/notify.py
VERSION_INSPIRED     the cited project's team and followers (version_inspired)
ROYALTY_PAID         the member paid (royalty_payout): see ledger/notify.py
===================  ====================================================================================
"""

import logging
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.accounts.models import User
from boucle.activity.models import Event, Verb
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.notifications.diffs import event_changes
from boucle.notifications.enums import DEFAULT_CHANNELS, Channel, Kind
from boucle.notifications.models import Notification, NotificationPreference, NotificationSettings

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "boucle.notifications.unsubscribe"
UNSUBSCRIBE_MAX_AGE = timedelta(days=60)
# The kind a digest's unsubscribe link carries: every kind the member receives in the digest.
DIGEST_ALL = "digest"
# Digests leave once a day, at the first run of the hourly job from this hour on (site time zone).
DIGEST_HOUR = getattr(settings, "NOTIFICATIONS_DIGEST_HOUR", 8)
BATCH = 1000

_COMMENT_PRIORITY = {Kind.MENTION: 3, Kind.REPLY: 2, Kind.PROJECT_COMMENT: 1}


# ---------------------------------------------------------------------------------------------- preferences


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Please log in first."))


def channels_for(member) -> dict[str, str]:
    """{kind: channel} for every kind, the member's choices over the defaults (one query)."""
    chosen = dict(NotificationPreference.objects.filter(member=member).values_list("kind", "channel"))
    return {kind: chosen.get(kind, DEFAULT_CHANNELS[kind]) for kind in Kind.values}


def member_language(member) -> str:
    """The language of the member's e-mails: the one they chose, else the site's."""
    language = NotificationSettings.objects.filter(member=member).values_list("language", flat=True).first()
    return language or settings.LANGUAGE_CODE


@transaction.atomic
def preferences_update(*, actor, member, channels: dict | None = None, language: str | None = None) -> dict:
    """Set the member's channel for the kinds given (others keep theirs) and, if given, their e-mail language.
    Only the member themself may. Returns the channels of every kind.

    >>> preferences_update(actor=alice, member=alice, channels={"reply": "digest"}, language="fr")
    {'mention': 'email', 'reply': 'digest', ...}
    """
    _require_member(actor)
    if actor.pk != member.pk:
        raise NotFound(_("No such member."))
    channels = channels or {}
    errors = {}
    for kind, channel in channels.items():
        if kind not in Kind.values:
            errors.setdefault(str(kind), []).append(_("There is no such kind of notification."))
        elif channel not in Channel.values:
            errors.setdefault(str(kind), []).append(
                _("Choose one of: %(choices)s.") % {"choices": ", ".join(Channel.values)}
            )
    languages = [code for code, _name in settings.LANGUAGES]
    if language is not None and language not in languages:
        errors.setdefault("language", []).append(
            _("Choose one of: %(choices)s.") % {"choices": ", ".join(languages)}
        )
    if errors:
        raise InvalidInput(_("Some choices are not valid."), errors=errors)
    for kind, channel in channels.items():
        NotificationPreference.objects.update_or_create(
            member=member, kind=kind, defaults={"channel": channel}
        )
    if language is not None:
        NotificationSettings.objects.update_or_create(member=member, defaults={"language": language})
    return channels_for(member)


# ---------------------------------------------------------------------------------------------- reading


def _own(*, actor, notification_id) -> Notification:
    _require_member(actor)
    notification = (
        Notification.objects.select_related("event__actor", "event__project")
        .filter(pk=notification_id, recipient=actor)
        .first()
    )
    if notification is None:
        # Someone else's notification is "not found", as one that does not exist: no way to probe ids.
        raise NotFound(_("No such notification."))
    return notification


@transaction.atomic
def notification_mark_read(*, actor, notification_id: int) -> Notification:
    """The recipient marks one notification read (again: no change)."""
    notification = _own(actor=actor, notification_id=notification_id)
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
            read_at=notification.read_at
        )
    return notification


@transaction.atomic
def notifications_mark_all_read(*, actor) -> int:
    """Mark every unread notification of the actor read; return how many were."""
    _require_member(actor)
    return Notification.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


# ---------------------------------------------------------------------------------------------- fan-out


def _team(project):
    return User.objects.filter(project_memberships__project=project)


def _comment_recipients(event: Event) -> dict[int, str]:
    """{member id: kind} for a COMMENT_POSTED event, the most personal kind kept for each member."""
    from boucle.community.models import Comment
    from boucle.community.selectors import target_is_visible
    from boucle.projects.models import ProjectMember

    comment = Comment.objects.filter(pk=event.subject_id).first() if event.subject_id else None
    if comment is not None and (comment.deleted_at is not None or comment.hidden_at is not None):
        return {}  # gone (or hidden by moderation) before we could tell anyone
    data = event.data or {}
    found: dict[int, str] = {}

    def offer(member_id, kind):
        if isinstance(member_id, int) and _COMMENT_PRIORITY[kind] > _COMMENT_PRIORITY.get(
            found.get(member_id), 0
        ):
            found[member_id] = kind

    if event.project_id:
        for member_id in ProjectMember.objects.filter(project_id=event.project_id).values_list(
            "user_id", flat=True
        ):
            offer(member_id, Kind.PROJECT_COMMENT)
    offer(data.get("parent_author"), Kind.REPLY)
    mentioned = [m for m in data.get("mentions") or [] if isinstance(m, int)]
    if mentioned and comment is not None:
        target = comment.target
        for member in User.objects.filter(pk__in=mentioned, is_active=True):
            # A draft's discussion is the team's: a mention there does not reach outsiders.
            if target is not None and target_is_visible(user=member, target=target):
                offer(member.pk, Kind.MENTION)
    return found


def _recipients(event: Event) -> list[tuple[str, object]]:
    """[(kind, queryset of members)] for one event."""
    verb = event.verb
    if verb in (Verb.ORDER_PLACED, Verb.ORDER_CHANGED):
        from boucle.orders.notify import order_recipients

        return order_recipients(event)
    if verb == Verb.ROYALTY_PAID:
        from boucle.ledger.notify import payout_recipients

        return payout_recipients(event)
    if verb == Verb.COMMENT_POSTED:
        by_kind: dict[str, list[int]] = {}
        for member_id, kind in _comment_recipients(event).items():
            by_kind.setdefault(kind, []).append(member_id)
        return [(kind, User.objects.filter(pk__in=ids)) for kind, ids in by_kind.items()]
    if verb == Verb.PROJECT_MILESTONE and event.project_id:
        return [(Kind.MILESTONE, _team(event.project_id))]
    if verb == Verb.REVIEW_DECIDED and event.project_id:
        return [(Kind.REVIEW_DECISION, _team(event.project_id))]
    if verb == Verb.MEMBER_FOLLOWED:
        follow = event.subject  # None once unfollowed: then there is no one to tell
        if follow is not None and follow.target_type.model_class() is User:
            return [(Kind.FOLLOWER, User.objects.filter(pk=follow.target_id))]
        return []
    if verb == Verb.PROJECT_PUBLISHED and event.actor_id:
        from django.contrib.contenttypes.models import ContentType

        followers = User.objects.filter(
            follows__target_type=ContentType.objects.get_for_model(User), follows__target_id=event.actor_id
        )
        return [(Kind.FOLLOWED_PUBLISHED, followers)]
    if verb == Verb.PROJECT_EDITED and event.project_id and event_changes(event.data or {}):
        return [(Kind.SUPPORTED_CHANGED, User.objects.filter(supports__project_id=event.project_id))]
    if verb == Verb.DESIGN_REVISION and event.project_id:
        return [(Kind.SUPPORTED_REVISION, User.objects.filter(supports__project_id=event.project_id))]
    if verb == Verb.SUGGESTION_PROPOSED and event.project_id:
        return [(Kind.DESIGN_SUGGESTION, _team(event.project_id))]
    if verb == Verb.SUGGESTION_DECIDED:
        author = ((event.data or {}).get("suggestion") or {}).get("author")
        if isinstance(author, int):
            return [(Kind.SUGGESTION_DECIDED, User.objects.filter(pk=author))]
    if verb in (Verb.MAKE_POSTED, Verb.VERSION_INSPIRED) and event.project_id:
        from boucle.makes.notify import make_recipients

        return make_recipients(event)
    if verb == Verb.REALIZATION_ADOPTED and event.project_id:
        from boucle.realization.notify import realization_recipients

        return realization_recipients(event)
    return []


def _deliver(*, event: Event, kind: str, members) -> None:
    """Write the notifications of one kind to the members, each by their channel; skip the actor and those
    who turned the kind off. Works in batches: a project may have tens of thousands of supporters."""
    members = members.filter(is_active=True)
    if event.actor_id is not None:
        members = members.exclude(pk=event.actor_id)
    # Only members who changed a default have a row: this dict stays small.
    chosen = dict(
        NotificationPreference.objects.filter(kind=kind, member__in=members.values("pk")).values_list(
            "member_id", "channel"
        )
    )
    default = DEFAULT_CHANNELS[kind]
    batch = []
    for member_id in members.values_list("pk", flat=True).order_by("pk").iterator(chunk_size=2000):
        channel = chosen.get(member_id, default)
        if channel == Channel.OFF:
            continue
        batch.append(Notification(recipient_id=member_id, kind=kind, channel=channel, event=event))
        if len(batch) >= BATCH:
            Notification.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    if batch:
        Notification.objects.bulk_create(batch, ignore_conflicts=True)


def _enqueue_email(notification_id: int) -> None:
    from boucle.notifications.tasks import notification_email_send as email_task

    email_task.enqueue(notification_id)


@transaction.atomic
def notifications_fan_out(*, event_id: int) -> int:
    """Write the notifications of one event and enqueue the e-mails of those who want them right away.
    Running it twice for an event writes nothing more. Returns how many notifications the event has."""
    event = Event.objects.select_related("actor", "project").filter(pk=event_id).first()
    if event is None:
        return 0
    for kind, members in _recipients(event):
        _deliver(event=event, kind=kind, members=members)
    waiting = Notification.objects.filter(event=event, channel=Channel.EMAIL, emailed_at__isnull=True)
    for notification_id in waiting.values_list("pk", flat=True):
        transaction.on_commit(partial(_enqueue_email, notification_id))
    return Notification.objects.filter(event=event).count()


# ---------------------------------------------------------------------------------------------- e-mail


def notification_email_send(*, notification_id: int) -> bool:
    """Send the e-mail of one notification whose member chose "e-mail right away"; at most once.
    Returns whether a mail left."""
    from boucle.notifications.emails import send_notification_email

    notification = (
        Notification.objects.select_related("recipient", "event__actor", "event__project")
        .filter(pk=notification_id, channel=Channel.EMAIL, emailed_at__isnull=True)
        .first()
    )
    if notification is None:
        return False
    member = notification.recipient
    if not member.is_active or not member.email:
        return False
    if channels_for(member)[notification.kind] != Channel.EMAIL:
        return False  # changed their mind since: the site still shows it
    # Claim it first, so two workers running the same task send one mail.
    if not Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
        emailed_at=timezone.now()
    ):
        return False
    try:
        send_notification_email(notification)
    except Exception:
        Notification.objects.filter(pk=notification.pk).update(emailed_at=None)  # a retry may send it
        raise
    return True


def _day_start(now):
    local = timezone.localtime(now)
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def digests_send_due(*, now=None) -> int:
    """Send each member whose digest is due their daily e-mail; return how many were sent.

    Due: the member has unread notifications waiting for the digest, none was sent to them today (site time
    zone) and it is ``DIGEST_HOUR`` or later. The hourly job calls this; later runs of the same day find
    nothing to do for those already served.
    """
    now = now or timezone.now()
    if timezone.localtime(now).hour < DIGEST_HOUR:
        return 0
    day_start = _day_start(now)
    pending = Notification.objects.filter(
        channel=Channel.DIGEST, emailed_at__isnull=True, read_at__isnull=True
    )
    members = (
        User.objects.filter(pk__in=pending.values("recipient_id"), is_active=True)
        .exclude(email="")
        .exclude(notification_settings__digest_sent_at__gte=day_start)
        .order_by("pk")
    )
    sent = 0
    for member in members.iterator(chunk_size=500):
        try:
            sent += digest_send(member=member, now=now)
        except Exception:  # one member's failing mail server must not stop everyone's digest
            logger.exception("Digest for member %s failed", member.pk)
    return sent


@transaction.atomic
def digest_send(*, member, now=None) -> bool:
    """Send the member's digest now unless one already left today; mark its notifications e-mailed.

    The mail is sent inside the transaction: if sending fails nothing is marked and the next hour retries;
    the settings row is locked so two runs cannot both send.
    """
    from boucle.notifications.emails import send_digest_email

    now = now or timezone.now()
    NotificationSettings.objects.get_or_create(member=member)
    row = NotificationSettings.objects.select_for_update().get(member=member)
    if row.digest_sent_at is not None and row.digest_sent_at >= _day_start(now):
        return False
    items = list(
        Notification.objects.select_related("event__actor", "event__project")
        .filter(recipient=member, channel=Channel.DIGEST, emailed_at__isnull=True, read_at__isnull=True)
        .order_by("kind", "-created_at", "-id")
    )
    if not items:
        return False
    send_digest_email(member=member, notifications=items)
    Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
    row.digest_sent_at = now
    row.save(update_fields=["digest_sent_at"])
    return True


# ---------------------------------------------------------------------------------------------- unsubscribe


def unsubscribe_token_make(*, member, kind: str) -> str:
    """A signed link token that turns one kind (or, with DIGEST_ALL, every digest kind) off for the member.
    It expires after UNSUBSCRIBE_MAX_AGE."""
    return signing.dumps({"m": member.pk, "k": str(kind)}, salt=UNSUBSCRIBE_SALT)


def unsubscribe_token_read(token: str) -> tuple[User, str]:
    """(member, kind) of a token; InvalidInput for an expired, tampered or unknown one."""
    try:
        data = signing.loads(str(token), salt=UNSUBSCRIBE_SALT, max_age=UNSUBSCRIBE_MAX_AGE)
    except signing.SignatureExpired:
        raise InvalidInput(
            _("This unsubscribe link has expired. Log in to change your notification settings.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError, UnicodeError):
        raise InvalidInput(
            _("This unsubscribe link is not valid. Log in to change your notification settings.")
        ) from None
    member_id = data.get("m") if isinstance(data, dict) else None
    kind = data.get("k") if isinstance(data, dict) else None
    member = User.objects.filter(pk=member_id, is_active=True).first() if isinstance(member_id, int) else None
    if member is None or kind not in [*Kind.values, DIGEST_ALL]:
        raise InvalidInput(
            _("This unsubscribe link is not valid. Log in to change your notification settings.")
        )
    return member, kind


@transaction.atomic
def unsubscribe(*, token: str) -> tuple[User, list[str]]:
    """Turn off what the token names; return the member and the kinds now off."""
    member, kind = unsubscribe_token_read(token)
    if kind == DIGEST_ALL:
        kinds = [k for k, channel in channels_for(member).items() if channel == Channel.DIGEST]
    else:
        kinds = [kind]
    for k in kinds:
        NotificationPreference.objects.update_or_create(
            member=member, kind=k, defaults={"channel": Channel.OFF}
        )
    return member, kinds
