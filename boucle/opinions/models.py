"""Opinion maps: a question asked to the community, short statements, agree/disagree/pass votes, and the map
of opinion groups computed from them (see docs/OPINIONS.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class WhoMayWrite(models.TextChoices):
    MEMBERS = "members", _("every signed-in member")
    MODERATORS = "moderators", _("moderators only")


class StatementState(models.TextChoices):
    PENDING = "pending", _("waiting for moderation")
    ACCEPTED = "accepted", _("accepted")
    REJECTED = "rejected", _("rejected")


class VoteValue(models.IntegerChoices):
    AGREE = 1, _("agree")
    PASS = 0, _("pass")
    DISAGREE = -1, _("disagree")


class Conversation(models.Model):
    """A question on a challenge, a technology or a project (exactly one of the three)."""

    challenge = models.ForeignKey(
        "challenges.Challenge", null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    technology = models.ForeignKey(
        "catalog.Technology", null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="conversations"
    )
    question = models.CharField(_("question"), max_length=300)
    description = models.TextField(_("description"), blank=True, max_length=10000)
    who_may_write = models.CharField(
        _("who may write statements"), max_length=20, choices=WhoMayWrite.choices, default=WhoMayWrite.MEMBERS
    )
    moderated_first = models.BooleanField(_("statements are moderated before they show"), default=False)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderators = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="moderated_conversations"
    )
    is_imported = models.BooleanField(default=False)  # from a Pol.is open-data export
    created_at = models.DateTimeField(auto_now_add=True)
    # Debounce of the background recompute: when the last recompute was asked for and when it ran.
    map_requested_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="opinions_conversation_one_target",
                condition=(
                    Q(challenge__isnull=False, technology__isnull=True, project__isnull=True)
                    | Q(challenge__isnull=True, technology__isnull=False, project__isnull=True)
                    | Q(challenge__isnull=True, technology__isnull=True, project__isnull=False)
                    | Q(
                        challenge__isnull=True,
                        technology__isnull=True,
                        project__isnull=True,
                        is_imported=True,
                    )
                ),
            )
        ]

    def __str__(self):
        return self.question

    @property
    def target(self):
        return self.challenge or self.technology or self.project

    def is_open(self, now) -> bool:
        if self.opens_at and now < self.opens_at:
            return False
        return not (self.closes_at and now >= self.closes_at)


class Participant(models.Model):
    """Who votes in a conversation: a member, or an anonymous participant imported from Pol.is."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="participants")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="opinion_participants",
    )
    external_id = models.CharField(max_length=64, blank=True, default="")  # Pol.is participant id
    created_at = models.DateTimeField(auto_now_add=True)
    last_voted_on = models.DateField(null=True, blank=True)  # counts them once a day in ParticipationDay

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "user"],
                condition=Q(user__isnull=False),
                name="opinions_one_participant",
            ),
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=~Q(external_id=""),
                name="opinions_one_imported_participant",
            ),
            models.CheckConstraint(
                name="opinions_participant_member_or_imported",
                condition=Q(user__isnull=False) | ~Q(external_id=""),
            ),
        ]

    def __str__(self):
        return self.external_id or str(self.user)


class Statement(models.Model):
    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="statements")
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="statements"
    )
    text = models.TextField(_("statement"), max_length=1000)
    normalized = models.TextField(editable=False, default="")  # for near-duplicate detection
    # len(normalized): near-duplicates are looked for among statements of a similar length only (an index)
    length = models.PositiveIntegerField(editable=False, default=0)
    state = models.CharField(max_length=10, choices=StatementState.choices, default=StatementState.ACCEPTED)
    is_seed = models.BooleanField(default=False)
    is_meta = models.BooleanField(default=False)  # about the conversation itself: kept out of the map
    moderated = models.SmallIntegerField(default=0)  # Pol.is' value on import: -1 out, 0 unmoderated, 1 in
    external_id = models.PositiveIntegerField(null=True, blank=True)  # Pol.is comment id
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    moderated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("statement")
        verbose_name_plural = _("statements")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["conversation", "external_id"],
                condition=Q(external_id__isnull=False),
                name="opinions_one_imported_statement",
            )
        ]
        indexes = [
            models.Index(fields=["conversation", "state"]),
            models.Index(fields=["conversation", "length"], name="opinions_statement_length"),
        ]

    def __str__(self):
        return self.text[:80]

    def save(self, *args, **kwargs):
        self.length = len(self.normalized)
        super().save(*args, **kwargs)

    @property
    def in_map(self) -> bool:
        return self.state == StatementState.ACCEPTED and not self.is_meta


class Vote(models.Model):
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="votes")
    statement = models.ForeignKey(Statement, on_delete=models.CASCADE, related_name="votes")
    value = models.SmallIntegerField(choices=VoteValue.choices)
    created_at = models.DateTimeField()
    updated_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["participant", "statement"], name="opinions_one_vote"),
            models.CheckConstraint(name="opinions_vote_value", condition=Q(value__in=[-1, 0, 1])),
        ]
        # Covers the map's read of every vote of a conversation (statement → participant, value) and the
        # agree/disagree counts per statement: reading 5,000,000 votes from the index alone takes 1.7 s on
        # SQLite against 38 s through the table rows (docs/PERFORMANCE.md, "Full recompute").
        indexes = [models.Index(fields=["statement", "value", "participant"], name="opinions_vote_covering")]

    def __str__(self):
        return f"{self.participant_id} {self.value:+d} on {self.statement_id}"


class ParticipationDay(models.Model):
    """Votes cast and participants who voted, per conversation and day (the site's time zone), kept up to
    date by ``services.vote_cast``: the moderation chart reads a few rows instead of grouping millions of
    votes by date."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="participation_days"
    )
    day = models.DateField()
    votes = models.PositiveIntegerField(default=0)
    participants = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["day"]
        constraints = [
            models.UniqueConstraint(fields=["conversation", "day"], name="opinions_one_participation_day")
        ]

    def __str__(self):
        return f"{self.conversation_id} on {self.day}: {self.votes} votes"


class MapSnapshot(models.Model):
    """The map as last computed: groups, representative, consensus and divisive statements, and a sample of
    at most a few thousand participants' positions to draw (``data``); every participant's place is a
    ``MapPoint`` row of the latest snapshot."""

    conversation = models.ForeignKey(Conversation, on_delete=models.CASCADE, related_name="snapshots")
    data = models.JSONField()
    vote_count = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(db_index=True)
    seconds = models.FloatField(default=0)
    # False while its points are being written (in short transactions, so votes are never kept waiting):
    # pages and the API show the latest ready snapshot.
    is_ready = models.BooleanField(default=True)

    class Meta:
        ordering = ["-computed_at", "-id"]
        get_latest_by = "computed_at"

    def __str__(self):
        return f"map of {self.conversation_id} at {self.computed_at:%Y-%m-%d %H:%M}"


class MapPoint(models.Model):
    """One participant's place in a map (position and group). A table rather than JSON so that a map of
    100,000 participants stays small to load and joins in SQL (the projects each group supports, the groups
    of an export). Only the latest snapshot of a conversation keeps its points."""

    snapshot = models.ForeignKey(MapSnapshot, on_delete=models.CASCADE, related_name="points", db_index=False)
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="map_points")
    group = models.SmallIntegerField(null=True)  # None: too few votes to be clustered
    x = models.FloatField()
    y = models.FloatField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "participant"], name="opinions_one_point_per_map")
        ]

    def __str__(self):
        return f"{self.participant_id} in group {self.group}"
