"""Reads of the realization app."""

from boucle.realization.models import SellerSettings


def seller_settings(organization) -> SellerSettings:
    """The organization's seller settings; an unsaved row with the defaults (EUR, 10 %) when it has none."""
    try:
        return organization.seller_settings
    except SellerSettings.DoesNotExist:
        return SellerSettings(organization=organization)
