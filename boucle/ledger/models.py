from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from boucle.core.models import AppendOnlyModel


class ContributionKind(models.TextChoices):
    PROJECT_CREATED = "project_created", _("project created (original idea)")
    PROJECT_EDITED = "project_edited", _("project edited")
    COMMENT = "comment", _("comment")
    COMMENT_HELPFUL = "comment_helpful", _("comment marked helpful")
    SUPPORT = "support", _("support")
    REVIEW = "review", _("review")
    # An author of a duplicate merged into this project: their idea lives on here (projects.merge).
    PROJECT_MERGED = "project_merged", _("duplicate project merged in")
    # An accepted design revision (studio): saved on a design's main line by its team, credited to its author.
    DESIGN_REVISION = "design_revision", _("accepted design revision")
    # A suggestion to a design merged by its team (studio): credited to the member who suggested it.
    SUGGESTION_MERGED = "suggestion_merged", _("design suggestion merged")
    # A make (realization): someone built or brewed the design and posted photos, a rating, a note.
    MAKE = "make", _("make posted")
    # Later capabilities add their acts here.


class Contribution(AppendOnlyModel):
    """One act of one member on the platform. Rows are never edited or deleted.

    A retracted act (a withdrawn support, a helpful mark taken back, a deleted comment) appends a row
    with ``reverses`` pointing at the row it cancels. Weights are not stored: influence is derived later by
    applying each organization's weights to the acts.
    """

    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contributions")
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="contributions"
    )
    kind = models.CharField(max_length=40, choices=ContributionKind.choices, db_index=True)
    object_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    subject = GenericForeignKey("object_type", "object_id")
    reverses = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversed_by"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    append_only_message = "The contribution ledger is append-only (append a reversal row instead)"

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["created_at", "id"]
        indexes = [
            models.Index(fields=["project", "kind"], name="contribution_project_kind"),
            # contribution_reverse finds the act on a subject: without it, a withdrawn support at 1.6 million
            # rows scanned the table (1.6 s).
            models.Index(fields=["object_type", "object_id"], name="contribution_subject"),
        ]

    def __str__(self):
        prefix = "reversal of " if self.reverses_id else ""
        return f"{prefix}{self.kind} by {self.actor_id} on {self.project_id}"

    @property
    def is_reversal(self) -> bool:
        return self.reverses_id is not None
