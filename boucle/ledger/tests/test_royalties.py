"""The royalty ledger: credits split by influence, reversals, payouts, idempotency, and the check.

Until orders exist, any saved model instance stands for the order line or refund a credit comes from.
"""

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Account, AccountKind, ContributionKind, EntryKind, JournalEntry, Posting
from boucle.ledger.royalties import ledger_check, payout_record, royalty_credit, royalty_reverse
from boucle.ledger.selectors import member_owed, member_statement, organization_owed
from boucle.ledger.tests.conftest import record
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.tests.factories import make_project

K = ContributionKind
D = Decimal


def member_parts(entry) -> dict[str, Decimal]:
    """{username: amount} seen from the members: positive for a credit, negative for a reversal."""
    return {
        p.account.member.username: -p.amount
        for p in entry.postings.select_related("account__member")
        if p.account.kind == AccountKind.MEMBER_EARNINGS
    }


@pytest.fixture
def team(project, creator):
    """carol's idea (10 points), dan 2 revisions + a helpful comment (12), erin a suggestion and a support (5)."""
    dan, erin = UserFactory(username="dan"), UserFactory(username="erin")
    record(project, dan, K.DESIGN_REVISION, 2)
    record(project, dan, K.COMMENT_HELPFUL)
    record(project, erin, K.SUGGESTION_MERGED)
    record(project, erin, K.SUPPORT)
    return {"carol": creator, "dan": dan, "erin": erin}


def credit(org, project, source, net="37.00", rate="10.00", currency="EUR"):
    return royalty_credit(
        organization=org,
        currency=currency,
        project=project,
        net_amount=D(net),
        rate_percent=D(rate),
        source=source,
    )


@pytest.mark.django_db
def test_worked_example_a_sale_splits_its_pool_by_influence(org, project, team):
    # given points dan 12, carol 10, erin 5 (total 27) and a sale of 37.00 net at 10 %
    sale = UserFactory()  # stands for the order line
    # when
    entry = credit(org, project, sale)
    # then pool = 37.00 × 10 / 100 = 3.70 = 370 cents
    # quotas: dan 370×12/27 = 164 + 12/27, carol 370×10/27 = 137 + 1/27, erin 370×5/27 = 68 + 14/27
    # whole cents 164 + 137 + 68 = 369; the 1 cent left goes to the largest remainder: erin (14/27)
    assert entry.amount == D("3.70") and entry.kind == EntryKind.CREDIT
    assert member_parts(entry) == {"dan": D("1.64"), "carol": D("1.37"), "erin": D("0.69")}
    expense = entry.postings.get(account__kind=AccountKind.ROYALTY_EXPENSE)
    assert expense.amount == D("3.70")  # the debit that balances the three credits
    assert sum(p.amount for p in entry.postings.all()) == 0
    assert entry.snapshot["pool"] == "3.70" and entry.snapshot["total_points"] == 27
    assert {s["member"]: s["points"] for s in entry.snapshot["shares"]} == {
        team["dan"].pk: 12,
        team["carol"].pk: 10,
        team["erin"].pk: 5,
    }
    assert ledger_check() == []


@pytest.mark.django_db
def test_a_second_credit_for_the_same_source_returns_the_first(org, project, team):
    # given
    sale = UserFactory()
    first = credit(org, project, sale)
    record(project, UserFactory(), K.SUPPORT)  # influence changed since
    # when
    again = credit(org, project, sale, net="99.00")
    # then
    assert again == first
    assert JournalEntry.objects.count() == 1 and Posting.objects.count() == 4


@pytest.mark.django_db
def test_worked_example_refunds_reverse_in_proportion_and_add_up_to_the_pool(org, project, team):
    # given the credit of 3.70: dan 1.64, carol 1.37, erin 0.69
    sale, refund1, refund2 = UserFactory(), UserFactory(), UserFactory()
    original = credit(org, project, sale)
    # when half the sale is refunded (18.50 net)
    first = royalty_reverse(original_source=sale, source=refund1, net_amount=D("18.50"))
    # then round(18.50 × 10 %) = 1.85 comes back, split by what each holds (164 : 137 : 69 of 370 cents):
    # dan 185×164/370 = 82 exactly, carol 68.5, erin 34.5 -> 82 + 68 + 34 = 184, 1 cent left;
    # carol and erin tie at one half: carol has the smaller id
    assert first.amount == D("1.85") and first.reverses == original
    assert member_parts(first) == {"dan": D("-0.82"), "carol": D("-0.69"), "erin": D("-0.34")}
    # when the other half is refunded
    second = royalty_reverse(original_source=sale, source=refund2, net_amount=D("18.50"))
    # then round(37.00 × 10 %) − 1.85 = 1.85: exactly what each still holds
    assert member_parts(second) == {"dan": D("-0.82"), "carol": D("-0.68"), "erin": D("-0.35")}
    for member in team.values():
        assert member_owed(organization=org, member=member, currency="EUR") == 0
    assert ledger_check() == []


