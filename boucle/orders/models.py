"""Orders: a member's cart, the orders it becomes at checkout (one per selling organization), their lines,
their append-only history, payments and refunds.

- ``Cart`` / ``CartItem``: one cart per member, offers of any organization with a quantity. Prices are read
  from the offers when shown and frozen on the order lines at checkout.
- ``Order``: what one buyer ordered from one organization, in that organization's currency. Its ``state``
  moves only through ``orders.services`` (the table is in ``orders.states``); each change appends an
  ``OrderEvent``. ``idempotency_key`` makes a second submission of the same checkout return the first
  orders (unique per buyer and organization: one checkout is one order per organization).
- ``OrderLine``: one offer, its quantity and unit price as ordered, the project it realizes (its royalties go
  to that project's contributors) and, once paid, the royalty percent used.
- ``Payment``: one attempt through a payment provider (``orders.payments``); at most one is confirmed.
- ``Refund`` / ``RefundLine``: money given back, split over the lines; each refund line reverses its share
  of the line's royalties in the ledger (its own source, so each reversal has one).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from boucle.core.models import AppendOnlyModel

ZERO = Decimal("0.00")


class OrderState(models.TextChoices):
    PLACED = "placed", _("placed")
    PAID = "paid", _("paid")
    IN_PRODUCTION = "in_production", _("in production")
    SHIPPED = "shipped", _("shipped")
    DELIVERED = "delivered", _("delivered")
    CANCELLED = "cancelled", _("cancelled")
    REFUNDED = "refunded", _("refunded")


class PaymentStatus(models.TextChoices):
    PENDING = "pending", _("waiting for payment")
    CONFIRMED = "confirmed", _("confirmed")


class Cart(models.Model):
    owner = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart")
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self):
        return f"cart of {self.owner}"


class CartItem(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="items")
    offer = models.ForeignKey("realization.Offer", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("cart item")
        verbose_name_plural = _("cart items")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "offer"], name="orders_cart_one_line_per_offer"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_cart_quantity_positive"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.offer_id}"


class Order(models.Model):
    reference = models.CharField(_("reference"), max_length=20, unique=True)
    buyer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="orders")
    organization = models.ForeignKey("orgs.Organization", on_delete=models.PROTECT, related_name="orders")
    currency = models.CharField(_("currency"), max_length=3)
    state = models.CharField(
        _("state"), max_length=20, choices=OrderState.choices, default=OrderState.PLACED, db_index=True
    )
    idempotency_key = models.CharField(max_length=100)
    total = models.DecimalField(_("total"), max_digits=12, decimal_places=2)
    paid_amount = models.DecimalField(_("paid"), max_digits=12, decimal_places=2, default=ZERO)
    refunded_amount = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, default=ZERO)
    payment_provider = models.CharField(_("payment provider"), max_length=40, default="manual")
    # The shipping address, as the buyer gave it.
    ship_name = models.CharField(_("name"), max_length=120)
    ship_street = models.CharField(_("street and number"), max_length=200)
    ship_postcode = models.CharField(_("postcode"), max_length=20)
    ship_city = models.CharField(_("city"), max_length=120)
    ship_country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter code (ISO 3166)."))
    note = models.CharField(_("note for the seller"), max_length=500, blank=True)
    # Stock was given back (cancelled, or refunded in full before shipping): never twice.
    restocked = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    shipped_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["buyer", "idempotency_key", "organization"], name="orders_one_order_per_submission"
            ),
            models.CheckConstraint(condition=Q(total__gt=0), name="orders_total_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=models.F("paid_amount")),
                name="orders_refund_at_most_paid",
            ),
        ]
        indexes = [
            models.Index(fields=["organization", "state", "-created_at"], name="orders_seller_state"),
            models.Index(fields=["buyer", "-created_at"], name="orders_buyer_new"),
        ]

    def __str__(self):
        return self.reference

    def get_absolute_url(self):
        return reverse("order_detail", args=[self.reference])

    def get_seller_url(self):
        return reverse("seller_order_detail", args=[self.organization.slug, self.reference])

    @property
    def refundable_amount(self) -> Decimal:
        return self.paid_amount - self.refunded_amount


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    offer = models.ForeignKey("realization.Offer", on_delete=models.PROTECT, related_name="order_lines")
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="order_lines")
    title = models.CharField(_("title"), max_length=140)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = models.DecimalField(_("unit price"), max_digits=12, decimal_places=2)
    line_total = models.DecimalField(_("line total"), max_digits=12, decimal_places=2)
    refunded_amount = models.DecimalField(_("refunded"), max_digits=12, decimal_places=2, default=ZERO)
    # The seller's royalty percent when the payment was confirmed (None before).
    royalty_percent = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="orders_line_quantity_positive"),
            models.CheckConstraint(condition=Q(unit_price__gt=0), name="orders_line_price_positive"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=models.F("line_total")),
                name="orders_line_refund_at_most_total",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.title}"

    @property
    def net_amount(self) -> Decimal:
        """What the line earned: its total less what was refunded."""
        return self.line_total - self.refunded_amount


class OrderEvent(AppendOnlyModel):
    """One change of an order: its state moved (``from_state`` → ``to_state``), or something happened in a
    state (a partial refund: both states equal). Never edited."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    from_state = models.CharField(max_length=20, choices=OrderState.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=OrderState.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    append_only_message = "An order's history is append-only"

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.order_id}: {self.from_state or '∅'} → {self.to_state}"


class Payment(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payments")
    provider = models.CharField(max_length=40)
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    status = models.CharField(max_length=20, choices=PaymentStatus.choices, default=PaymentStatus.PENDING)
    # What the buyer is told to do (the provider's instructions), and the provider's own reference.
    instructions = models.JSONField(default=dict, blank=True)
    external_reference = models.CharField(_("payment reference"), max_length=120, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order"], condition=Q(status="confirmed"), name="orders_one_confirmed_payment"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="orders_payment_positive"),
        ]

    def __str__(self):
        return f"{self.order_id} · {self.amount} {self.currency} ({self.status})"


class Refund(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    amount = models.DecimalField(_("amount"), max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    reason = models.CharField(_("reason"), max_length=500, blank=True)
    provider_reference = models.CharField(max_length=120, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="orders_refund_positive")]

    def __str__(self):
        return f"{self.order_id} · −{self.amount} {self.currency}"


class RefundLine(models.Model):
    """The part of a refund taken from one order line: the source of that line's royalty reversal."""

    refund = models.ForeignKey(Refund, on_delete=models.CASCADE, related_name="lines")
    line = models.ForeignKey(OrderLine, on_delete=models.PROTECT, related_name="refund_lines")
    amount = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="orders_refund_line_positive")]

    def __str__(self):
        return f"{self.line_id} · −{self.amount}"
