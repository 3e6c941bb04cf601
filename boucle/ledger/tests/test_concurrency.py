"""Two credits for the same sale at the same moment credit it once; two payouts never exceed what is owed
(SQLite and PostgreSQL: run with DATABASE_URL=postgres://... for the latter)."""

import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.ledger.models import ContributionKind, EntryKind, JournalEntry, Posting
from boucle.ledger.royalties import ledger_check, payout_record, royalty_credit
from boucle.ledger.selectors import member_owed
from boucle.ledger.tests.conftest import record
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.tests.factories import make_project

D = Decimal


def run_at_once(calls):
    """Run each call in its own thread, all starting together; returns (results, errors)."""
    start = threading.Barrier(len(calls))
    results, errors = [], []

    def run(call):
        try:
            start.wait(timeout=30)
            results.append(call())
        except Exception as error:  # noqa: BLE001 (collected and asserted by the test)
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    return results, errors


@pytest.mark.django_db(transaction=True)
def test_two_credits_for_the_same_source_at_once_credit_it_once():
    # given a project with two contributors and a sale
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    project = make_project(technology=TechnologyFactory(organization=org))
    record(project, UserFactory(), ContributionKind.SUPPORT, 3)
    sale = UserFactory()

    def credit():
        return royalty_credit(
            organization=org,
            currency="EUR",
            project=project,
            net_amount=D("50.00"),
            rate_percent=D("10"),
            source=sale,
        ).pk

    # when two payment confirmations credit it from two threads at the same moment
    results, errors = run_at_once([credit, credit])
    # then both return the same single entry; the pool is credited once
    assert errors == []
    assert len(results) == 2 and results[0] == results[1]
    assert JournalEntry.objects.filter(kind=EntryKind.CREDIT).count() == 1
    assert Posting.objects.count() == 3  # the expense and two members
    assert ledger_check() == []
    assert connection.vendor in ("sqlite", "postgresql")


@pytest.mark.django_db(transaction=True)
def test_two_payouts_at_once_never_exceed_what_is_owed():
    # given a member owed 5.00
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    project = make_project(technology=TechnologyFactory(organization=org))
    royalty_credit(
        organization=org,
        currency="EUR",
        project=project,
        net_amount=D("50.00"),
        rate_percent=D("10"),
        source=UserFactory(),
    )
    member = project.created_by

    def pay():
        return payout_record(
            organization=org, member=member, currency="EUR", amount=D("3.00"), recorded_by=owner
        )

    # when two owners' forms record 3.00 each at the same moment
    results, errors = run_at_once([pay, pay])
    # then one is recorded, the other refused
    assert len(results) == 1 and len(errors) == 1
    assert "would exceed it" in str(errors[0])
    assert member_owed(organization=org, member=member, currency="EUR") == D("2.00")
    assert ledger_check() == []


@pytest.mark.django_db(transaction=True)
def test_first_sales_of_an_organization_at_once_open_each_account_once():
    # given a new organization: no royalty account yet
    owner = UserFactory()
    org = OrganizationFactory(owner=owner)
    project = make_project(technology=TechnologyFactory(organization=org))
    record(project, UserFactory(), ContributionKind.SUPPORT, 2)
    sales = [UserFactory() for _ in range(4)]

    def credit(sale):
        return lambda: royalty_credit(
            organization=org,
            currency="EUR",
            project=project,
            net_amount=D("19.99"),
            rate_percent=D("12.5"),
            source=sale,
        ).pk

    # when four sales are credited at the same moment
    results, errors = run_at_once([credit(s) for s in sales])
    # then all are credited, onto one expense account and one earnings account per member
    assert errors == [] and len(set(results)) == 4
    from boucle.ledger.models import Account

    assert Account.objects.filter(organization=org).count() == 3
    assert ledger_check() == []
