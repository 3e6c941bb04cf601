from django.contrib import admin
from django.db import models

from boucle.orgs.models import Invitation, Membership, Organization


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "website", "created_at"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    raw_id_fields = ["created_by"]
    inlines = [MembershipInline]
    # A website typed without its scheme is taken as https://, as on the organization's own form.
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email", "organization__name"]
    raw_id_fields = ["organization", "invited_by", "accepted_by"]
    readonly_fields = ["token"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "created_at"]
    list_filter = ["role", "organization"]
    search_fields = ["user__username", "organization__name"]
    autocomplete_fields = ["user", "organization"]
