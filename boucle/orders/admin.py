"""Orders in the admin. States, money and history change only through the services: the order form is read-only
and the admin actions (confirm a payment) call them, with the same checks and messages as the pages."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from boucle.core.errors import BoucleError
from boucle.orders.models import (
    Cart,
    CartItem,
    Order,
    OrderEvent,
    OrderLine,
    Payment,
    Refund,
    RefundLine,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class OrderLineInline(ReadOnlyInline):
    model = OrderLine
    fields = [
        "title",
        "offer",
        "project",
        "quantity",
        "unit_price",
        "line_total",
        "refunded_amount",
        "royalty_percent",
    ]
    readonly_fields = fields


class OrderEventInline(ReadOnlyInline):
    model = OrderEvent
    fields = ["created_at", "from_state", "to_state", "actor", "note"]
    readonly_fields = fields


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = [
        "provider",
        "amount",
        "currency",
        "status",
        "external_reference",
        "confirmed_by",
        "confirmed_at",
    ]
    readonly_fields = fields


class RefundInline(ReadOnlyInline):
    model = Refund
    fields = ["amount", "currency", "reason", "created_by", "created_at"]
    readonly_fields = fields


@admin.action(description=gettext_lazy("Confirm the payment of the selected orders"))
def confirm_payment(modeladmin, request, queryset):
    from boucle.orders.services import payment_confirm

    for order in queryset.select_related("organization"):
        try:
            payment_confirm(actor=request.user, order=order, note=_("Confirmed in the admin."))
        except BoucleError as error:
            modeladmin.message_user(request, f"{order.reference}: {error.message}", messages.ERROR)
        else:
            modeladmin.message_user(
                request, _("Payment of order %(ref)s confirmed.") % {"ref": order.reference}, messages.SUCCESS
            )


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "buyer",
        "organization",
        "state",
        "total",
        "currency",
        "paid_amount",
        "refunded_amount",
        "created_at",
    ]
    list_filter = ["state", "currency", "payment_provider"]
    search_fields = ["reference", "buyer__username", "ship_name", "organization__name"]
    list_select_related = ["buyer", "organization"]
    readonly_fields = [f.name for f in Order._meta.fields]
    inlines = [OrderLineInline, PaymentInline, RefundInline, OrderEventInline]
    actions = [confirm_payment]

    def has_add_permission(self, request):
        return False  # orders come from checkouts

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OrderLine)
class OrderLineAdmin(admin.ModelAdmin):
    list_display = [
        "id",
        "order",
        "title",
        "quantity",
        "unit_price",
        "line_total",
        "refunded_amount",
        "royalty_percent",
    ]
    list_select_related = ["order"]
    raw_id_fields = ["order", "offer", "project"]
    readonly_fields = [f.name for f in OrderLine._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(OrderEvent)
class OrderEventAdmin(admin.ModelAdmin):
    list_display = ["id", "order", "from_state", "to_state", "actor", "created_at"]
    list_filter = ["to_state"]
    list_select_related = ["order", "actor"]
    readonly_fields = [f.name for f in OrderEvent._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["id", "order", "provider", "amount", "currency", "status", "confirmed_by", "confirmed_at"]
    list_filter = ["status", "provider"]
    list_select_related = ["order", "confirmed_by"]
    readonly_fields = [f.name for f in Payment._meta.fields]

    def has_add_permission(self, request):
        return False


class RefundLineInline(ReadOnlyInline):
    model = RefundLine
    fields = ["line", "amount"]
    readonly_fields = fields


@admin.register(Refund)
class RefundAdmin(admin.ModelAdmin):
    list_display = ["id", "order", "amount", "currency", "reason", "created_by", "created_at"]
    list_select_related = ["order", "created_by"]
    readonly_fields = [f.name for f in Refund._meta.fields]
    inlines = [RefundLineInline]

    def has_add_permission(self, request):
        return False


@admin.register(RefundLine)
class RefundLineAdmin(admin.ModelAdmin):
    list_display = ["id", "refund", "line", "amount"]
    raw_id_fields = ["refund", "line"]
    readonly_fields = ["refund", "line", "amount"]

    def has_add_permission(self, request):
        return False


class CartItemInline(admin.TabularInline):
    model = CartItem
    extra = 0
    raw_id_fields = ["offer"]


@admin.register(Cart)
class CartAdmin(admin.ModelAdmin):
    list_display = ["id", "owner", "updated_at"]
    list_select_related = ["owner"]
    raw_id_fields = ["owner"]
    inlines = [CartItemInline]


@admin.register(CartItem)
class CartItemAdmin(admin.ModelAdmin):
    list_display = ["id", "cart", "offer", "quantity", "added_at"]
    raw_id_fields = ["cart", "offer"]
