from django.contrib import admin

from boucle.community.models import Comment, CommentRevision, Mention, Reaction


class CommentRevisionInline(admin.TabularInline):
    model = CommentRevision
    extra = 0
    fields = ["created_at", "body"]
    readonly_fields = ["created_at", "body"]
    can_delete = False


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["id", "author", "target_type", "target_id", "created_at", "edited_at", "deleted_at"]
    list_filter = ["target_type", "created_at", "deleted_at", "helpful_marked_at"]
    search_fields = ["body", "author__username", "author__display_name"]
    list_select_related = ["author", "target_type"]
    raw_id_fields = ["author", "parent", "project", "deleted_by", "helpful_marked_by"]
    readonly_fields = ["body_html", "created_at"]
    date_hierarchy = "created_at"
    inlines = [CommentRevisionInline]


@admin.register(CommentRevision)
class CommentRevisionAdmin(admin.ModelAdmin):
    list_display = ["id", "comment", "created_at"]
    raw_id_fields = ["comment"]
    search_fields = ["body"]


@admin.register(Reaction)
class ReactionAdmin(admin.ModelAdmin):
    list_display = ["id", "comment", "user", "kind", "created_at"]
    list_filter = ["kind"]
    raw_id_fields = ["comment", "user"]


@admin.register(Mention)
class MentionAdmin(admin.ModelAdmin):
    list_display = ["id", "comment", "user", "created_at"]
    raw_id_fields = ["comment", "user"]
