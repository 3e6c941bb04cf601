from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class TechnologyStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    DEPRECATED = "deprecated", _("deprecated")
    RETIRED = "retired", _("retired")


class Technology(models.Model):
    """What an organization opens to its community: a brick system, a brewing know-how, a product."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="technologies")
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    summary = models.CharField(_("summary"), max_length=280, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=20, choices=TechnologyStatus.choices, default=TechnologyStatus.DRAFT
    )
    # Support ladder for projects of this technology outside any challenge; None = the organization's.
    support_ladder = models.JSONField(_("support ladder"), null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("technology")
        verbose_name_plural = _("technologies")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("technology_detail", args=[self.slug])


class TechnologyVersion(models.Model):
    technology = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="versions")
    version = models.CharField(_("version"), max_length=40)
    changelog = models.TextField(_("changelog"), blank=True, help_text=_("Markdown."))
    released_at = models.DateTimeField(_("released at"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("technology version")
        verbose_name_plural = _("technology versions")
        ordering = ["-released_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["technology", "version"], name="technology_version_unique")]

    def __str__(self):
        return f"{self.technology} {self.version}"


class TechnologyImage(models.Model):
    technology = models.ForeignKey(Technology, on_delete=models.CASCADE, related_name="images")
    image = models.CharField(_("image"), max_length=255)  # storage path, thumbnails beside it
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("technology image")
        verbose_name_plural = _("technology images")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image


class VersionInspiration(models.Model):
    """A technology version names a project (and, when it says so, one of its makes) that inspired it: the loop
    back from what the community designed and built to what the organization releases next."""

    version = models.ForeignKey(TechnologyVersion, on_delete=models.CASCADE, related_name="inspirations")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="inspired_versions")
    make = models.ForeignKey(
        "makes.Make", null=True, blank=True, on_delete=models.SET_NULL, related_name="inspirations"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("version inspiration")
        verbose_name_plural = _("version inspirations")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["version", "project"], condition=models.Q(make__isnull=True), name="inspiration_project_once"
            ),
            models.UniqueConstraint(
                fields=["version", "make"], condition=models.Q(make__isnull=False), name="inspiration_make_once"
            ),
        ]

    def __str__(self):
        return f"{self.version} ← {self.project}"
