from django.contrib import admin

from boucle.realization.models import CommercialGrant, Offer, ProductionRun, Realization, SellerSettings


@admin.register(SellerSettings)
class SellerSettingsAdmin(admin.ModelAdmin):
    list_display = ["organization", "currency", "royalty_percent", "updated_at"]
    list_select_related = ["organization"]
    raw_id_fields = ["organization"]
    search_fields = ["organization__name", "organization__slug"]


@admin.register(CommercialGrant)
class CommercialGrantAdmin(admin.ModelAdmin):
    list_display = ["id", "grantor", "organization", "project", "created_at", "revoked_at"]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["grantor", "organization", "project"]
    raw_id_fields = ["grantor", "organization", "project"]
    search_fields = ["grantor__username", "organization__name", "project__title"]


class OfferInline(admin.TabularInline):
    model = Offer
    extra = 0
    fields = ["title", "kind", "price", "currency", "stock", "status"]
    readonly_fields = ["currency", "stock"]
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # offers are published through the service: the organization's currency, the licence check


@admin.register(Realization)
class RealizationAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "project",
        "design",
        "revision",
        "organization",
        "status",
        "needs_grants",
        "created_at",
    ]
    list_filter = ["status", "needs_grants"]
    list_select_related = ["project", "design", "revision__design", "organization"]
    raw_id_fields = ["project", "design", "revision", "organization", "adopted_by"]
    search_fields = ["project__title", "design__title", "organization__name"]
    # The chain is a record of what was true at adoption: shown, never edited.
    readonly_fields = ["attribution", "needs_grants", "created_at"]
    inlines = [OfferInline]


@admin.register(ProductionRun)
class ProductionRunAdmin(admin.ModelAdmin):
    list_display = ["id", "realization", "quantity", "status", "created_at"]
    list_filter = ["status"]
    list_select_related = ["realization__project", "realization__organization"]
    raw_id_fields = ["realization", "created_by"]
    readonly_fields = ["parts"]


@admin.register(Offer)
class OfferAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "title",
        "realization",
        "kind",
        "price",
        "currency",
        "stock",
        "status",
        "created_at",
    ]
    list_filter = ["status", "kind", "currency"]
    list_select_related = ["realization__project", "realization__organization"]
    raw_id_fields = ["realization", "created_by"]
    search_fields = ["title", "realization__project__title"]
    # Stock moves through conditional updates (orders, offer_stock_adjust): not typed over here.
    readonly_fields = ["stock", "currency"]

    def has_add_permission(self, request):
        return False  # published through the service: the organization's currency, the licence check
