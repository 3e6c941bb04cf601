"""The studio's data: design kits, designs, their immutable revisions, suggestions and anchored comments.

Nothing here names a design kind: a design's content and a kit's content are JSON that only the kind
(``boucle.studio.registry``) understands. Next to each revision the studio stores what the kind said about it
(validity, problems, bill of materials, metrics), so pages and galleries read them without asking the kind.

- ``DesignKit``: the parts, ingredients or options a technology offers to designs of one kind. Editing a kit
  appends a new row (``number`` 1, 2, 3… per technology); the latest one is the technology's current kit, and
  every revision keeps the row it was checked against.
- ``Design``: a project's design of one kind; ``head`` is its latest main-line revision. The head's metrics are
  copied into ``DesignMetric`` rows so the gallery filters and sorts on any metric through an index.
- ``Revision``: one save, never changed (only a suggested revision's ``state`` moves once, to merged or
  declined). Main-line revisions are numbered 1, 2, 3… per design and each one's parent is the one before;
  revision 1 of a fork has for parent the revision it was forked from, in another design.
- ``Suggestion``: a revision proposed to a design's team by someone outside it.
- ``CommentAnchor``: ties a comment (community app; its target is the design's project) to one element of
  one revision.
"""

from django.conf import settings
from django.db import models
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from boucle.core.models import AppendOnlyModel
from boucle.studio.enums import RevisionState, SuggestionState


class DesignKit(AppendOnlyModel):
    """One version of a technology's kit. Rows are never changed: an edit appends the next number."""

    technology = models.ForeignKey("catalog.Technology", on_delete=models.CASCADE, related_name="design_kits")
    kind = models.CharField(_("design kind"), max_length=60)
    number = models.PositiveIntegerField(_("kit revision"))
    content = models.JSONField(_("content"))
    # The technology version this kit goes with, when the organization says so.
    version = models.ForeignKey(
        "catalog.TechnologyVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="design_kits",
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    append_only_message = "Design kits are versioned (save a new kit revision instead)"

    class Meta:
        verbose_name = _("design kit")
        verbose_name_plural = _("design kits")
        ordering = ["technology", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["technology", "number"], name="design_kit_number_unique")
        ]

    def __str__(self):
        return f"{self.technology} · {self.kind} kit #{self.number}"


