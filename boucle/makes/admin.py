from django.contrib import admin

from boucle.makes.models import Make, MakePhoto


class MakePhotoInline(admin.TabularInline):
    model = MakePhoto
    extra = 0


@admin.register(Make)
class MakeAdmin(admin.ModelAdmin):
    list_display = ["id", "project", "author", "rating", "created_at", "hidden_at"]
    list_filter = ["rating"]
    search_fields = ["project__title", "author__username", "note"]
    raw_id_fields = ["author", "project", "design", "revision"]
    readonly_fields = ["note_html", "created_at", "edited_at"]
    inlines = [MakePhotoInline]


@admin.register(MakePhoto)
class MakePhotoAdmin(admin.ModelAdmin):
    list_display = ["make", "image", "position"]
    raw_id_fields = ["make"]
