from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What a notification is about. Each member chooses a channel per kind (NotificationPreference)."""

    MENTION = "mention", _("Someone mentions me in a comment")
    REPLY = "reply", _("Someone replies to my comment")
    PROJECT_COMMENT = "project_comment", _("Someone comments on a project of my team")
    MILESTONE = "milestone", _("A project of my team reaches a support milestone")
    REVIEW_DECISION = "review_decision", _("An organization decides on a project of my team")
    FOLLOWER = "follower", _("Someone follows me")
    FOLLOWED_PUBLISHED = "followed_published", _("A member I follow publishes a project")
    SUPPORTED_CHANGED = "supported_changed", _("A project I support changes its pitch or description")
    SUPPORTED_REVISION = "supported_revision", _("A project I support saves a new revision of a design")
    DESIGN_SUGGESTION = "design_suggestion", _("Someone suggests a change to a design of my team")
    SUGGESTION_DECIDED = "suggestion_decided", _("My suggestion to a design is merged or declined")
    PROJECT_ADOPTED = "project_adopted", _("An organization adopts a project of my team or that I follow")
    ORDER_UPDATE = "order_update", _("An order of mine changes state")
    ORDER_SALE = "order_sale", _("My organization receives an order, or its payment")
    PROJECT_MADE = "project_made", _("Someone posts a make of a project of my team")
    VERSION_INSPIRED = "version_inspired", _("A technology version cites a project of my team or that I follow")
    ROYALTY_PAYOUT = "royalty_payout", _("An organization records a payout of my royalties")


class Channel(models.TextChoices):
    IN_APP = "in_app", _("On the site")
    EMAIL = "email", _("On the site and by e-mail right away")
    DIGEST = "digest", _("On the site and in a daily e-mail")
    OFF = "off", _("Off")


# What a member gets before choosing: e-mail for what is addressed to them personally and rarely (mentions,
# the fate of their project), the site only for the rest.
DEFAULT_CHANNELS: dict[str, str] = {kind: Channel.IN_APP for kind in Kind.values} | {
    Kind.MENTION: Channel.EMAIL,
    Kind.REVIEW_DECISION: Channel.EMAIL,
}
