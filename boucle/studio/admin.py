"""The studio in the admin. Kits and revisions are immutable (a change is a new row, written by the services):
the admin looks but never edits or deletes them. Designs can be renamed; suggestions and anchors are read."""

from django.contrib import admin

from boucle.studio.models import CommentAnchor, Design, DesignKit, DesignMetric, Revision, Suggestion


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(DesignKit)
class DesignKitAdmin(ReadOnlyAdmin):
    list_display = ["technology", "kind", "number", "version", "created_by", "created_at"]
    list_filter = ["kind"]
    search_fields = ["technology__name", "technology__slug"]
    list_select_related = ["technology", "version", "created_by"]


class DesignMetricInline(admin.TabularInline):
    model = DesignMetric
    extra = 0
    can_delete = False
    readonly_fields = ["key", "value"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Design)
class DesignAdmin(admin.ModelAdmin):
    """Only the title changes here; the content changes through revisions (the studio's services)."""

    list_display = [
        "title",
        "project",
        "number",
        "kind",
        "revision_count",
        "fork_count",
        "valid",
        "updated_at",
    ]
    list_filter = ["kind", "valid"]
    search_fields = ["title", "project__title", "project__slug"]
    list_select_related = ["project"]
    readonly_fields = [
        "project",
        "technology",
        "kind",
        "number",
        "forked_from",
        "head",
        "valid",
        "metrics",
        "revision_count",
        "fork_count",
        "open_suggestion_count",
        "created_by",
        "created_at",
        "updated_at",
    ]
    inlines = [DesignMetricInline]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Revision)
class RevisionAdmin(ReadOnlyAdmin):
    list_display = ["design", "number", "state", "author", "valid", "message", "created_at"]
    list_filter = ["state", "valid"]
    search_fields = ["design__title", "author__username", "content_hash"]
    list_select_related = ["design", "author"]
    raw_id_fields = ["design", "parent", "kit", "author"]
    date_hierarchy = "created_at"


@admin.register(Suggestion)
class SuggestionAdmin(ReadOnlyAdmin):
    list_display = ["design", "author", "state", "decided_by", "decided_at", "created_at"]
    list_filter = ["state"]
    search_fields = ["design__title", "author__username"]
    list_select_related = ["design", "author", "decided_by"]


@admin.register(CommentAnchor)
class CommentAnchorAdmin(ReadOnlyAdmin):
    list_display = ["comment", "design", "revision", "element", "element_label", "created_at"]
    search_fields = ["design__title", "element"]
    list_select_related = ["comment", "design", "revision"]


@admin.register(DesignMetric)
class DesignMetricAdmin(ReadOnlyAdmin):
    list_display = ["design", "key", "value"]
    list_filter = ["key"]
    list_select_related = ["design"]
