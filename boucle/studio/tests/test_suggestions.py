"""Suggestions: proposed off the main line by outsiders, merged (credited to their author) or declined."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.studio.enums import RevisionState, SuggestionState
from boucle.studio.models import Revision
from boucle.studio.services import revision_save, suggestion_decline, suggestion_merge, suggestion_propose
from boucle.studio.tests.factories import make_design, tally

pytestmark = pytest.mark.django_db


@pytest.fixture
def design(user):
    return make_design(owner=user, counters=[("apple", 3)])


def test_a_member_outside_the_team_proposes_a_change_off_the_main_line(design, other_user):
    # when
    suggestion = suggestion_propose(
        actor=other_user,
        design=design,
        content=tally(("apple", 3), ("pear", 1)),
        parent=1,
        message="Add a pear",
    )
    # then
    revision = suggestion.revision
    assert (suggestion.state, suggestion.author, revision.state, revision.number) == (
        SuggestionState.OPEN,
        other_user,
        RevisionState.SUGGESTED,
        None,
    )
    assert revision.parent == design.head
    design.refresh_from_db()
    assert design.head.number == 1 and design.open_suggestion_count == 1
    assert Event.objects.filter(verb=Verb.SUGGESTION_PROPOSED, subject_id=suggestion.pk).exists()
    assert not Contribution.objects.filter(actor=other_user).exists()  # proposing is not yet a contribution


def test_the_team_saves_instead_of_suggesting(design, user):
    with pytest.raises(NotAllowed, match="save a revision"):
        suggestion_propose(actor=user, design=design, content=tally(("apple", 4)), parent=1, message="More")


def test_a_suggestion_needs_a_change_and_a_message(design, other_user):
    with pytest.raises(InvalidInput, match="Nothing changed"):
        suggestion_propose(
            actor=other_user, design=design, content=tally(("apple", 3)), parent=1, message="Same"
        )
    with pytest.raises(InvalidInput):
        suggestion_propose(
            actor=other_user, design=design, content=tally(("apple", 4)), parent=1, message=" "
        )
    assert Revision.objects.filter(design=design).count() == 1


def test_merging_a_suggestion_credits_its_author_in_the_ledger(design, user, other_user):
    # given bob's suggestion
    suggestion = suggestion_propose(
        actor=other_user,
        design=design,
        content=tally(("apple", 3), ("pear", 1)),
        parent=1,
        message="Add a pear",
    )
    # when alice (team) merges it
    revision = suggestion_merge(actor=user, suggestion=suggestion)
    # then a main-line revision authored by bob holds the content
    design.refresh_from_db()
    assert design.head == revision
    assert (revision.number, revision.state, revision.author, revision.parent.number, revision.message) == (
        2,
        RevisionState.MAIN,
        other_user,
        1,
        "Add a pear",
    )
    assert revision.content == suggestion.revision.content
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.decided_by, suggestion.merged_revision) == (
        SuggestionState.MERGED,
        user,
        revision,
    )
    assert Revision.objects.get(pk=suggestion.revision_id).state == RevisionState.MERGED
    assert design.open_suggestion_count == 0
    credited = Contribution.objects.get(actor=other_user)
    assert (credited.kind, credited.project, credited.subject) == (
        ContributionKind.SUGGESTION_MERGED,
        design.project,
        revision,
    )
    assert Event.objects.filter(verb=Verb.DESIGN_REVISION, subject_id=revision.pk, actor=other_user).exists()
    assert Event.objects.filter(verb=Verb.SUGGESTION_DECIDED, subject_id=suggestion.pk, actor=user).exists()


def test_a_suggestion_made_before_the_design_moved_on_does_not_merge(design, user, other_user):
    suggestion = suggestion_propose(
        actor=other_user, design=design, content=tally(("pear", 1)), parent=1, message="Pears only"
    )
    revision_save(actor=user, design=design, content=tally(("apple", 5)), parent=1)
    with pytest.raises(Conflict, match="ask its author to update it"):
        suggestion_merge(actor=user, suggestion=suggestion)
    suggestion.refresh_from_db()
    assert suggestion.state == SuggestionState.OPEN
    assert not Contribution.objects.filter(actor=other_user).exists()


def test_only_the_team_merges_or_declines(design, other_user):
    suggestion = suggestion_propose(
        actor=other_user, design=design, content=tally(("pear", 1)), parent=1, message="Pears"
    )
    stranger = UserFactory()
    with pytest.raises(NotAllowed):
        suggestion_merge(actor=stranger, suggestion=suggestion)
    with pytest.raises(NotAllowed):
        suggestion_decline(actor=other_user, suggestion=suggestion, reason="I changed my mind")


def test_declining_needs_a_reason_and_decides_once(design, user, other_user):
    suggestion = suggestion_propose(
        actor=other_user, design=design, content=tally(("pear", 1)), parent=1, message="Pears"
    )
    with pytest.raises(InvalidInput):
        suggestion_decline(actor=user, suggestion=suggestion, reason="  ")
    suggestion_decline(actor=user, suggestion=suggestion, reason="We keep apples only.\nSorry!")
    suggestion.refresh_from_db()
    assert (suggestion.state, suggestion.reason, suggestion.decided_by) == (
        SuggestionState.DECLINED,
        "We keep apples only.\nSorry!",
        user,
    )
    assert Revision.objects.get(pk=suggestion.revision_id).state == RevisionState.DECLINED
    with pytest.raises(Conflict, match="already declined"):
        suggestion_merge(actor=user, suggestion=suggestion)
    design.refresh_from_db()
    assert design.head.number == 1 and design.open_suggestion_count == 0
