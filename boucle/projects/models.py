from urllib.parse import quote

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from boucle.core.urlcache import plain_url, slug_url
from boucle.projects.enums import Licence, ProjectStatus, TeamRole


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=50, unique=True)
    slug = models.SlugField(_("slug"), max_length=50, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        """The project list filtered by this tag."""
        return f"{plain_url('project_list')}?tag={quote(self.slug, safe='')}"


class Project(models.Model):
    """A product idea a member proposes on a technology, alone or inside a challenge."""

    title = models.CharField(_("title"), max_length=140)
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    pitch = models.CharField(_("pitch"), max_length=280)
    body = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    cover = models.CharField(_("cover image"), max_length=255, blank=True)  # storage path, thumbnails beside
    licence = models.CharField(_("licence"), max_length=20, choices=Licence.choices, default=Licence.BY_SA)
    technology = models.ForeignKey("catalog.Technology", on_delete=models.PROTECT, related_name="projects")
    challenge = models.ForeignKey(
        "challenges.Challenge", null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="projects")
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    published_at = models.DateTimeField(null=True, blank=True, db_index=True)

    # Support ladder state, kept on the row so lists sort and filter without counting.
    # support_count is changed only with F() updates inside the transaction that writes the Support row.
    support_count = models.PositiveIntegerField(_("supporters"), default=0, db_index=True)
    # The ladder this project follows, copied at publication (so a later rule change does not move goals).
    support_ladder = models.JSONField(null=True, blank=True)
    support_tier = models.PositiveSmallIntegerField(default=0)  # index of the tier being climbed
    support_deadline = models.DateTimeField(null=True, blank=True, db_index=True)
    supported_at = models.DateTimeField(null=True, blank=True)
    # Review window the project waits for once supported (reviews app).
    review_window = models.ForeignKey(
        "reviews.ReviewWindow", null=True, blank=True, on_delete=models.SET_NULL, related_name="projects"
    )
    hot_score = models.FloatField(default=0, db_index=True)
    # Moderation: hidden until a moderator decides (enough distinct reports, or a moderator's action).
    hidden_at = models.DateTimeField(null=True, blank=True)
    # A duplicate merged into another project: its page points there; supports and comments moved.
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged_duplicates"
    )

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-published_at", "-created_at"]
        indexes = [
            models.Index(fields=["status", "-support_count"], name="project_status_support"),
            # The project list's sorts, filtered by stage, challenge or technology (see selectors.SORTS).
            models.Index(fields=["status", "-hot_score"], name="project_status_hot"),
            models.Index(fields=["status", "-published_at"], name="project_status_new"),
            models.Index(fields=["status", "support_deadline"], name="project_status_ending"),
            models.Index(fields=["challenge", "-hot_score"], name="project_challenge_hot"),
            models.Index(fields=["challenge", "-published_at"], name="project_challenge_new"),
            models.Index(fields=["technology", "-hot_score"], name="project_technology_hot"),
            models.Index(fields=["technology", "-published_at"], name="project_technology_new"),
            models.Index(fields=["challenge", "-support_count"], name="project_challenge_supported"),
            models.Index(fields=["technology", "-support_count"], name="project_technology_supported"),
            # "Ending soon" in a challenge with few published projects: not a walk through every published one.
            models.Index(fields=["challenge", "status", "support_deadline"], name="project_challenge_ending"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("project_detail", self.slug)

    @property
    def status_label(self) -> str:
        """``get_status_display()`` without rebuilding the choices dict on every call (lists print many)."""
        return ProjectStatus(self.status).label if self.status in ProjectStatus.values else self.status

    @property
    def organization(self):
        return self.technology.organization


class ProjectMember(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="project_memberships"
    )
    role = models.CharField(_("role"), max_length=20, choices=TeamRole.choices, default=TeamRole.COAUTHOR)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("team member")
        verbose_name_plural = _("team members")
        ordering = ["created_at"]
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="project_member_unique")]

    def __str__(self):
        return f"{self.user} · {self.project} ({self.role})"


class Transition(models.Model):
    """One lifecycle change of a project: who, when, why. Rows are only ever added."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    to_status = models.CharField(max_length=20, choices=ProjectStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )  # None: the platform itself (deadline, review window)
    reason = models.TextField(_("reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("transition")
        verbose_name_plural = _("transitions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.project}: {self.from_status} → {self.to_status}"


class Support(models.Model):
    """One member's support of one project. Withdrawing deletes the row (the ledger keeps the history)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("support")
        verbose_name_plural = _("supports")
        constraints = [models.UniqueConstraint(fields=["project", "user"], name="support_one_per_member")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="support_user_recent")
        ]  # a member's page

    def __str__(self):
        return f"{self.user} supports {self.project}"


class SecondChanceRound(models.Model):
    """A vote an organization opens among up to ten expired or declined projects; the winner enters review."""

    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="second_chances"
    )
    title = models.CharField(_("title"), max_length=160)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    candidates = models.ManyToManyField(Project, related_name="second_chance_rounds")
    winner = models.ForeignKey(Project, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    MAX_CANDIDATES = 10

    class Meta:
        verbose_name = _("second-chance vote")
        verbose_name_plural = _("second-chance votes")
        ordering = ["-opens_at"]

    def __str__(self):
        return self.title


class SecondChanceVote(models.Model):
    round = models.ForeignKey(SecondChanceRound, on_delete=models.CASCADE, related_name="votes")
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("second-chance ballot")
        verbose_name_plural = _("second-chance ballots")
        constraints = [models.UniqueConstraint(fields=["round", "voter"], name="second_chance_one_vote")]

    def __str__(self):
        return f"{self.voter} → {self.project} ({self.round})"


class MergeRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    ACCEPTED = "accepted", _("accepted")
    DECLINED = "declined", _("declined")
    CANCELLED = "cancelled", _("cancelled")


class MergeRequest(models.Model):
    """The owners of a duplicate ask the team of another project to take it in (see ``projects.merge``).

    An owner of the target accepts (the merge happens then) or declines. A request still pending when one of
    the two projects is merged some other way is cancelled.
    """

    duplicate = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="merge_requests_sent")
    into = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="merge_requests_received")
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=20, choices=MergeRequestStatus.choices, default=MergeRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("merge request")
        verbose_name_plural = _("merge requests")
        ordering = ["-created_at", "-id"]
        constraints = [
            # One pending request per duplicate: it cannot be offered to two projects at once.
            models.UniqueConstraint(
                fields=["duplicate"], condition=models.Q(status="pending"), name="merge_request_one_pending"
            ),
        ]

    def __str__(self):
        return f"{self.duplicate} → {self.into} ({self.status})"
