from django.contrib import admin

from boucle.projects.models import (
    MergeRequest,
    Project,
    ProjectMember,
    SecondChanceRound,
    SecondChanceVote,
    Support,
    Tag,
    Transition,
)


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


class ProjectMemberInline(admin.TabularInline):
    model = ProjectMember
    extra = 0
    raw_id_fields = ["user"]


class TransitionInline(admin.TabularInline):
    """Transitions are the project's history: shown, never edited here (use the lifecycle services)."""

    model = Transition
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "actor", "reason", "created_at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "technology", "challenge", "support_count", "published_at"]
    list_filter = ["status", "licence", "technology"]
    search_fields = ["title", "slug", "pitch"]
    raw_id_fields = ["created_by", "technology", "challenge", "review_window"]
    filter_horizontal = ["tags"]
    # Status and support counters change only through the services (locks, ledger, transitions).
    readonly_fields = [
        "status",
        "support_count",
        "support_ladder",
        "support_tier",
        "support_deadline",
        "supported_at",
        "published_at",
        "hot_score",
        "created_at",
        "updated_at",
    ]
    inlines = [ProjectMemberInline, TransitionInline]


@admin.register(ProjectMember)
class ProjectMemberAdmin(admin.ModelAdmin):
    list_display = ["project", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["project__title", "user__username"]
    raw_id_fields = ["project", "user"]


@admin.register(Transition)
class TransitionAdmin(admin.ModelAdmin):
    list_display = ["project", "from_status", "to_status", "actor", "created_at"]
    list_filter = ["to_status"]
    search_fields = ["project__title", "reason"]
    readonly_fields = ["project", "from_status", "to_status", "actor", "reason", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Support)
class SupportAdmin(admin.ModelAdmin):
    """Read-only: adding or removing a support here would bypass the count and the ledger."""

    list_display = ["project", "user", "created_at"]
    search_fields = ["project__title", "user__username"]
    readonly_fields = ["project", "user", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SecondChanceRound)
class SecondChanceRoundAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "opens_at", "closes_at", "winner", "closed_at"]
    list_filter = ["organization"]
    search_fields = ["title"]
    raw_id_fields = ["organization", "created_by", "winner"]
    filter_horizontal = ["candidates"]
    readonly_fields = ["winner", "closed_at", "created_at"]


@admin.register(SecondChanceVote)
class SecondChanceVoteAdmin(admin.ModelAdmin):
    list_display = ["round", "voter", "project", "created_at"]
    list_filter = ["round"]
    raw_id_fields = ["round", "voter", "project"]


@admin.register(MergeRequest)
class MergeRequestAdmin(admin.ModelAdmin):
    """Read-only: a request is accepted or declined by the teams (projects.merge), which moves supports."""

    list_display = ["duplicate", "into", "status", "requested_by", "decided_by", "created_at"]
    list_filter = ["status"]
    search_fields = ["duplicate__title", "into__title", "reason"]
    readonly_fields = [
        "duplicate", "into", "reason", "status", "requested_by", "decided_by", "decided_at", "created_at"
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
