"""Realization: an organization produces a design and sells it (or its kit).

- ``SellerSettings``: how an organization sells — one currency (ISO 4217) and the royalty percent of net revenue
  credited to the contributors' pool (the ledger splits it). Missing row = the defaults
  (``selectors.seller_settings``).
- ``CommercialGrant``: an author allows an organization to sell designs that carry their work under a
  non-commercial (NC) licence — all of the author's projects, or one (``project``). Revoking sets
  ``revoked_at``; a revoked grant counts no more (existing realizations keep their frozen record).
- ``Realization``: an organization's producer adopted a project and froze one main-line revision of one of its
  designs. ``attribution`` is the attribution chain as it was then (see ``licensing.attribution_chain``):
  printed on the realization, offer and kit pages, never recomputed.
- ``ProductionRun``: a batch of ``quantity`` units; opening one checks the kit's parts stock.
- ``Offer``: what buyers order: the product or its kit, at a price in the organization's currency, with a stock
  of units for sale now. The stock moves only through conditional UPDATEs (the orders app).
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class RealizationStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")


class RunStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    IN_PRODUCTION = "in_production", _("in production")
    DONE = "done", _("done")
    CANCELLED = "cancelled", _("cancelled")


class OfferKind(models.TextChoices):
    PRODUCT = "product", _("product")
    KIT = "kit", _("kit")


class OfferStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    WITHDRAWN = "withdrawn", _("withdrawn")


class SellerSettings(models.Model):
    organization = models.OneToOneField(
        "orgs.Organization", on_delete=models.CASCADE, related_name="seller_settings"
    )
    currency = models.CharField(_("currency"), max_length=3, default="EUR", help_text=_("ISO 4217 code."))
    royalty_percent = models.DecimalField(
        _("royalty percent"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("10.00"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
        help_text=_("Share of net revenue credited to the contributors' royalty pool."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("seller settings")
        verbose_name_plural = _("seller settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(royalty_percent__gte=0, royalty_percent__lte=100),
                name="seller_settings_royalty_range",
            )
        ]

    def __str__(self):
        return f"{self.organization} · {self.currency} · {self.royalty_percent} %"


class CommercialGrant(models.Model):
    grantor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="commercial_grants"
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.CASCADE, related_name="commercial_grants"
    )
    # None: every project of the grantor's; otherwise only this one.
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.CASCADE, related_name="commercial_grants"
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("commercial grant")
        verbose_name_plural = _("commercial grants")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "grantor"], name="grant_org_grantor")]

    def __str__(self):
        scope = self.project or "*"
        return f"{self.grantor} → {self.organization} ({scope})"

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Realization(models.Model):
    project = models.ForeignKey("projects.Project", on_delete=models.PROTECT, related_name="realizations")
    design = models.ForeignKey("studio.Design", on_delete=models.PROTECT, related_name="realizations")
    revision = models.ForeignKey("studio.Revision", on_delete=models.PROTECT, related_name="realizations")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="realizations"
    )
    adopted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        _("status"), max_length=20, choices=RealizationStatus.choices, default=RealizationStatus.ACTIVE
    )
    note = models.TextField(_("note"), blank=True, help_text=_("Markdown."))
    # The attribution chain frozen at adoption (licensing.attribution_chain): a list of links, the design first.
    attribution = models.JSONField(default=list, blank=True)
    # The licences of the chain allowed commercial use only through grants (kept for the pages).
    needs_grants = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("realization")
        verbose_name_plural = _("realizations")
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "-created_at"], name="realization_org_new"),
            models.Index(fields=["project", "-created_at"], name="realization_project_new"),
        ]

    def __str__(self):
        return f"{self.project} · {self.organization}"

    def get_absolute_url(self):
        return reverse("realization_detail", args=[self.pk])


class ProductionRun(models.Model):
    realization = models.ForeignKey(Realization, on_delete=models.CASCADE, related_name="runs")
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.PLANNED
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    # The parts needed (kit element → quantity) as checked when the run was opened.
    parts = models.JSONField(default=list, blank=True)
    # When the run was marked done: from then its parts have left the kit's stock, until the organization
    # saves a new kit (a new count of its stock).
    done_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("production run")
        verbose_name_plural = _("production runs")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(quantity__gte=1), name="run_quantity_positive")
        ]

    def __str__(self):
        return f"{self.realization} · {self.quantity} ({self.status})"


class Offer(models.Model):
    realization = models.ForeignKey(Realization, on_delete=models.CASCADE, related_name="offers")
    title = models.CharField(_("title"), max_length=140)
    kind = models.CharField(_("kind"), max_length=10, choices=OfferKind.choices, default=OfferKind.PRODUCT)
    price = models.DecimalField(
        _("price"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(_("currency"), max_length=3)
    stock = models.PositiveIntegerField(_("stock"), default=0, help_text=_("Units for sale now."))
    lead_time_days = models.PositiveIntegerField(_("lead time (days)"), default=0)
    shipping_regions = models.JSONField(_("shipping regions"), default=list, blank=True)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown."))
    status = models.CharField(
        _("status"), max_length=10, choices=OfferStatus.choices, default=OfferStatus.ACTIVE, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("offer")
        verbose_name_plural = _("offers")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=models.Q(price__gt=0), name="offer_price_positive"),
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="offer_status_new")]

    def __str__(self):
        return f"{self.title} · {self.price} {self.currency}"

    def get_absolute_url(self):
        return reverse("offer_detail", args=[self.pk])

    @property
    def is_active(self) -> bool:
        return self.status == OfferStatus.ACTIVE
