"""Royalty payouts in the activity and notification apps.

A payout writes an activity ``Event`` (``royalty_paid``, private: kept out of every stream and feed by
``activity.models.PRIVATE_VERBS``) with the journal entry as its subject. The member paid hears of it
(notification kind ``royalty_payout``), which leads to their earnings page. Credits and reversals are not
announced one by one: the statement shows them.
"""

from django.urls import reverse
from django.utils.translation import gettext as _


def payout_announce(*, entry, actor) -> None:
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record

    event_record(
        verb=Verb.ROYALTY_PAID,
        actor=actor,
        subject=entry,
        data={
            "payout": {
                "member": entry.member_id,
                "amount": f"{entry.amount:.2f}",
                "currency": entry.currency,
                "reference": entry.reference,
                "payer": {"name": entry.organization.name, "slug": entry.organization.slug},
            }
        },
    )


def _payout_data(event) -> dict:
    data = (event.data or {}).get("payout")
    return data if isinstance(data, dict) else {}


def payout_recipients(event) -> list[tuple[str, object]]:
    """[(notification kind, queryset of members)]: the member paid."""
    from boucle.accounts.models import User
    from boucle.notifications.enums import Kind

    member = _payout_data(event).get("member")
    if not isinstance(member, int):
        return []
    return [(Kind.ROYALTY_PAYOUT, User.objects.filter(pk=member))]


def payout_text(notification) -> str:
    data = _payout_data(notification.event)
    return _("%(org)s recorded a payout of %(amount)s %(currency)s to you") % {
        "org": (data.get("payer") or {}).get("name") or "…",
        "amount": data.get("amount") or "…",
        "currency": data.get("currency") or "",
    }


def payout_url(notification) -> str:
    return reverse("earnings")
