"""Pages: a project's influence, my earnings and their CSV, an organization's royalties and weights."""

import csv
import io
from decimal import Decimal

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.core.testing import active_content
from boucle.ledger.models import ContributionKind, EntryKind, InfluenceWeights, JournalEntry
from boucle.ledger.royalties import ledger_check, royalty_credit, royalty_reverse
from boucle.ledger.tests.conftest import record

D = Decimal


@pytest.fixture
def sold(org, project, creator):
    """dan 12 points, carol 10, erin 5; one sale of 37.00 at 10 %: dan 1.64, carol 1.37, erin 0.69."""
    dan, erin = UserFactory(username="dan"), UserFactory(username="erin", display_name="=HYPERLINK(1)")
    record(project, dan, ContributionKind.DESIGN_REVISION, 2)
    record(project, dan, ContributionKind.COMMENT_HELPFUL)
    record(project, erin, ContributionKind.SUGGESTION_MERGED)
    record(project, erin, ContributionKind.SUPPORT)
    sale = UserFactory()
    royalty_credit(
        organization=org,
        currency="EUR",
        project=project,
        net_amount=D("37.00"),
        rate_percent=D("10"),
        source=sale,
        memo="Order B-1 · =cmd",
    )
    return {"dan": dan, "erin": erin, "carol": creator, "sale": sale}


@pytest.mark.django_db
def test_the_project_page_links_to_the_influence_page_which_explains_each_share(client, project, sold):
    # given / when
    detail = client.get(project.get_absolute_url())
    page = client.get(f"/projects/{project.slug}/influence/")
    # then
    assert f"/projects/{project.slug}/influence/" in detail.content.decode()
    html = page.content.decode()
    assert page.status_code == 200
    assert "2 × accepted design revision × 5 = 10" in html
    assert "12 / 27 = 44.44 %" in html
    assert "27 points in all" in html


@pytest.mark.django_db
def test_a_draft_projects_influence_stays_secret(client, org, creator):
    from boucle.catalog.tests.factories import TechnologyFactory
    from boucle.projects.tests.factories import make_project

    draft = make_project(owner=creator, technology=TechnologyFactory(organization=org), title="Secret")
    assert client.get(f"/projects/{draft.slug}/influence/").status_code == 404


@pytest.mark.django_db
def test_my_earnings_page_and_csv(client_for, sold):
    # when dan looks at his earnings
    dan = client_for(sold["dan"])
    page = dan.get("/accounts/earnings/")
    export = dan.get("/accounts/earnings.csv")
    # then
    assert page.status_code == 200
    assert "1.64" in page.content.decode()
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0][:6] == ["date", "organization", "project", "currency", "kind", "amount"]
    assert rows[1][3:6] == ["EUR", "credit", "1.64"]
    assert rows[1][6] == "Order B-1 · =cmd"  # not at the start of a cell: left as it is
    assert export["Content-Type"].startswith("text/csv")


@pytest.mark.django_db
def test_earnings_need_a_signed_in_member(client):
    assert client.get("/accounts/earnings/").status_code == 302
    assert client.get("/accounts/earnings.csv").status_code == 302


@pytest.mark.django_db
def test_an_owner_records_a_payout_from_the_royalties_page(client_for, user, org, sold):
    # given alice, the owner
    owner = client_for(user)
    page = owner.get(f"/orgs/{org.slug}/royalties/")
    assert page.status_code == 200 and "dan" in page.content.decode()
    # when she records 1.00 paid to dan
    response = owner.post(
        f"/orgs/{org.slug}/royalties/",
        {"member": "dan", "currency": "EUR", "amount": "1.00", "reference": "TR-9"},
        follow=True,
    )
    # then
    assert response.status_code == 200
    payout = JournalEntry.objects.get(kind=EntryKind.PAYOUT)
    assert (payout.member, payout.amount, payout.reference) == (sold["dan"], D("1.00"), "TR-9")
    assert "0.64" in response.content.decode()
    assert ledger_check() == []


@pytest.mark.django_db
def test_a_payout_over_what_is_owed_is_refused_with_a_message_and_nothing_stored(client_for, user, org, sold):
    owner = client_for(user)
    response = owner.post(
        f"/orgs/{org.slug}/royalties/",
        {"member": "dan", "currency": "EUR", "amount": "1.65", "reference": ""},
    )
    assert response.status_code == 400
    assert "would exceed it" in response.content.decode()
    assert not JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()


