from django.contrib import admin

from boucle.activity.models import Event, Follow


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ["follower", "target_type", "target_id", "created_at"]
    list_filter = ["target_type"]
    search_fields = ["follower__username"]
    raw_id_fields = ["follower"]
    list_select_related = ["follower", "target_type"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    """Events are written by services and never edited: the admin only reads them."""

    list_display = ["created_at", "verb", "actor", "project", "organization"]
    list_filter = ["verb"]
    search_fields = ["actor__username", "project__slug"]
    raw_id_fields = ["actor", "project", "organization", "challenge"]
    list_select_related = ["actor", "project", "organization"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