@pytest.mark.django_db
def test_a_refund_larger_than_the_sale_is_refused_and_nothing_is_stored(org, project, team):
    sale = UserFactory()
    credit(org, project, sale)
    royalty_reverse(original_source=sale, source=UserFactory(), net_amount=D("30.00"))
    entries, postings = JournalEntry.objects.count(), Posting.objects.count()
    with pytest.raises(InvalidInput) as error:
        royalty_reverse(original_source=sale, source=UserFactory(), net_amount=D("7.01"))
    assert "7.00 EUR" in str(error.value.message)
    assert (JournalEntry.objects.count(), Posting.objects.count()) == (entries, postings)


@pytest.mark.django_db
def test_reversals_are_idempotent_per_refund_and_need_a_credit(org, project, team):
    sale, refund = UserFactory(), UserFactory()
    credit(org, project, sale)
    first = royalty_reverse(original_source=sale, source=refund, net_amount=D("10.00"))
    assert royalty_reverse(original_source=sale, source=refund, net_amount=D("10.00")) == first
    assert JournalEntry.objects.filter(kind=EntryKind.REVERSAL).count() == 1
    with pytest.raises(InvalidInput):
        royalty_reverse(original_source=UserFactory(), source=UserFactory(), net_amount=D("1.00"))
    for bad in [D("-1"), D("0.001"), 1.5]:
        with pytest.raises(InvalidInput):
            royalty_reverse(original_source=sale, source=UserFactory(), net_amount=bad)


@pytest.mark.django_db
def test_bad_credits_are_refused_with_nothing_stored(org, project, team):
    sale = UserFactory()
    for kwargs in [
        {"currency": "euro"},
        {"net": "-1"},
        {"net": "1.005"},
        {"rate": "100.01"},
        {"rate": "-1"},
    ]:
        with pytest.raises(InvalidInput):
            credit(org, project, sale, **kwargs)
    with pytest.raises(InvalidInput):
        royalty_credit(
            organization=org, currency="EUR", project=project, net_amount=1.5, rate_percent=D(10), source=sale
        )
    assert not JournalEntry.objects.exists() and not Account.objects.exists()


@pytest.mark.django_db
def test_without_weighted_acts_the_pool_goes_to_the_original_idea(org, project, creator, user):
    from boucle.ledger.services import influence_weights_update

    # given the organization weighs ideas at 0 and only supports count, and nobody supported
    influence_weights_update(actor=user, organization=org, weights={"project_created": 0})
    # when
    entry = credit(org, project, UserFactory(), net="10.00", rate="15")
    # then
    assert member_parts(entry) == {"carol": D("1.50")}
    assert entry.snapshot["fallback_to_creator"] is True
    assert ledger_check() == []


@pytest.mark.django_db
def test_the_seller_may_be_another_organization_than_the_technologys(project, team):
    # the producer's organization pays; the technology's organization's weights split
    producer = OrganizationFactory()
    entry = credit(producer, project, UserFactory())
    assert entry.organization == producer
    assert Account.objects.filter(organization=producer, kind=AccountKind.MEMBER_EARNINGS).count() == 3


@pytest.mark.django_db
def test_an_owner_records_a_payout_the_ledger_balances(org, project, team, user):
    # given dan earned 1.64
    credit(org, project, UserFactory())
    dan = team["dan"]
    # when alice, the owner, pays him 1.00
    entry = payout_record(
        organization=org, member=dan, currency="EUR", amount=D("1.00"), recorded_by=user, reference="TR-1"
    )
    # then his earnings are debited and the organization's payouts credited
    assert entry.kind == EntryKind.PAYOUT and entry.member == dan
    assert sorted((p.account.kind, p.amount) for p in entry.postings.all()) == [
        ("member_earnings", D("1.00")),
        ("payouts", D("-1.00")),
    ]
    assert member_owed(organization=org, member=dan, currency="EUR") == D("0.64")
    owed = {b.member.username: (b.earned, b.paid, b.owed) for b in organization_owed(org)}
    assert owed["dan"] == (D("1.64"), D("1.00"), D("0.64"))
    assert ledger_check() == []


