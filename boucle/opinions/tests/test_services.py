import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.opinions.models import Conversation, Statement, StatementState, Vote, WhoMayWrite
from boucle.opinions.services import (
    conversation_create,
    similar_statements,
    statement_add,
    statement_approve,
    statement_merge,
    statement_reject,
    statements_seed,
    vote_cast,
)


def test_an_organization_owner_opens_a_conversation_with_seed_statements(conversation, technology):
    # then
    assert conversation.target == technology
    assert list(conversation.statements.values_list("text", "is_seed", "state")) == [
        ("Bigger wheels for rovers", True, "accepted"),
        ("More pieces in muted colours", True, "accepted"),
        ("Instructions on paper", True, "accepted"),
    ]


def test_a_member_without_a_role_cannot_open_a_conversation(technology, members):
    # when / then
    with pytest.raises(NotAllowed):
        conversation_create(actor=members[0], target=technology, question="Why?")
    assert not Conversation.objects.exists()


def test_a_conversation_needs_a_question_and_dates_in_order(owner, technology):
    now = timezone.now()
    with pytest.raises(InvalidInput):
        conversation_create(actor=owner, target=technology, question="  <b></b> ")
    with pytest.raises(InvalidInput):
        conversation_create(actor=owner, target=technology, question="Q?", opens_at=now, closes_at=now)
    assert not Conversation.objects.exists()


def test_a_member_writes_a_statement(conversation, members):
    # when
    statement = statement_add(actor=members[0], conversation=conversation, text="  A set about *trains*  ")
    # then
    assert statement.text == "A set about *trains*"
    assert statement.state == StatementState.ACCEPTED
    assert statement.author.user == members[0]


@pytest.mark.parametrize("text", ["", "   ", "<p></p>", "<img src=x onerror=alert(1)>", "ab", "x" * 281])
def test_empty_pure_markup_too_short_or_too_long_statements_are_refused(conversation, members, text):
    # when / then
    with pytest.raises(InvalidInput):
        statement_add(actor=members[0], conversation=conversation, text=text)
    assert conversation.statements.count() == 3


def test_a_near_duplicate_is_pointed_out_and_posted_only_when_confirmed(conversation, members):
    # when
    with pytest.raises(Conflict) as refused:
        statement_add(actor=members[0], conversation=conversation, text="Bigger wheels for the rovers!")
    # then
    assert "Bigger wheels for rovers" in refused.value.message
    assert conversation.statements.count() == 3
    statement_add(
        actor=members[0],
        conversation=conversation,
        text="Bigger wheels for the rovers!",
        confirm_similar=True,
    )
    assert conversation.statements.count() == 4


def test_an_exact_duplicate_is_refused_even_when_confirmed(conversation, members):
    with pytest.raises(Conflict):
        statement_add(
            actor=members[0],
            conversation=conversation,
            text="bigger wheels, for rovers",
            confirm_similar=True,
        )
    assert conversation.statements.count() == 3


def test_moderated_first_statements_wait_and_moderators_only_conversations_refuse_members(
    owner, technology, members
):
    # given
    moderated = conversation_create(actor=owner, target=technology, question="Q1?", moderated_first=True)
    closed_pen = conversation_create(
        actor=owner, target=technology, question="Q2?", who_may_write=WhoMayWrite.MODERATORS
    )
    # when
    waiting = statement_add(actor=members[0], conversation=moderated, text="Trains please")
    # then
    assert waiting.state == StatementState.PENDING
    with pytest.raises(NotAllowed):
        statement_add(actor=members[0], conversation=closed_pen, text="Trains please")
    assert statement_add(actor=owner, conversation=closed_pen, text="Trains please").state == "accepted"


def test_a_vote_is_cast_and_changed_not_duplicated(conversation, members):
    # given
    statement = conversation.statements.first()
    # when
    vote_cast(actor=members[0], conversation=conversation, statement=statement, value=1)
    vote_cast(actor=members[0], conversation=conversation, statement=statement, value=-1)
    # then
    assert list(Vote.objects.values_list("value", flat=True)) == [-1]


