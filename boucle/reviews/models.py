from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

DEFAULT_CRITERIA = [
    {"key": "design", "label": "design"},
    {"key": "fit", "label": "fit with the technology"},
    {"key": "demand", "label": "demand"},
    {"key": "feasibility", "label": "feasibility"},
]


class ReviewWindow(models.Model):
    """A date on which an organization reviews the projects that reached their last support tier.

    LEGO holds three a year. When ``starts_at`` comes, every supported project waiting for this window
    enters review (a periodic job does it).
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="review_windows")
    title = models.CharField(_("title"), max_length=120)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    opened_at = models.DateTimeField(null=True, blank=True)  # when the job moved its projects into review

    class Meta:
        verbose_name = _("review window")
        verbose_name_plural = _("review windows")
        ordering = ["starts_at"]

    def __str__(self):
        return f"{self.organization} · {self.title}"


class Review(models.Model):
    """One reviewer's scorecard of a project in review: a score from 1 to 5 per published criterion."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews")
    scores = models.JSONField(_("scores"))  # {"design": 4, "fit": 5, ...}
    note = models.TextField(_("note"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        constraints = [models.UniqueConstraint(fields=["project", "reviewer"], name="review_one_per_reviewer")]

    def __str__(self):
        return f"{self.reviewer} on {self.project}"


class Decision(models.TextChoices):
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")


class ReviewDecision(models.Model):
    """The organization's public decision on a project, with its reason; the team may answer once."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    reason = models.TextField(_("reason"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    answer = models.TextField(_("team's answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("review decision")
        verbose_name_plural = _("review decisions")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.project}: {self.decision}"
