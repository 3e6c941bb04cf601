from django.contrib import admin

from boucle.ledger.models import Contribution


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