def test_votes_on_closed_conversations_rejected_or_unknown_statements_or_bad_values_are_refused(
    conversation, members
):
    # given
    statement = conversation.statements.first()
    other = conversation.statements.last()
    statement_reject(actor=conversation.created_by, statement=other)
    # when / then
    with pytest.raises(InvalidInput):
        vote_cast(actor=members[0], conversation=conversation, statement=statement, value=2)
    with pytest.raises(Conflict):
        vote_cast(actor=members[0], conversation=conversation, statement=other, value=1)
    with pytest.raises(NotFound):
        vote_cast(actor=members[0], conversation=conversation, statement=999999, value=1)
    with pytest.raises(NotFound):
        vote_cast(actor=members[0], conversation=conversation, statement="nope", value=1)
    conversation.closes_at = timezone.now() - timedelta(minutes=1)
    conversation.save()
    with pytest.raises(Conflict):
        vote_cast(actor=members[0], conversation=conversation, statement=statement, value=1)
    assert not Vote.objects.exists()


def test_anonymous_visitors_cannot_vote(conversation):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        vote_cast(
            actor=AnonymousUser(),
            conversation=conversation,
            statement=conversation.statements.first(),
            value=1,
        )


@pytest.mark.django_db(transaction=True)
def test_concurrent_first_votes_leave_exactly_one_vote():
    # given
    from boucle.catalog.tests.factories import TechnologyFactory
    from boucle.orgs.tests.factories import OrganizationFactory

    owner = UserFactory(username="olivia")
    technology = TechnologyFactory(organization=OrganizationFactory(owner=owner))
    conversation = conversation_create(actor=owner, target=technology, question="Q?", seeds=["One statement"])
    statement = conversation.statements.get()
    voter = UserFactory(username="racer")
    errors = []
    barrier = threading.Barrier(4)

    def cast(value):
        try:
            barrier.wait()
            vote_cast(actor=voter, conversation=conversation, statement=statement, value=value)
        except Exception as error:  # noqa: BLE001 - collected and asserted below
            errors.append(error)
        finally:
            connection.close()

    # when
    threads = [threading.Thread(target=cast, args=(v,)) for v in (1, -1, 0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    # then
    assert Vote.objects.filter(statement=statement).count() == 1
    assert conversation.participants.filter(user=voter).count() == 1
    assert all(isinstance(e, Conflict) for e in errors), errors


def test_moderators_approve_reject_and_merge(owner, technology, members):
    # given
    conversation = conversation_create(actor=owner, target=technology, question="Q?", moderated_first=True)
    a = statement_add(actor=members[0], conversation=conversation, text="Trains and stations")
    b = statement_add(actor=members[1], conversation=conversation, text="Railway sets with stations")
    c = statement_add(actor=members[2], conversation=conversation, text="Nothing about war")
    # when
    statement_approve(actor=owner, statement=a)
    statement_approve(actor=owner, statement=b)
    vote_cast(actor=members[3], conversation=conversation, statement=b, value=1)
    vote_cast(actor=members[4], conversation=conversation, statement=a, value=-1)
    vote_cast(actor=members[4], conversation=conversation, statement=b, value=1)
    statement_merge(actor=owner, statement=b, into=a)
    statement_reject(actor=owner, statement=c)
    # then
    b.refresh_from_db()
    assert b.state == StatementState.REJECTED and b.merged_into == a
    assert sorted(Vote.objects.filter(statement=a).values_list("participant__user__username", "value")) == [
        ("member3", 1),
        ("member4", -1),
    ]
    assert Statement.objects.get(pk=c.pk).state == StatementState.REJECTED


def test_members_cannot_moderate(conversation, members):
    statement = conversation.statements.first()
    with pytest.raises(NotAllowed):
        statement_reject(actor=members[0], statement=statement)
    with pytest.raises(NotAllowed):
        statements_seed(actor=members[0], conversation=conversation, texts=["More"])
    statement.refresh_from_db()
    assert statement.state == StatementState.ACCEPTED


def test_seeding_is_all_or_nothing(conversation, owner):
    with pytest.raises(InvalidInput) as refused:
        statements_seed(actor=owner, conversation=conversation, texts=["A good one", "<i></i>"])
    assert "2" in refused.value.message
    assert conversation.statements.count() == 3


def test_the_next_statement_is_one_not_voted_yet_with_the_fewest_votes(conversation, members):
    from boucle.opinions.selectors import next_statement

    # given
    first, second, third = conversation.statements.order_by("pk")
    vote_cast(actor=members[1], conversation=conversation, statement=first, value=1)
    vote_cast(actor=members[2], conversation=conversation, statement=first, value=1)
    vote_cast(actor=members[1], conversation=conversation, statement=third, value=1)
    # when / then
    assert next_statement(conversation=conversation, user=members[0]) == second
    vote_cast(actor=members[0], conversation=conversation, statement=second, value=0)
    assert next_statement(conversation=conversation, user=members[0]) == third
    vote_cast(actor=members[0], conversation=conversation, statement=third, value=0)
    vote_cast(actor=members[0], conversation=conversation, statement=first, value=0)
    assert next_statement(conversation=conversation, user=members[0]) is None


def test_near_duplicates_are_looked_for_among_statements_of_a_similar_length_only(
    conversation, owner, monkeypatch
):
    # given 150 statements of every length, one of them close to the new text
    from boucle.opinions import services, text

    statements_seed(
        actor=owner,
        conversation=conversation,
        texts=[f"Statement number {i} " + "word " * (i % 40) for i in range(150)]
        + ["Trains should run on every line of the city"],
    )
    compared = []
    similarity = text.similarity
    monkeypatch.setattr(text, "similarity", lambda a, b: compared.append(b) or similarity(a, b))
    # when
    found = similar_statements(conversation=conversation, text="Trains should run on every line in the city")
    # then the close one is found, having compared only texts of a length that could be close
    assert [s.text for s, _score in found] == ["Trains should run on every line of the city"]
    assert 0 < len(compared) < 60
    low, high = 44 * 0.85 / 1.15, 44 * 1.15 / 0.85
    assert all(low - 1 <= len(b) <= high + 1 for b in compared)
    # and an exact duplicate is always found, however many statements share its length
    monkeypatch.setattr(services, "SIMILAR_CANDIDATES", 1)
    exact = similar_statements(conversation=conversation, text="Trains should run on every line of the city!")
    assert exact and exact[0][1] == 1.0


def test_after_a_map_the_next_statement_uses_its_vote_counts_and_new_statements_come_first(
    conversation, members, django_assert_max_num_queries
):
    from boucle.opinions.selectors import next_statement
    from boucle.opinions.tasks import map_compute

    # given a map that counted two votes on the first statement, one on the third, none on the second
    first, second, third = conversation.statements.order_by("pk")
    for member, statement in ((members[1], first), (members[2], first), (members[1], third)):
        vote_cast(actor=member, conversation=conversation, statement=statement, value=1)
    snapshot = map_compute(conversation)
    # when votes arrive after the map (not counted until the next one)
    for member in members[3:6]:
        vote_cast(actor=member, conversation=conversation, statement=second, value=1)
    # then the map's counts decide, in a fixed number of queries
    assert dict(zip(*snapshot.data["statement_votes"].values(), strict=True)) == {
        first.pk: 2,
        second.pk: 0,
        third.pk: 1,
    }
    with django_assert_max_num_queries(3):
        assert next_statement(conversation=conversation, user=members[0]) == second
    # and a statement written since the map comes before those the map counted votes on
    vote_cast(actor=members[0], conversation=conversation, statement=second, value=1)
    fresh = statement_add(actor=members[4], conversation=conversation, text="Glow in the dark bricks")
    assert next_statement(conversation=conversation, user=members[0]) == fresh
