"""The payment-provider interface and its loader.

A provider is a class with a ``slug`` and a ``name`` and three hooks. Boucle calls them from inside the order
services' transactions; a provider that talks to a payment network defers what leaves the process with
``transaction.on_commit`` (see CONTRIBUTING.md).

Providers are listed in the setting ``BOUCLE_PAYMENT_PROVIDERS`` (slug → dotted path of the class) and the one
new orders use is ``BOUCLE_PAYMENT_PROVIDER`` (a slug). The default is the manual provider of
``orders.default_payments``: the buyer pays by bank transfer with the order's reference, and a producer of the
selling organization (or site staff) confirms the payment when the money arrives.

>>> provider = payment_provider("manual")
>>> provider.start(order)
{'method': 'transfer', 'reference': 'BCL-7KQ2M9XD', 'amount': '24.00', 'currency': 'EUR', 'text': '...'}
"""

from abc import ABC, abstractmethod
from decimal import Decimal
from functools import cache

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

DEFAULT_PROVIDERS = {"manual": "boucle.orders.default_payments.ManualTransferProvider"}
DEFAULT_PROVIDER = "manual"


class PaymentProvider(ABC):
    slug: str = ""
    name: str = ""
    # Whether a person confirms payments (on the seller's order page and in the admin); a provider that is
    # told by its network (a webhook) sets this to False.
    manual_confirmation: bool = True

    @abstractmethod
    def start(self, order) -> dict:
        """Called once when the order is placed: what the buyer must do to pay (JSON-serializable, shown on the
        order page; ``text`` is the sentence for the person)."""

    @abstractmethod
    def confirm(self, *, order, amount: Decimal, reference: str = "") -> str:
        """Called when a payment is confirmed, before the order becomes paid: check it with the network if
        there is one, raise ``boucle.core.errors.InvalidInput`` to refuse it. Returns the provider's
        reference of the payment."""

    @abstractmethod
    def refund(self, *, order, amount: Decimal) -> str:
        """Called for a refund, before it is recorded: give ``amount`` back (or say how it will be given back);
        raise ``InvalidInput`` to refuse. Returns the provider's reference of the refund."""


@cache
def _providers() -> dict[str, PaymentProvider]:
    paths = getattr(settings, "BOUCLE_PAYMENT_PROVIDERS", None) or DEFAULT_PROVIDERS
    found = {}
    for slug, path in paths.items():
        provider = import_string(path)()
        if not isinstance(provider, PaymentProvider) or not provider.slug:
            raise ImproperlyConfigured(
                f"{path} is not a payment provider: subclass boucle.orders.payments.PaymentProvider "
                "and give it a slug."
            )
        found[slug] = provider
    return found


def providers_reset() -> None:
    """Forget the loaded providers (tests that change the settings call it)."""
    _providers.cache_clear()


def payment_provider(slug: str | None = None) -> PaymentProvider:
    """The provider named ``slug``, by default the one new orders use."""
    slug = slug or getattr(settings, "BOUCLE_PAYMENT_PROVIDER", DEFAULT_PROVIDER)
    try:
        return _providers()[slug]
    except KeyError:
        raise ImproperlyConfigured(
            f"No payment provider {slug!r}: add it to BOUCLE_PAYMENT_PROVIDERS or change BOUCLE_PAYMENT_PROVIDER."
        ) from None
