from django.contrib import admin

from boucle.core.models import PeriodicJob


@admin.register(PeriodicJob)
class PeriodicJobAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "next_run_at"]
    readonly_fields = ["name", "last_run_at"]
