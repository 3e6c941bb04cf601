from django.contrib import admin

from boucle.reviews.models import Review, ReviewDecision, ReviewWindow


@admin.register(ReviewWindow)
class ReviewWindowAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "starts_at", "opened_at"]
    list_filter = ["organization"]
    search_fields = ["title", "organization__name"]
    date_hierarchy = "starts_at"


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["project", "reviewer", "created_at", "updated_at"]
    search_fields = ["project__title", "reviewer__username"]
    raw_id_fields = ["project", "reviewer"]
    readonly_fields = ["created_at", "updated_at"]


@admin.register(ReviewDecision)
class ReviewDecisionAdmin(admin.ModelAdmin):
    list_display = ["project", "decision", "decided_by", "created_at", "answered_at"]
    list_filter = ["decision"]
    search_fields = ["project__title", "reason", "answer"]
    raw_id_fields = ["project", "decided_by", "answered_by"]
    readonly_fields = ["created_at"]
