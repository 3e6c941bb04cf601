from django.contrib import admin

from boucle.catalog.models import Technology, TechnologyImage, TechnologyVersion, VersionInspiration


class TechnologyVersionInline(admin.StackedInline):
    model = TechnologyVersion
    extra = 0
    raw_id_fields = ["created_by"]


class TechnologyImageInline(admin.TabularInline):
    model = TechnologyImage
    extra = 0


@admin.register(Technology)
class TechnologyAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "created_at"]
    list_filter = ["status"]
    search_fields = ["name", "slug", "organization__name"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["organization", "created_by"]
    inlines = [TechnologyVersionInline, TechnologyImageInline]


@admin.register(TechnologyVersion)
class TechnologyVersionAdmin(admin.ModelAdmin):
    list_display = ["technology", "version", "released_at"]
    search_fields = ["technology__name", "version"]
    raw_id_fields = ["technology", "created_by"]


@admin.register(TechnologyImage)
class TechnologyImageAdmin(admin.ModelAdmin):
    list_display = ["technology", "caption", "position"]
    raw_id_fields = ["technology"]


@admin.register(VersionInspiration)
class VersionInspirationAdmin(admin.ModelAdmin):
    list_display = ["version", "project", "make", "created_at"]
    search_fields = ["version__technology__name", "version__version", "project__title"]
    raw_id_fields = ["version", "project", "make"]
