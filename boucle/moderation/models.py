"""Moderation: members' reports, moderators' decisions (an append-only audit log) and bans.

A target is a project, a comment, a make or a member's profile, named by content type and id, and by ``kind``
("project", "comment", "make", "member") so queues count and filter without joining content types.
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from boucle.core.models import AppendOnlyModel


class TargetKind(models.TextChoices):
    PROJECT = "project", _("project")
    COMMENT = "comment", _("comment")
    MAKE = "make", _("make")
    MEMBER = "member", _("member profile")


class ReportReason(models.TextChoices):
    SPAM = "spam", _("spam")
    ABUSE = "abuse", _("abuse or harassment")
    OFF_TOPIC = "off_topic", _("off-topic")
    COPYRIGHT = "copyright", _("copyright infringement")
    OTHER = "other", _("other")


class ActionKind(models.TextChoices):
    HIDE = "hide", _("hide")
    RESTORE = "restore", _("restore")
    DISMISS = "dismiss", _("dismiss reports")
    BAN_ORG = "ban_org", _("ban from the organization")
    UNBAN_ORG = "unban_org", _("lift the organization ban")
    BAN_SITE = "ban_site", _("ban from the site")
    UNBAN_SITE = "unban_site", _("lift the site ban")


class Report(models.Model):
    """A member's report of a project, a comment, a make or a profile. Open until a moderator decides
    (``resolved_at`` set, ``resolution`` the action that closed it). One open report per member per target."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reports_made")
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # The organization whose moderators handle it (None: a member profile, handled by site staff).
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="reports"
    )
    reason = models.CharField(_("reason"), max_length=20, choices=ReportReason.choices)
    text = models.TextField(_("details"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    resolution = models.CharField(_("resolution"), max_length=20, choices=ActionKind.choices, blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "target_type", "target_id"],
                condition=models.Q(resolved_at__isnull=True),
                name="report_one_open_per_reporter",
            )
        ]
        indexes = [models.Index(fields=["target_type", "target_id", "resolved_at"], name="report_target_open")]

    def __str__(self):
        return f"{self.reporter} reports {self.kind} {self.target_id} ({self.reason})"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None


class ModerationAction(AppendOnlyModel):
    """One decision of a moderator (or of the platform, when enough reports hide content: ``moderator`` is
    None). Rows are only ever added; staff read them at /moderation/log/."""

    moderator = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("action"), max_length=20, choices=ActionKind.choices, db_index=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TargetKind.choices)
    target_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    # What the target was called when the action was taken (the log stays readable if it goes away).
    target_label = models.CharField(max_length=200, blank=True)
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    append_only_message = "The moderation log is append-only"

    class Meta:
        verbose_name = _("moderation action")
        verbose_name_plural = _("moderation actions")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.action} {self.kind} {self.target_id} by {self.moderator_id or 'platform'}"


class OrganizationBan(models.Model):
    """A member banned from an organization: they can no longer comment on or propose or support projects
    in it. Lifting sets ``lifted_at``; the row stays as history."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="bans")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="org_bans")
    reason = models.TextField(_("reason"), max_length=2000)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    lifted_at = models.DateTimeField(null=True, blank=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("organization ban")
        verbose_name_plural = _("organization bans")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "member"],
                condition=models.Q(lifted_at__isnull=True),
                name="org_ban_one_active",
            )
        ]

    def __str__(self):
        return f"{self.member} banned from {self.organization}"


class ModerationSettings(models.Model):
    """An organization's own moderation settings; without a row, the platform's
    (settings.BOUCLE_REPORTS_TO_HIDE, 3 by default) apply."""

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="moderation_settings"
    )
    reports_to_hide = models.PositiveSmallIntegerField(
        _("reports to hide"),
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_("How many members must report a project or comment before it is hidden until a moderator decides."),
    )

    class Meta:
        verbose_name = _("moderation settings")
        verbose_name_plural = _("moderation settings")

    def __str__(self):
        return str(self.organization)
