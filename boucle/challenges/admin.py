from django.contrib import admin

from boucle.challenges.models import Challenge, Phase, PhaseChange


class PhaseInline(admin.TabularInline):
    model = Phase
    extra = 0


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "technology", "is_published", "last_phase_seen", "created_at"]
    list_filter = ["is_published"]
    search_fields = ["title", "slug", "technology__name"]
    prepopulated_fields = {"slug": ["title"]}
    raw_id_fields = ["technology", "created_by"]
    inlines = [PhaseInline]


@admin.register(Phase)
class PhaseAdmin(admin.ModelAdmin):
    list_display = ["challenge", "kind", "starts_at", "ends_at"]
    list_filter = ["kind"]
    raw_id_fields = ["challenge"]


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    list_display = ["challenge", "from_kind", "to_kind", "seen_at"]
    raw_id_fields = ["challenge"]
