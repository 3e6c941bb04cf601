from django.contrib import admin

from boucle.notifications.models import Notification, NotificationPreference, NotificationSettings


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "recipient", "kind", "channel", "event", "created_at", "read_at", "emailed_at"]
    list_filter = ["kind", "channel", "created_at"]
    search_fields = ["recipient__username", "recipient__email"]
    list_select_related = ["recipient", "event"]
    raw_id_fields = ["recipient", "event"]
    readonly_fields = ["created_at"]
    date_hierarchy = "created_at"


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "kind", "channel", "updated_at"]
    list_filter = ["kind", "channel"]
    search_fields = ["member__username", "member__email"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]


@admin.register(NotificationSettings)
class NotificationSettingsAdmin(admin.ModelAdmin):
    list_display = ["id", "member", "language", "digest_sent_at"]
    list_filter = ["language"]
    search_fields = ["member__username", "member__email"]
    list_select_related = ["member"]
    raw_id_fields = ["member"]
