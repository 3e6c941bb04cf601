from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A member follows a member, a project, an organization, a challenge or a tag."""

    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    target_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("target_type", "target_id")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("follow")
        verbose_name_plural = _("follows")
        constraints = [
            models.UniqueConstraint(fields=["follower", "target_type", "target_id"], name="follow_unique"),
        ]
        indexes = [models.Index(fields=["target_type", "target_id"], name="follow_target")]

    def __str__(self):
        return f"{self.follower_id} follows {self.target_type_id}:{self.target_id}"


class Verb(models.TextChoices):
    PROJECT_PUBLISHED = "project_published", _("published a project")
    PROJECT_EDITED = "project_edited", _("edited a project")
    PROJECT_MILESTONE = "project_milestone", _("reached a support milestone")
    PROJECT_STATUS = "project_status", _("changed status")
    COMMENT_POSTED = "comment_posted", _("commented")
    REVIEW_DECIDED = "review_decided", _("published a review decision")
    MEMBER_FOLLOWED = "member_followed", _("followed")
    PROJECTS_MERGED = "projects_merged", _("merged a duplicate project")
    # The studio's: a design made, a main-line revision saved, a fork, a suggestion proposed or decided.
    DESIGN_CREATED = "design_created", _("created a design")
    DESIGN_REVISION = "design_revision", _("saved a design revision")
    DESIGN_FORKED = "design_forked", _("forked a design")
    SUGGESTION_PROPOSED = "suggestion_proposed", _("suggested a change to a design")
    SUGGESTION_DECIDED = "suggestion_decided", _("decided on a design suggestion")
    # Orders: placed, then every later change. Private (PRIVATE_VERBS): never in a public stream or feed.
    ORDER_PLACED = "order_placed", _("placed an order")
    ORDER_CHANGED = "order_changed", _("changed an order")
    # Realization: a producer adopts a design, an offer is published.
    REALIZATION_ADOPTED = "realization_adopted", _("adopted a design for production")
    OFFER_PUBLISHED = "offer_published", _("published an offer")
    # Later capabilities add theirs: design revisions, realizations, makes.
    MAKE_POSTED = "make_posted", _("posted a make")
    VERSION_INSPIRED = "version_inspired", _("cited a project in a technology version")
    # Ledger: an organization records a royalty payout to a member. Private (PRIVATE_VERBS).
    ROYALTY_PAID = "royalty_paid", _("recorded a royalty payout")


# Events only the people concerned hear of (through notifications): kept out of every feed and stream.
PRIVATE_VERBS = frozenset({Verb.ORDER_PLACED, Verb.ORDER_CHANGED, Verb.ROYALTY_PAID})


class Event(models.Model):
    """Something that happened, for feeds, activity streams and notifications. Written by the service that
    makes the change (see activity.services.event_record); never edited."""

    verb = models.CharField(max_length=40, choices=Verb.choices, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the platform itself (a deadline, a review window)
    subject_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("subject_type", "subject_id")
    # Denormalized scopes, so feeds are simple indexed lookups.
    project = models.ForeignKey("projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    organization = models.ForeignKey(
        "orgs.Organization", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    data = models.JSONField(default=dict, blank=True)  # what the templates need: titles, milestone, decision
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["project", "-created_at"], name="event_project"),
            models.Index(fields=["organization", "-created_at"], name="event_org"),
            models.Index(fields=["challenge", "-created_at"], name="event_challenge"),
            models.Index(fields=["actor", "-created_at"], name="event_actor"),
        ]

    def __str__(self):
        return f"{self.actor_id} {self.verb} {self.subject_type_id}:{self.subject_id}"