@pytest.mark.django_db
def test_only_owners_see_the_royalties_and_weights_pages(client_for, org, sold):
    dan = client_for(sold["dan"])
    assert dan.get(f"/orgs/{org.slug}/royalties/").status_code == 403
    assert dan.post(f"/orgs/{org.slug}/royalties/", {"member": "dan", "amount": "1"}).status_code == 403
    assert dan.get(f"/orgs/{org.slug}/influence-weights/").status_code == 403
    assert not JournalEntry.objects.filter(kind=EntryKind.PAYOUT).exists()


@pytest.mark.django_db
def test_an_owner_changes_the_weights_and_shares_follow(client_for, user, org, project, sold):
    owner = client_for(user)
    assert owner.get(f"/orgs/{org.slug}/influence-weights/").status_code == 200
    data = {
        "project_created": "10",
        "design_revision": "5",
        "project_merged": "5",
        "suggestion_merged": "4",
        "comment_helpful": "2",
        "review": "2",
        "support": "1",
        "make": "1",
    }
    # a bad value: nothing changes
    bad = owner.post(f"/orgs/{org.slug}/influence-weights/", {**data, "support": "-3"})
    assert bad.status_code == 400 and not InfluenceWeights.objects.exists()
    # ideas worth 28: carol 28, dan 12, erin 5 = 45
    owner.post(f"/orgs/{org.slug}/influence-weights/", {**data, "project_created": "28"})
    assert InfluenceWeights.objects.get(organization=org).project_created == 28
    html = client_for(sold["dan"]).get(f"/projects/{project.slug}/influence/").content.decode()
    assert "28 / 45 = 62.22 %" in html


@pytest.mark.django_db
def test_pages_escape_names_and_memos(client_for, user, org, project, sold):
    evil = UserFactory(username="mallory", display_name='<script>alert("x")</script>')
    record(project, evil, ContributionKind.SUPPORT)
    royalty_credit(
        organization=org,
        currency="EUR",
        project=project,
        net_amount=D("10"),
        rate_percent=D("10"),
        source=evil,
        memo="<img src=x onerror=alert(1)>",
    )
    royalty_reverse(original_source=sold["sale"], source=UserFactory(), net_amount=D("1.00"))
    for url, who in [
        (f"/projects/{project.slug}/influence/", evil),
        ("/accounts/earnings/", evil),
        (f"/orgs/{org.slug}/royalties/", user),
    ]:
        response = client_for(who).get(url)
        assert response.status_code == 200
        assert not active_content(response.content.decode()), url


@pytest.mark.django_db
def test_the_admin_shows_a_journal_entry_and_its_postings_but_cannot_change_them(client_for, sold):
    # given site staff
    staff = UserFactory(is_staff=True, is_superuser=True)
    entry = JournalEntry.objects.get(kind=EntryKind.CREDIT)
    # when
    response = client_for(staff).get(f"/admin/ledger/journalentry/{entry.pk}/change/")
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert "1.64" in html and "-3.70" not in html and "3.70" in html
    assert 'name="_save"' not in html
    assert client_for(staff).post(f"/admin/ledger/journalentry/{entry.pk}/delete/").status_code == 403


@pytest.mark.django_db
def test_the_csv_never_starts_a_cell_with_a_formula(client_for, org, project, sold):
    royalty_credit(
        organization=org,
        currency="EUR",
        project=project,
        net_amount=D("10"),
        rate_percent=D("10"),
        source=UserFactory(),
        memo='=HYPERLINK("http://evil")',
    )
    rows = list(
        csv.reader(io.StringIO(client_for(sold["dan"]).get("/accounts/earnings.csv").content.decode()))
    )
    assert rows[-1][6] == '\'=HYPERLINK("http://evil")'
    # 1.00 split 12 : 10 : 5 -> 44.4, 37.0, 18.5 cents: 44 + 37 + 18 = 99, the cent left to erin (largest remainder)
    assert rows[-1][5] == "0.44"


@pytest.mark.django_db
def test_an_owner_exports_what_the_organization_owes(client_for, user, org, sold):
    # given erin's display name looks like a formula
    # when
    export = client_for(user).get(f"/orgs/{org.slug}/royalties.csv")
    # then
    rows = list(csv.reader(io.StringIO(export.content.decode())))
    assert rows[0] == ["member", "name", "currency", "earned", "reversed", "paid", "owed"]
    by_member = {r[0]: r for r in rows[1:]}
    assert by_member["dan"][2:] == ["EUR", "1.64", "0.00", "0.00", "1.64"]
    assert by_member["erin"][1] == "'=HYPERLINK(1)"
    assert client_for(sold["dan"]).get(f"/orgs/{org.slug}/royalties.csv").status_code == 403
