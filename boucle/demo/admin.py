from django.contrib import admin

from boucle.demo.models import GeneratedCommunity


@admin.register(GeneratedCommunity)
class GeneratedCommunityAdmin(admin.ModelAdmin):
    """Read-only: the marker is written by ``boucle seed --scale N`` only."""

    list_display = ["projects", "members", "created_at", "updated_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
