from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from boucle.notifications.enums import Channel, Kind


class Notification(models.Model):
    """One event told to one member (at most one per member per event). Written by the fan-out task
    (services.notifications_fan_out); the member only marks it read."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    # The channel the member had chosen when it was written: email and digest ones still wait for their mail
    # while emailed_at is empty.
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.IN_APP)
    event = models.ForeignKey("activity.Event", on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "event"], name="notification_one_per_event"),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_recipient"),
            # The header's count and the "unread" filter: only unread rows are in this index.
            models.Index(
                fields=["recipient", "-created_at", "-id"],
                name="notification_unread",
                condition=Q(read_at__isnull=True),
            ),
            # The hourly digest job looks for these only.
            models.Index(
                fields=["recipient"],
                name="notification_digest_pending",
                condition=Q(channel="digest", emailed_at__isnull=True, read_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"{self.kind} for {self.recipient_id} (event {self.event_id})"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class NotificationPreference(models.Model):
    """A member's channel for one kind. No row: the default of DEFAULT_CHANNELS."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [
            models.UniqueConstraint(fields=["member", "kind"], name="notification_preference_unique")
        ]

    def __str__(self):
        return f"{self.member_id}: {self.kind} → {self.channel}"


class NotificationSettings(models.Model):
    """What applies to all of a member's notification e-mails: their language, when the last digest left."""

    member = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    language = models.CharField(
        _("language of e-mails"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    digest_sent_at = models.DateTimeField(_("last digest sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification settings")
        verbose_name_plural = _("notification settings")

    def __str__(self):
        return f"{self.member_id} ({self.language or '-'})"
