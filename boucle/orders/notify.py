"""Orders in the activity and notification apps.

Each order change writes an activity ``Event`` (``order_placed`` or ``order_changed``) with the order as its
subject and no project, organization or challenge scope; the activity app keeps these verbs out of every
public stream and feed (``activity.models.PRIVATE_VERBS``): an order is the buyer's and the seller's business.
The notifications app asks this module whom to tell and what to say:

===============  =======================================================================================
event            recipients (kind)
===============  =======================================================================================
order_placed     the producers of the selling organization (order_sale)
order_changed    the buyer (order_update); the producers too when the order became paid or was cancelled
                 (order_sale)
===============  =======================================================================================

The actor is never told of their own act (the notifications app leaves them out).
"""

from django.urls import reverse
from django.utils.translation import gettext as _


def order_announce(*, order, actor, from_state: str, to_state: str, note: str = "") -> None:
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record

    event_record(
        verb=Verb.ORDER_PLACED if not from_state else Verb.ORDER_CHANGED,
        actor=actor,
        subject=order,
        data={
            "order": {
                "reference": order.reference,
                "from": from_state,
                "to": to_state,
                "buyer": order.buyer_id,
                "seller": {"name": order.organization.name, "slug": order.organization.slug},
                "total": str(order.total),
                "currency": order.currency,
                "note": (note or "")[:200],
            }
        },
    )


def _order_data(event) -> dict:
    data = (event.data or {}).get("order")
    return data if isinstance(data, dict) else {}


def order_recipients(event) -> list[tuple[str, object]]:
    """[(notification kind, queryset of members)] for an order event."""
    from boucle.accounts.models import User
    from boucle.activity.models import Verb
    from boucle.notifications.enums import Kind
    from boucle.orders.models import OrderState
    from boucle.orgs.models import Role

    data = _order_data(event)
    seller = (data.get("seller") or {}).get("slug")
    producers = User.objects.filter(
        memberships__organization__slug=seller, memberships__role=Role.PRODUCER
    ).distinct()
    found = []
    if event.verb == Verb.ORDER_PLACED:
        return [(Kind.ORDER_SALE, producers)]
    if isinstance(data.get("buyer"), int):
        found.append((Kind.ORDER_UPDATE, User.objects.filter(pk=data["buyer"])))
    if data.get("to") in (OrderState.PAID, OrderState.CANCELLED):
        found.append((Kind.ORDER_SALE, producers.exclude(pk=data.get("buyer") or 0)))
    return found


def order_notification_text(notification) -> str:
    from boucle.notifications.enums import Kind
    from boucle.orders.models import OrderState

    data = _order_data(notification.event)
    names = {
        "ref": data.get("reference") or "…",
        "seller": (data.get("seller") or {}).get("name") or "…",
        "state": str(OrderState(data["to"]).label) if data.get("to") in OrderState.values else "…",
        "total": data.get("total") or "",
        "currency": data.get("currency") or "",
    }
    if notification.kind == Kind.ORDER_SALE:
        if data.get("to") == OrderState.CANCELLED:
            return _("Order %(ref)s (%(total)s %(currency)s) to %(seller)s was cancelled") % names
        if data.get("to") == OrderState.PAID and data.get("from"):
            return _("Order %(ref)s (%(total)s %(currency)s) to %(seller)s is paid") % names
        return _("New order %(ref)s (%(total)s %(currency)s) to %(seller)s") % names
    if data.get("from") == data.get("to"):
        return _("Your order %(ref)s from %(seller)s was partly refunded") % names
    return _("Your order %(ref)s from %(seller)s is now %(state)s") % names


def order_notification_url(notification) -> str:
    from boucle.notifications.enums import Kind

    data = _order_data(notification.event)
    reference, seller = data.get("reference"), (data.get("seller") or {}).get("slug")
    if not reference:
        return ""
    if notification.kind == Kind.ORDER_SALE and seller:
        return reverse("seller_order_detail", args=[seller, reference])
    return reverse("order_detail", args=[reference])
