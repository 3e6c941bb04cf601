from django.contrib import admin

from boucle.moderation.models import ModerationAction, ModerationSettings, OrganizationBan, Report


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ["created_at", "reporter", "kind", "target_id", "organization", "reason", "resolved_at", "resolution"]
    list_filter = ["kind", "reason", "resolution", "created_at"]
    search_fields = ["reporter__username", "text"]
    list_select_related = ["reporter", "organization"]
    raw_id_fields = ["reporter", "resolved_by", "organization"]
    date_hierarchy = "created_at"


@admin.register(ModerationAction)
class ModerationActionAdmin(admin.ModelAdmin):
    """Read-only: the moderation log is append-only, so the admin can look but never edit or delete."""

    list_display = ["created_at", "moderator", "action", "kind", "target_label", "organization", "reason"]
    list_filter = ["action", "kind", "created_at"]
    search_fields = ["moderator__username", "target_label", "reason"]
    list_select_related = ["moderator", "organization"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrganizationBan)
class OrganizationBanAdmin(admin.ModelAdmin):
    list_display = ["created_at", "member", "organization", "by", "lifted_at"]
    list_filter = ["organization", "created_at"]
    search_fields = ["member__username", "reason"]
    list_select_related = ["member", "organization", "by"]
    raw_id_fields = ["member", "by", "lifted_by", "organization"]


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "reports_to_hide"]
    list_select_related = ["organization"]
