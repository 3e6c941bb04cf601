from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MaxValueValidator
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


# --- Influence ------------------------------------------------------------------------------------------

# The acts that earn influence on a project, and the points each is worth unless its organization says
# otherwise (docs/ROYALTIES.md explains the choice). A plain comment and an edit of the project page earn
# nothing: a comment counts once the team marks it helpful.
DEFAULT_WEIGHTS: dict[str, int] = {
    ContributionKind.PROJECT_CREATED: 10,
    ContributionKind.DESIGN_REVISION: 5,
    ContributionKind.PROJECT_MERGED: 5,
    ContributionKind.SUGGESTION_MERGED: 4,
    ContributionKind.COMMENT_HELPFUL: 2,
    ContributionKind.REVIEW: 2,
    ContributionKind.SUPPORT: 1,
    ContributionKind.MAKE: 1,
}
INFLUENCE_KINDS: list[str] = [str(k) for k in DEFAULT_WEIGHTS]
MAX_WEIGHT = 1000


def _weight_field(kind: str, label):
    return models.PositiveIntegerField(
        label, default=DEFAULT_WEIGHTS[kind], validators=[MaxValueValidator(MAX_WEIGHT)]
    )


class InfluenceWeights(models.Model):
    """How many points one act of each kind earns on the projects of an organization's technologies.

    An organization without a row uses ``DEFAULT_WEIGHTS``. Weights are read when influence is computed, so
    a change applies to every later computation; each royalty credit keeps the weights it used.
    """

    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="influence_weights"
    )
    project_created = _weight_field(ContributionKind.PROJECT_CREATED, _("original idea"))
    design_revision = _weight_field(ContributionKind.DESIGN_REVISION, _("accepted design revision"))
    project_merged = _weight_field(ContributionKind.PROJECT_MERGED, _("duplicate project merged in"))
    suggestion_merged = _weight_field(ContributionKind.SUGGESTION_MERGED, _("merged design suggestion"))
    comment_helpful = _weight_field(ContributionKind.COMMENT_HELPFUL, _("comment marked helpful"))
    review = _weight_field(ContributionKind.REVIEW, _("review"))
    support = _weight_field(ContributionKind.SUPPORT, _("support"))
    make = _weight_field(ContributionKind.MAKE, _("make posted"))
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("influence weights")
        verbose_name_plural = _("influence weights")

    def __str__(self):
        return f"influence weights of {self.organization_id}"

    def as_dict(self) -> dict[str, int]:
        return {kind: getattr(self, kind) for kind in INFLUENCE_KINDS}


# --- Royalties: a double-entry ledger ---------------------------------------------------------------------


class AccountKind(models.TextChoices):
    # The organization's side: debited by every royalty credit (what royalties cost it).
    ROYALTY_EXPENSE = "royalty_expense", _("royalties (expense)")
    # One per member: credited by royalty credits, debited by reversals and payouts. Its credit balance is
    # what the organization owes the member.
    MEMBER_EARNINGS = "member_earnings", _("member earnings (owed)")
    # The organization's money paid out: credited by every payout.
    PAYOUTS = "payouts", _("payouts (cash)")


class EntryKind(models.TextChoices):
    CREDIT = "credit", _("royalty credit")
    REVERSAL = "reversal", _("royalty reversal")
    PAYOUT = "payout", _("payout")


class Account(models.Model):
    """An account of the royalty ledger: per organization and currency, the member's or the organization's."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="royalty_accounts"
    )
    currency = models.CharField(_("currency"), max_length=3)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="royalty_accounts",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("royalty account")
        verbose_name_plural = _("royalty accounts")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "currency", "member", "kind"],
                condition=models.Q(member__isnull=False),
                name="royalty_account_unique_member",
            ),
            models.UniqueConstraint(
                fields=["organization", "currency", "kind"],
                condition=models.Q(member__isnull=True),
                name="royalty_account_unique_org",
            ),
            models.CheckConstraint(
                condition=models.Q(kind=AccountKind.MEMBER_EARNINGS, member__isnull=False)
                | (~models.Q(kind=AccountKind.MEMBER_EARNINGS) & models.Q(member__isnull=True)),
                name="royalty_account_member_iff_earnings",
            ),
        ]

    def __str__(self):
        who = f"member {self.member_id}" if self.member_id else "organization"
        return f"{self.kind} · {who} · {self.organization_id} · {self.currency}"


class JournalEntry(AppendOnlyModel):
    """One balanced movement of the royalty ledger: a credit for a sale, its reversal, or a payout.

    Rows are never edited or deleted. ``amount`` is the entry's size (the pool credited, the part reversed, the
    sum paid out); ``snapshot`` keeps what the split was computed from (docs/ROYALTIES.md), so ledger_check
    can recompute every entry. One credit per source, one reversal per (refund, credit): database constraints,
    so a second call never doubles.
    """

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="journal_entries"
    )
    currency = models.CharField(_("currency"), max_length=3)
    kind = models.CharField(_("kind"), max_length=20, choices=EntryKind.choices)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.PROTECT, related_name="journal_entries"
    )
    source_type = models.ForeignKey(
        ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_id = models.PositiveBigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    reverses = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="reversals"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="royalty_payouts",
        help_text=_("For a payout: the member paid."),
    )
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True)
    memo = models.CharField(_("memo"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    append_only_message = "The royalty journal is append-only (record a reversal instead)"

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["source_type", "source_id"],
                condition=models.Q(kind="credit"),
                name="journal_one_credit_per_source",
            ),
            models.UniqueConstraint(
                fields=["source_type", "source_id", "reverses"],
                condition=models.Q(kind="reversal"),
                name="journal_one_reversal_per_source",
            ),
            models.UniqueConstraint(
                fields=["organization", "reference"],
                condition=models.Q(kind="payout") & ~models.Q(reference=""),
                name="journal_payout_reference_unique",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="journal_amount_not_negative"),
        ]
        indexes = [
            models.Index(fields=["organization", "currency", "kind"], name="journal_org_currency_kind"),
        ]

    def __str__(self):
        return f"{self.kind} {self.amount} {self.currency} ({self.organization_id})"


class Posting(AppendOnlyModel):
    """One line of a journal entry: a debit (positive) or a credit (negative) to one account.

    The postings of an entry sum to zero.
    """

    entry = models.ForeignKey(JournalEntry, on_delete=models.PROTECT, related_name="postings")
    account = models.ForeignKey(Account, on_delete=models.PROTECT, related_name="postings")
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)

    append_only_message = "The royalty journal is append-only (record a reversal instead)"

    class Meta:
        verbose_name = _("posting")
        verbose_name_plural = _("postings")
        ordering = ["entry_id", "id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(amount=0), name="posting_amount_not_zero"),
        ]

    def __str__(self):
        return f"{self.amount} → account {self.account_id}"
