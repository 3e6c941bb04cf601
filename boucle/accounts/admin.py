from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from boucle.accounts.models import ApiToken, User


class ApiTokenInline(admin.TabularInline):
    model = ApiToken
    extra = 0
    can_delete = False
    fields = ("name", "hint", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("name", "hint", "created_at", "last_used_at")
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # a token's key is shown once to its member: create tokens from the member's own page


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "display_name", "email", "is_staff", "is_active", "date_joined")
    search_fields = ("username", "display_name", "email")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("Profile"), {"fields": ("display_name", "bio", "skills", "links", "avatar")}),
    )
    inlines = [ApiTokenInline]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("name", "user", "hint", "created_at", "last_used_at", "revoked_at")
    list_filter = (("revoked_at", admin.EmptyFieldListFilter),)
    search_fields = ("name", "user__username", "hint")
    list_select_related = ("user",)
    raw_id_fields = ("user",)
    readonly_fields = ("user", "key_hash", "hint", "created_at", "last_used_at")
    fields = ("user", "name", "hint", "key_hash", "created_at", "last_used_at", "revoked_at")

    def has_add_permission(self, request):
        return False  # keys are generated and shown once by the member's token page or the API