class Design(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="designs")
    # The project's technology, copied so the gallery filters without a join (a project never changes it).
    technology = models.ForeignKey("catalog.Technology", on_delete=models.PROTECT, related_name="designs")
    kind = models.CharField(_("design kind"), max_length=60, db_index=True)
    number = models.PositiveIntegerField(_("number"))  # 1, 2, 3… within the project (its address)
    title = models.CharField(_("title"), max_length=140)
    forked_from = models.ForeignKey(
        "studio.Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="forks"
    )
    head = models.ForeignKey(
        "studio.Revision", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )  # the latest main-line revision; set in the transaction that creates the design
    # The head's evaluation, copied for lists: no revision read per card.
    valid = models.BooleanField(_("valid"), default=True)
    metrics = models.JSONField(default=list, blank=True)
    revision_count = models.PositiveIntegerField(default=0)
    fork_count = models.PositiveIntegerField(default=0)
    open_suggestion_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now_add=True)  # when the head last moved

    class Meta:
        verbose_name = _("design")
        verbose_name_plural = _("designs")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["project", "number"], name="design_number_unique")]
        indexes = [
            models.Index(fields=["-created_at", "-id"], name="design_new"),
            models.Index(fields=["-updated_at", "-id"], name="design_updated"),
            models.Index(fields=["kind", "-created_at"], name="design_kind_new"),
            models.Index(fields=["technology", "-created_at"], name="design_technology_new"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        """The design's page (``design_detail``: /projects/<slug>/designs/<number>/, HTML pages of the studio);
        the project's page until those pages exist."""
        try:
            return reverse("design_detail", args=[self.project.slug, self.number])
        except NoReverseMatch:
            return f"{self.project.get_absolute_url()}#design-{self.number}"


class DesignMetric(models.Model):
    """One metric of a design's head (``Metric.key`` → value), for the gallery's filters and sorts."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="metric_values")
    key = models.CharField(max_length=40)
    value = models.DecimalField(max_digits=30, decimal_places=6)

    class Meta:
        verbose_name = _("design metric")
        verbose_name_plural = _("design metrics")
        constraints = [models.UniqueConstraint(fields=["design", "key"], name="design_metric_unique")]
        # The gallery's "sort by price" walks this index in order and stops after a page.
        indexes = [models.Index(fields=["key", "value", "design"], name="design_metric_sort")]

    def __str__(self):
        return f"{self.design_id}: {self.key} = {self.value}"


class RevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        if set(kwargs) - {"state"}:
            raise TypeError("Revisions are immutable: only a suggested revision's state changes.")
        return super().update(**kwargs)

    def delete(self):
        raise TypeError("Revisions are immutable: rows are never deleted.")


class Revision(models.Model):
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="revisions")
    # 1, 2, 3… on the main line; None for a suggestion (known by its Suggestion) until its decision.
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=RevisionState.choices, default=RevisionState.MAIN, db_index=True
    )
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )  # None only for a design's first revision made from nothing (new or imported)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="design_revisions"
    )
    message = models.CharField(_("message"), max_length=500, blank=True)
    content = models.JSONField(_("content"))
    content_hash = models.CharField(max_length=64, db_index=True)  # sha256 of the canonical JSON
    kit = models.ForeignKey(DesignKit, on_delete=models.PROTECT, related_name="revisions")
    # What the kind said, against ``kit``: stored so pages and galleries never recompute it.
    valid = models.BooleanField(_("valid"))
    problems = models.JSONField(default=list, blank=True)
    bom = models.JSONField(default=list, blank=True)
    metrics = models.JSONField(default=list, blank=True)
    totals = models.JSONField(default=dict, blank=True)  # {"price": "12.50" or None, "quantity": "42"}
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["design", "number", "id"]
        constraints = [models.UniqueConstraint(fields=["design", "number"], name="revision_number_unique")]
        indexes = [models.Index(fields=["design", "state", "-number"], name="revision_design_line")]

    def __str__(self):
        if self.number is None:
            return f"{self.design} · suggestion"
        return f"{self.design} · r{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            fields = kwargs.get("update_fields")
            if fields is None or set(fields) - {"state"}:
                raise TypeError("Revisions are immutable: only a suggested revision's state changes.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Revisions are immutable: rows are never deleted.")

    @property
    def is_main(self) -> bool:
        return self.state == RevisionState.MAIN


class Suggestion(models.Model):
    """A change proposed to a design by someone outside its team: the team merges or declines it."""

    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="suggestions")
    revision = models.OneToOneField(Revision, on_delete=models.PROTECT, related_name="suggestion")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    state = models.CharField(
        _("state"), max_length=20, choices=SuggestionState.choices, default=SuggestionState.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)  # why it was declined (required then)
    # The main-line revision that took the suggestion in.
    merged_revision = models.OneToOneField(
        Revision, null=True, blank=True, on_delete=models.PROTECT, related_name="merged_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["design", "state", "-created_at"], name="suggestion_design_state")]

    def __str__(self):
        return f"{self.design} · suggestion {self.pk} ({self.state})"


class CommentAnchor(models.Model):
    """A comment (on the design's project) that points at one element of one revision of a design.

    The element's id is stable across revisions (see ``kinds.base``), so the comment shows beside the same
    element in later revisions while it exists (``selectors.anchored_comments``).
    """

    comment = models.OneToOneField(
        "community.Comment", on_delete=models.CASCADE, related_name="design_anchor"
    )
    design = models.ForeignKey(Design, on_delete=models.CASCADE, related_name="anchors")
    revision = models.ForeignKey(Revision, on_delete=models.PROTECT, related_name="anchors")
    element = models.CharField(_("element"), max_length=200)
    element_label = models.CharField(_("element label"), max_length=200, blank=True)  # as it read then
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("comment anchor")
        verbose_name_plural = _("comment anchors")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["design", "element"], name="comment_anchor_element")]

    def __str__(self):
        return f"comment {self.comment_id} on {self.design_id}:{self.element}"