@pytest.mark.django_db
def test_a_payout_beyond_what_is_owed_or_by_a_non_owner_is_refused(org, project, team, user, other_user):
    credit(org, project, UserFactory())
    dan = team["dan"]
    cases = [
        ({"amount": D("1.65")}, InvalidInput),
        ({"amount": D("0")}, InvalidInput),
        ({"amount": D("0.001")}, InvalidInput),
        ({"currency": "USD"}, InvalidInput),
        ({"recorded_by": other_user}, NotAllowed),
        ({"recorded_by": dan}, NotAllowed),
    ]
    for change, error in cases:
        kwargs = {
            "organization": org,
            "member": dan,
            "currency": "EUR",
            "amount": D("1.00"),
            "recorded_by": user,
        }
        with pytest.raises(error):
            payout_record(**{**kwargs, **change})
    assert not JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()
    # the same transfer reference twice
    payout_record(
        organization=org, member=dan, currency="EUR", amount=D("1"), recorded_by=user, reference="X"
    )
    with pytest.raises(Conflict):
        payout_record(
            organization=org, member=dan, currency="EUR", amount=D("0.5"), recorded_by=user, reference="X"
        )
    assert JournalEntry.objects.filter(kind=EntryKind.PAYOUT).count() == 1


@pytest.mark.django_db
def test_a_statement_shows_earnings_per_project_and_what_is_owed(org, project, team, user):
    # given two sales, a refund and a payout
    sale1, sale2 = UserFactory(), UserFactory()
    credit(org, project, sale1)
    credit(org, project, sale2, net="10.00")
    royalty_reverse(original_source=sale1, source=UserFactory(), net_amount=D("18.50"))
    payout_record(organization=org, member=team["dan"], currency="EUR", amount=D("1.00"), recorded_by=user)
    # when
    statement = member_statement(team["dan"])
    # then: credits 1.64 + 0.44 (1.00 × 12/27 = 0.444… -> 44 cents... see below), reversal 0.82, paid 1.00
    earned = sum(line["amount"] for line in statement.lines if line["kind"] == "credit")
    reversed_ = -sum(line["amount"] for line in statement.lines if line["kind"] == "reversal")
    assert len(statement.lines) == 4
    assert statement.projects[0]["earned"] == earned and statement.projects[0]["reversed"] == reversed_ == D(
        "0.82"
    )
    (balance,) = statement.balances
    assert balance.owed == earned - D("0.82") - D("1.00")
    assert balance.owed == member_owed(organization=org, member=team["dan"], currency="EUR")
    assert member_statement(team["dan"], currency="USD").lines == []
    # the page shows the latest lines only; totals still count every movement; five queries
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        short = member_statement(team["dan"], line_limit=1)
    assert len(short.lines) == 1 and short.lines[0]["kind"] == "payout"
    assert short.balances[0].owed == balance.owed and short.projects == statement.projects
    assert len(queries) == 5


@pytest.mark.django_db
def test_the_journal_is_append_only(org, project, team):
    entry = credit(org, project, UserFactory())
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.postings.first().delete()
    with pytest.raises(TypeError):
        Posting.objects.all().update(amount=1)


@pytest.mark.django_db
def test_ledger_check_finds_a_tampered_entry(org, project, team):
    entry = credit(org, project, UserFactory())
    # an extra posting inserted behind the services' back unbalances the entry
    account = Account.objects.filter(kind=AccountKind.MEMBER_EARNINGS).first()
    Posting.objects.create(entry=entry, account=account, amount=D("-0.01"))
    problems = ledger_check()
    assert any("does not balance" in p for p in problems)
    assert any("differ from the split" in p for p in problems)


money = st.decimals(min_value=D("0.00"), max_value=D("500.00"), places=2)


