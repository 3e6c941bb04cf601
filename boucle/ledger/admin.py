from django.contrib import admin

from boucle.ledger.models import Account, Contribution, InfluenceWeights, JournalEntry, Posting


@admin.register(Contribution)
class ContributionAdmin(admin.ModelAdmin):
    """Read-only: the ledger is append-only, so the admin can look but never edit or delete."""

    list_display = ["created_at", "actor", "kind", "project", "object_type", "object_id", "reverses"]
    list_filter = ["kind", "created_at"]
    search_fields = ["actor__username", "project__title"]
    list_select_related = ["actor", "project", "object_type"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(InfluenceWeights)
class InfluenceWeightsAdmin(admin.ModelAdmin):
    list_display = [
        "organization",
        "project_created",
        "design_revision",
        "suggestion_merged",
        "support",
        "updated_at",
    ]
    list_select_related = ["organization"]
    search_fields = ["organization__name"]
    raw_id_fields = ["organization", "updated_by"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """The royalty journal is append-only: the admin looks, the services write."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Account)
class AccountAdmin(ReadOnlyAdmin):
    list_display = ["id", "organization", "currency", "kind", "member", "created_at"]
    list_filter = ["kind", "currency"]
    list_select_related = ["organization", "member"]
    search_fields = ["organization__name", "member__username"]


class PostingInline(admin.TabularInline):
    model = Posting
    fields = ["account", "amount"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(JournalEntry)
class JournalEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "kind",
        "organization",
        "currency",
        "amount",
        "project",
        "member",
        "reference",
    ]
    list_filter = ["kind", "currency", "created_at"]
    list_select_related = ["organization", "project", "member"]
    search_fields = ["organization__name", "project__title", "member__username", "reference", "memo"]
    date_hierarchy = "created_at"
    inlines = [PostingInline]


@admin.register(Posting)
class PostingAdmin(ReadOnlyAdmin):
    list_display = ["id", "entry", "account", "amount"]
    list_select_related = ["entry", "account"]
    list_filter = ["account__kind", "account__currency"]
