"""Makes: a member shows what they built from a project's design (bought as a kit or made from the open files),
with photos, a rating from 1 to 5, a note and the revision used. A make counts as a contribution to the project
(``ContributionKind.MAKE``) and feeds the organization's view of its technologies' usages."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

RATING_MIN = 1
RATING_MAX = 5


class Make(models.Model):
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="makes")
    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="makes")
    # The design and the revision built, when the maker says (a revision always belongs to ``design``).
    design = models.ForeignKey(
        "studio.Design", null=True, blank=True, on_delete=models.SET_NULL, related_name="makes"
    )
    revision = models.ForeignKey(
        "studio.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="makes"
    )
    # The order line the maker bought it with, if any: a paid one of the same project earns the
    # "verified buyer" badge (makes.selectors.verified_buyer_ids).
    order_line = models.ForeignKey(
        "orders.OrderLine", null=True, blank=True, on_delete=models.SET_NULL, related_name="makes"
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"), validators=[MinValueValidator(RATING_MIN), MaxValueValidator(RATING_MAX)]
    )
    note = models.TextField(_("note"), blank=True, max_length=10000, help_text=_("Markdown."))
    note_html = models.TextField(editable=False, blank=True)  # rendered and sanitized
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(
        null=True, blank=True
    )  # moderation: hidden by the organization's moderators

    class Meta:
        verbose_name = _("make")
        verbose_name_plural = _("makes")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(rating__gte=RATING_MIN, rating__lte=RATING_MAX), name="make_rating_1_to_5"
            ),
        ]
        indexes = [
            models.Index(fields=["project", "-created_at"], name="make_project_recent"),
            models.Index(fields=["author", "-created_at"], name="make_author_recent"),
        ]

    def __str__(self):
        return f"{self.author} made {self.project} ({self.rating}/5)"

    def get_absolute_url(self):
        return reverse("make_detail", args=[self.pk])


class MakePhoto(models.Model):
    make = models.ForeignKey(Make, on_delete=models.CASCADE, related_name="photos")
    image = models.CharField(_("image"), max_length=255)  # storage path, thumbnails beside it (core.images)
    caption = models.CharField(_("caption"), max_length=200, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("make photo")
        verbose_name_plural = _("make photos")
        ordering = ["position", "id"]

    def __str__(self):
        return self.caption or self.image
