from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    SUPPORTED = "supported", _("supported")
    IN_REVIEW = "in_review", _("in review")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    EXPIRED = "expired", _("expired")
    IN_PRODUCTION = "in_production", _("in production")
    AVAILABLE = "available", _("available")
    ARCHIVED = "archived", _("archived")


class TeamRole(models.TextChoices):
    OWNER = "owner", _("owner")
    COAUTHOR = "coauthor", _("co-author")


class Licence(models.TextChoices):
    """Creative Commons licences, by SPDX identifier."""

    CC0 = "CC0-1.0", "CC0 1.0"
    BY = "CC-BY-4.0", "CC BY 4.0"
    BY_SA = "CC-BY-SA-4.0", "CC BY-SA 4.0"
    BY_NC = "CC-BY-NC-4.0", "CC BY-NC 4.0"
    BY_NC_SA = "CC-BY-NC-SA-4.0", "CC BY-NC-SA 4.0"
    BY_ND = "CC-BY-ND-4.0", "CC BY-ND 4.0"


LICENCE_URLS = {
    "CC0-1.0": "https://creativecommons.org/publicdomain/zero/1.0/",
    "CC-BY-4.0": "https://creativecommons.org/licenses/by/4.0/",
    "CC-BY-SA-4.0": "https://creativecommons.org/licenses/by-sa/4.0/",
    "CC-BY-NC-4.0": "https://creativecommons.org/licenses/by-nc/4.0/",
    "CC-BY-NC-SA-4.0": "https://creativecommons.org/licenses/by-nc-sa/4.0/",
    "CC-BY-ND-4.0": "https://creativecommons.org/licenses/by-nd/4.0/",
}
