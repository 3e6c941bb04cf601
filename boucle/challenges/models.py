from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PhaseKind(models.TextChoices):
    IDEATION = "ideation", _("ideation")
    DESIGN = "design", _("design")
    SUPPORT = "support", _("support")
    REVIEW = "review", _("review")
    REALIZATION = "realization", _("realization")


PHASE_ORDER = [k.value for k in PhaseKind]


class Challenge(models.Model):
    """A brief an organization opens on one of its technologies, with dated phases and a support rule."""

    technology = models.ForeignKey("catalog.Technology", on_delete=models.PROTECT, related_name="challenges")
    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    brief = models.TextField(_("brief"), help_text=_("Markdown."))
    # Support ladder of its projects; None = the technology's, the organization's or the platform's.
    support_ladder = models.JSONField(_("support ladder"), null=True, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    # The phase the periodic job saw last ("" = none running); a change appends a PhaseChange row.
    last_phase_seen = models.CharField(max_length=20, choices=PhaseKind.choices, blank=True, default="")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("challenge_detail", args=[self.slug])

    @property
    def organization(self):
        return self.technology.organization

    def current_phase(self, now=None):
        """The phase whose dates contain ``now``, or None (before the first, between or after the last)."""
        now = now or timezone.now()
        for phase in self.phases.all():
            if phase.starts_at <= now < phase.ends_at:
                return phase
        return None

    def next_phase(self, now=None):
        now = now or timezone.now()
        return next((p for p in self.phases.all() if p.starts_at > now), None)


class Phase(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phases")
    kind = models.CharField(_("phase"), max_length=20, choices=PhaseKind.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        verbose_name = _("phase")
        verbose_name_plural = _("phases")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "kind"], name="phase_unique_kind"),
            models.CheckConstraint(condition=models.Q(ends_at__gt=models.F("starts_at")), name="phase_ends_after_start"),
        ]

    def __str__(self):
        return f"{self.challenge} · {self.get_kind_display()}"


class PhaseChange(models.Model):
    """A change of a challenge's running phase, recorded by the periodic job (read by notifications).

    ``from_kind`` or ``to_kind`` is blank when no phase ran before or runs after (between phases, at the end).
    """

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="phase_changes")
    from_kind = models.CharField(_("from"), max_length=20, choices=PhaseKind.choices, blank=True)
    to_kind = models.CharField(_("to"), max_length=20, choices=PhaseKind.choices, blank=True)
    seen_at = models.DateTimeField(_("seen at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("phase change")
        verbose_name_plural = _("phase changes")
        ordering = ["-seen_at", "-id"]

    def __str__(self):
        return f"{self.challenge}: {self.from_kind or '-'} → {self.to_kind or '-'}"
