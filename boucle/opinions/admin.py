from django.contrib import admin

from boucle.opinions.models import (
    Conversation,
    MapPoint,
    MapSnapshot,
    Participant,
    ParticipationDay,
    Statement,
    Vote,
)


@admin.register(Conversation)
class ConversationAdmin(admin.ModelAdmin):
    list_display = ["id", "question", "challenge", "technology", "project", "is_imported", "created_at"]
    list_filter = ["is_imported", "moderated_first", "who_may_write"]
    search_fields = ["question"]
    list_select_related = ["challenge", "technology", "project"]
    raw_id_fields = ["challenge", "technology", "project", "created_by", "moderators"]


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    list_display = ["id", "conversation", "user", "external_id", "created_at"]
    list_select_related = ["conversation", "user"]
    raw_id_fields = ["conversation", "user"]
    search_fields = ["external_id", "user__username"]


@admin.register(Statement)
class StatementAdmin(admin.ModelAdmin):
    list_display = ["id", "conversation", "text", "state", "is_seed", "is_meta", "created_at"]
    list_filter = ["state", "is_seed", "is_meta"]
    list_select_related = ["conversation"]
    raw_id_fields = ["conversation", "author", "merged_into"]
    search_fields = ["text"]
    readonly_fields = ["normalized"]


@admin.register(Vote)
class VoteAdmin(admin.ModelAdmin):
    list_display = ["id", "participant", "statement", "value", "updated_at"]
    list_filter = ["value"]
    raw_id_fields = ["participant", "statement"]


@admin.register(MapSnapshot)
class MapSnapshotAdmin(admin.ModelAdmin):
    list_display = ["id", "conversation", "vote_count", "computed_at", "seconds", "is_ready"]
    list_select_related = ["conversation"]
    raw_id_fields = ["conversation"]


@admin.register(MapPoint)
class MapPointAdmin(admin.ModelAdmin):
    list_display = ["id", "snapshot", "participant", "group", "x", "y"]
    list_filter = ["group"]
    raw_id_fields = ["snapshot", "participant"]


@admin.register(ParticipationDay)
class ParticipationDayAdmin(admin.ModelAdmin):
    list_display = ["id", "conversation", "day", "votes", "participants"]
    raw_id_fields = ["conversation"]
