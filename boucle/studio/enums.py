from django.db import models
from django.utils.translation import gettext_lazy as _


class RevisionState(models.TextChoices):
    """Where a revision stands. Only main-line revisions are a design's history (and accepted revisions)."""

    MAIN = "main", _("main line")
    SUGGESTED = "suggested", _("suggested")  # proposed by someone outside the team, waiting for its decision
    MERGED = "merged_suggestion", _("merged suggestion")  # taken in: a main-line revision holds its content
    DECLINED = "declined", _("declined suggestion")


class SuggestionState(models.TextChoices):
    OPEN = "open", _("open")
    MERGED = "merged", _("merged")
    DECLINED = "declined", _("declined")
