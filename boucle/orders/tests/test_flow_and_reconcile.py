"""Adoption → offer → order → payment → royalty → refund, through every app's services; then the
reconciliation command finds everything in order, and finds what someone changed behind the services' back."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from boucle.accounts.tests.factories import UserFactory
from boucle.ledger.models import EntryKind, JournalEntry
from boucle.ledger.royalties import payout_record
from boucle.ledger.selectors import member_statement
from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.notifications.texts import notification_text
from boucle.orders import services
from boucle.orders.models import OrderLine
from boucle.orders.reconcile import reconcile
from boucle.orders.tests.factories import ADDRESS, money
from boucle.realization.services import offer_create, seller_settings_update
from boucle.realization.tests.factories import accepted_design, make_producer

pytestmark = pytest.mark.django_db


def _earned(member, currency="EUR") -> Decimal:
    statement = member_statement(member, currency)
    return sum((b.earned - b.reversed for b in statement.balances), Decimal("0"))


@pytest.fixture
def sold(django_capture_on_commit_callbacks):
    """A designer's accepted design, adopted by a producer at 20 %, its kit ordered and paid."""
    designer = UserFactory(username="dora")
    design = accepted_design(owner=designer)
    producer, organization = make_producer()
    colleague, _org = make_producer(organization)
    seller_settings_update(
        actor=organization.created_by, organization=organization, currency="EUR", royalty_percent="20"
    )
    from boucle.realization.services import realization_adopt

    realization = realization_adopt(
        actor=producer, organization=organization, project=design.project, revision=design.head
    )
    offer = offer_create(
        actor=producer, realization=realization, title="Castle kit", price="30.00", stock=5, kind="kit"
    )
    buyer = UserFactory(username="bea")
    with django_capture_on_commit_callbacks(execute=True):
        services.cart_item_add(actor=buyer, offer=offer, quantity=2)
        (order,) = services.checkout(actor=buyer, address=ADDRESS, idempotency_key="flow")
        services.payment_confirm(actor=producer, order=order)
    order.refresh_from_db()
    return {
        "designer": designer,
        "producer": producer,
        "organization": organization,
        "buyer": buyer,
        "order": order,
        "offer": offer,
        "colleague": colleague,
    }


def test_a_paid_order_credits_the_designer_and_a_refund_takes_back_its_share(
    sold, django_capture_on_commit_callbacks
):
    order, designer, producer = sold["order"], sold["designer"], sold["producer"]
    # then the payment credited a pool of 20 % of 60.00 to the project's contributors: the designer
    line = order.lines.get()
    credit = JournalEntry.objects.get(kind=EntryKind.CREDIT, source_id=line.pk)
    assert (credit.amount, credit.currency, line.royalty_percent) == (money("12.00"), "EUR", Decimal("20.00"))
    assert _earned(designer) > 0
    earned_before = _earned(designer)
    # and the producers heard of the sale, the buyer of the payment
    # (never of their own act: the producer who confirmed the payment only heard of the order)
    assert Notification.objects.filter(recipient=sold["colleague"], kind=Kind.ORDER_SALE).count() == 2
    assert Notification.objects.filter(recipient=producer, kind=Kind.ORDER_SALE).count() == 1
    assert Notification.objects.filter(recipient=sold["buyer"], kind=Kind.ORDER_UPDATE).count() == 1
    # when the seller refunds a quarter of the order
    with django_capture_on_commit_callbacks(execute=True):
        services.refund_create(actor=producer, order=order, amount="15.00", reason="One box dented")
    # then a quarter of the royalties is reversed
    reversal = JournalEntry.objects.get(kind=EntryKind.REVERSAL)
    assert reversal.amount == money("3.00") and reversal.reverses_id == credit.pk
    assert _earned(designer) == earned_before - (earned_before * Decimal("0.25")).quantize(Decimal("0.01"))
    latest = Notification.objects.filter(recipient=sold["buyer"]).select_related(
        "event__actor", "event__project"
    )
    assert "partly refunded" in notification_text(latest.first())
    # and everything reconciles
    result = reconcile()
    assert result.problems == []
    assert (result.paid_lines, result.refund_lines) == (1, 1)
    assert result.royalties["EUR"] == money("12.00") and result.reversed["EUR"] == money("3.00")


def test_order_events_stay_out_of_public_streams(sold):
    from boucle.activity.selectors import member_events, organization_events

    assert not member_events(member=sold["buyer"]).filter(verb__startswith="order_").exists()
    assert (
        not organization_events(organization=sold["organization"]).filter(verb__startswith="order_").exists()
    )


def test_the_reconcile_command_prints_a_summary_and_passes(sold):
    # given a payout too
    payout_record(
        organization=sold["organization"],
        member=sold["designer"],
        currency="EUR",
        amount=money("1.00"),
        recorded_by=sold["organization"].created_by,
    )
    out = StringIO()
    call_command("reconcile", stdout=out)
    assert "1 paid lines" in out.getvalue() and "0 problems" in out.getvalue()
    assert "EUR: credited 12.00" in out.getvalue()


def test_the_reconcile_command_fails_on_a_line_changed_behind_the_services_back(sold):
    # given a line whose total was changed directly in the database after its royalties were credited
    line = sold["order"].lines.get()
    OrderLine.objects.filter(pk=line.pk).update(line_total=money("70.00"))
    err = StringIO()
    # when / then
    with pytest.raises(CommandError, match="mismatch"):
        call_command("reconcile", stdout=StringIO(), stderr=err)
    assert "net 60.00, not 70.00" in err.getvalue()
    assert "is not the sum of its lines" in err.getvalue()


def test_a_paid_line_without_royalty_credit_is_reported():
    from boucle.orders.tests.factories import make_order

    order = make_order()
    OrderLine.objects.filter(order=order).update(royalty_percent=Decimal("10"))
    problems = reconcile().problems
    assert any("is paid but has no royalty credit" in p for p in problems)


def test_the_producers_hear_when_a_buyer_cancels(django_capture_on_commit_callbacks):
    from boucle.orders.tests.factories import make_order, producer_of

    order = make_order()
    producer = producer_of(order.lines.get().offer)
    with django_capture_on_commit_callbacks(execute=True):
        services.order_transition(actor=order.buyer, order=order, to_state="cancelled")
    note = Notification.objects.select_related("event__actor", "event__project").get(recipient=producer)
    assert notification_text(note).endswith("was cancelled")
    assert not Notification.objects.filter(recipient=order.buyer).exists()  # never of one's own act


def test_order_notifications_lead_the_buyer_and_the_seller_to_their_own_order_page(sold):
    from boucle.notifications.selectors import notification_target_url

    order = sold["order"]
    to_buyer = Notification.objects.select_related("event").get(recipient=sold["buyer"])
    to_seller = Notification.objects.select_related("event").filter(recipient=sold["colleague"]).first()
    assert notification_target_url(to_buyer) == order.get_absolute_url()
    assert notification_target_url(to_seller) == order.get_seller_url()
