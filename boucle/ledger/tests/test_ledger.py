import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from boucle.accounts.tests.factories import UserFactory
from boucle.ledger.models import Contribution, ContributionKind
from boucle.ledger.services import contribution_record, contribution_reverse


@pytest.mark.django_db
def test_rows_can_be_neither_updated_nor_deleted(user):
    # given
    row = contribution_record(actor=user, kind=ContributionKind.SUPPORT, subject=user)
    # when / then
    row.kind = ContributionKind.COMMENT
    with pytest.raises(TypeError):
        row.save()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(TypeError):
        Contribution.objects.filter(pk=row.pk).update(kind=ContributionKind.COMMENT)
    with pytest.raises(TypeError):
        Contribution.objects.all().delete()
    assert Contribution.objects.get(pk=row.pk).kind == ContributionKind.SUPPORT


@pytest.mark.django_db
def test_a_reversal_points_at_the_act_it_cancels_and_only_once(user):
    # given
    act = contribution_record(actor=user, kind=ContributionKind.SUPPORT, subject=user)
    # when
    reversal = contribution_reverse(actor=user, kind=ContributionKind.SUPPORT, subject=user)
    again = contribution_reverse(actor=user, kind=ContributionKind.SUPPORT, subject=user)
    # then
    assert reversal.reverses == act and reversal.is_reversal
    assert again is None
    assert Contribution.objects.count() == 2


class LedgerBalanceTests(TestCase):
    @settings(max_examples=25, deadline=None)
    @given(st.lists(st.booleans(), max_size=12))
    def test_acts_minus_reversals_is_what_stands(self, operations):
        """Any sequence of acts (True) and retractions (False) leaves a ledger whose unreversed acts count
        equals the acts still standing."""
        member = UserFactory()
        standing = 0
        for act in operations:
            if act:
                contribution_record(actor=member, kind=ContributionKind.SUPPORT, subject=member)
                standing += 1
            elif contribution_reverse(actor=member, kind=ContributionKind.SUPPORT, subject=member):
                standing -= 1
        rows = Contribution.objects.filter(actor=member)
        acts = rows.filter(reverses__isnull=True).count()
        reversals = rows.filter(reverses__isnull=False).count()
        assert acts - reversals == standing
        assert rows.count() == len([o for o in operations if o]) + reversals