class LedgerSequenceTests(TestCase):
    """Any sequence of credits, refunds and payouts keeps every entry balanced, every balance equal to the sum
    of its postings, and every reversal within its credit."""

    @settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        points=st.lists(st.integers(0, 6), min_size=1, max_size=5),
        operations=st.lists(
            st.one_of(
                st.tuples(st.just("credit"), money, st.decimals(min_value=0, max_value=100, places=2)),
                st.tuples(st.just("refund"), st.integers(0, 20), money),
                st.tuples(st.just("payout"), st.integers(0, 5), money),
            ),
            max_size=12,
        ),
    )
    def test_any_sequence_keeps_the_ledger_balanced(self, points, operations):
        owner = UserFactory()
        org = OrganizationFactory(owner=owner)
        project = make_project(technology=TechnologyFactory(organization=org))
        members = [project.created_by]
        for n in points:
            member = UserFactory()
            members.append(member)
            record(project, member, K.SUPPORT, n)
        sales = []
        for op in operations:
            if op[0] == "credit":
                sale = UserFactory()
                entry = royalty_credit(
                    organization=org,
                    currency="EUR",
                    project=project,
                    net_amount=op[1],
                    rate_percent=op[2],
                    source=sale,
                )
                assert entry.amount == sum(
                    -p.amount for p in entry.postings.filter(account__member__isnull=False)
                )
                sales.append((sale, op[1]))
            elif op[0] == "refund" and sales:
                sale, net = sales[op[1] % len(sales)]
                try:
                    royalty_reverse(original_source=sale, source=UserFactory(), net_amount=op[2])
                except InvalidInput:
                    pass
            elif op[0] == "payout":
                member = members[op[1] % len(members)]
                owed = member_owed(organization=org, member=member, currency="EUR")
                try:
                    payout_record(
                        organization=org, member=member, currency="EUR", amount=op[2], recorded_by=owner
                    )
                except InvalidInput:
                    assert op[2] > owed or op[2] == 0
                else:
                    assert op[2] <= owed
        assert ledger_check() == []
        for entry in JournalEntry.objects.prefetch_related("postings"):
            assert sum(p.amount for p in entry.postings.all()) == 0
            assert all(p.amount != 0 for p in entry.postings.all())
        for credit_entry in JournalEntry.objects.filter(kind=EntryKind.CREDIT):
            back = sum(r.amount for r in credit_entry.reversals.all())
            assert back <= credit_entry.amount
        # balances = sums, and the whole journal sums to zero
        for balance in organization_owed(org):
            postings = Posting.objects.filter(account__member_id=balance.member_id, account__organization=org)
            assert balance.owed == -sum(p.amount for p in postings)
            assert balance.earned >= balance.reversed >= 0
        assert sum(p.amount for p in Posting.objects.all()) == 0


@pytest.mark.django_db
def test_the_database_refuses_a_second_credit_for_a_source_even_past_the_services_check(org, project, team):
    # what catches a race the row lock missed: the unique constraint, answered by returning the first entry
    from boucle.ledger import royalties

    sale = UserFactory()
    first = credit(org, project, sale)
    fields = {
        "organization": org,
        "currency": "EUR",
        "kind": EntryKind.CREDIT,
        "project": project,
        "source_type": first.source_type,
        "source_id": first.source_id,
        "amount": D("1.00"),
    }
    assert royalties._create_entry(**fields) is None
    assert JournalEntry.objects.count() == 1


@pytest.mark.django_db
def test_the_member_paid_hears_of_the_payout_and_nobody_else(
    org, project, team, user, django_capture_on_commit_callbacks
):
    from boucle.activity.models import Event, Verb
    from boucle.activity.selectors import PRIVATE_VERBS
    from boucle.notifications.enums import Kind
    from boucle.notifications.models import Notification
    from boucle.notifications.selectors import notification_target_url
    from boucle.notifications.texts import notification_text

    # given
    credit(org, project, UserFactory())
    # when
    with django_capture_on_commit_callbacks(execute=True):
        payout_record(
            organization=org, member=team["dan"], currency="EUR", amount=D("1.00"), recorded_by=user
        )
    # then
    event = Event.objects.get(verb=Verb.ROYALTY_PAID)
    assert event.verb in PRIVATE_VERBS  # never in a feed
    note = Notification.objects.get(kind=Kind.ROYALTY_PAYOUT)
    assert note.recipient == team["dan"]
    assert notification_text(note) == "Brewers Collective recorded a payout of 1.00 EUR to you"
    assert notification_target_url(note) == "/accounts/earnings/"
