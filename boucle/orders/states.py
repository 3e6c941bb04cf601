"""The one table of an order's states and who may move it (``orders.services`` applies it).

::

    placed → paid → in_production → shipped → delivered
       ↓       ↓  ↘___________________↗          |
    cancelled  └──── refunded (a full refund, from paid, in production, shipped or delivered)

- *paid* is reached only by confirming a payment (``payment_confirm``), *refunded* only by refunds that
  reach what was paid (``refund_create``); ``order_transition`` refuses both with a pointer to the right act.
- *cancelled* only before payment (after it, the money goes back through a refund), by the buyer or the seller;
  the stock comes back.
- The seller (a producer or owner of the selling organization, or site staff) moves the order through
  production and shipping; the buyer may also say it arrived (*delivered*).
"""

from django.utils.translation import gettext_lazy as _

from boucle.orders.models import OrderState as S

SELLER = "seller"
BUYER = "buyer"

# (from, to) -> who may make it through order_transition
TRANSITIONS: dict[tuple[str, str], set[str]] = {
    (S.PLACED, S.CANCELLED): {SELLER, BUYER},
    (S.PAID, S.IN_PRODUCTION): {SELLER},
    (S.PAID, S.SHIPPED): {SELLER},
    (S.IN_PRODUCTION, S.SHIPPED): {SELLER},
    (S.SHIPPED, S.DELIVERED): {SELLER, BUYER},
}

# Reached by their own acts, never by order_transition.
BY_PAYMENT = {S.PAID}
BY_REFUND = {S.REFUNDED}

# States in which money was received and may be refunded.
REFUNDABLE = {S.PAID, S.IN_PRODUCTION, S.SHIPPED, S.DELIVERED}
# States in which the goods have not left: a cancellation or a full refund gives the stock back.
NOT_SHIPPED = {S.PLACED, S.PAID, S.IN_PRODUCTION}
# Transitions offered as buttons on the pages, with their labels.
ACTION_LABELS = {
    S.CANCELLED: _("Cancel the order"),
    S.IN_PRODUCTION: _("Start production"),
    S.SHIPPED: _("Mark as shipped"),
    S.DELIVERED: _("Mark as delivered"),
}


def next_states(state: str, *, roles: set[str]) -> list[str]:
    """The states ``order_transition`` accepts from ``state`` for someone holding ``roles``, in table order."""
    return [to for (frm, to), who in TRANSITIONS.items() if frm == state and who & roles]
