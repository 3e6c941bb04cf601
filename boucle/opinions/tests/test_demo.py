"""The demo data has a conversation per organization (and one on a popular project) whose map shows its
opinion groups right away, with member statements in every moderation state."""

import pytest
from django.core.management import call_command
from django.db.models import Count
from django.urls import reverse

from boucle.demo.seed import seed
from boucle.opinions.models import (
    Conversation,
    MapPoint,
    MapSnapshot,
    Participant,
    ParticipationDay,
    Statement,
    StatementState,
    Vote,
)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = seed(scale=1)
    yield report
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_each_organization_asks_a_question_and_a_popular_project_too(seeded):
    conversations = Conversation.objects.all()
    organizations = {
        (c.challenge or c.technology).organization.slug
        for c in conversations
        if c.challenge_id or c.technology_id
    }
    assert organizations == {"brickwerk", "free-beer-collective", "velomotive"}
    assert conversations.filter(project__isnull=False).count() == 1


@pytest.mark.django_db
def test_every_demo_map_is_ready_with_two_or_three_groups_of_the_voters(seeded):
    for conversation in Conversation.objects.all():
        snapshot = MapSnapshot.objects.get(conversation=conversation)
        assert snapshot.is_ready
        assert 2 <= len(snapshot.data["groups"]) <= 3, conversation.question
        voters = Participant.objects.filter(conversation=conversation, votes__isnull=False).distinct()
        assert MapPoint.objects.filter(snapshot=snapshot).count() == voters.count() >= 40
        assert conversation.map_requested_at is None  # nothing left for the worker
        # every voter's point is stored with its group, as the map's groups count them
        stored = dict(
            MapPoint.objects.filter(snapshot=snapshot)
            .values_list("group")
            .annotate(n=Count("pk"))
            .values_list("group", "n")
        )
        assert {g: n for g, n in stored.items() if g is not None} == {
            k: group["size"] for k, group in enumerate(snapshot.data["groups"])
        }


@pytest.mark.django_db
def test_member_statements_are_accepted_rejected_and_waiting(seeded):
    for conversation in Conversation.objects.all():
        written = Statement.objects.filter(conversation=conversation, is_seed=False)
        states = dict(written.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
        assert states == {StatementState.ACCEPTED: 1, StatementState.REJECTED: 1, StatementState.PENDING: 1}
        assert not Vote.objects.filter(statement__in=written.exclude(state=StatementState.ACCEPTED)).exists()
        assert all(s.author.user != conversation.created_by for s in written)


@pytest.mark.django_db
def test_participation_days_add_up_to_the_votes(seeded):
    for conversation in Conversation.objects.all():
        days = ParticipationDay.objects.filter(conversation=conversation)
        votes = Vote.objects.filter(statement__conversation=conversation)
        assert sum(days.values_list("votes", flat=True)) == votes.count()
        voted = Participant.objects.filter(conversation=conversation, votes__isnull=False).distinct()
        assert sum(days.values_list("participants", flat=True)) >= voted.count()
        assert not voted.filter(last_voted_on__isnull=True).exists()


@pytest.mark.django_db
def test_alice_has_statements_left_to_vote_on_and_sees_the_groups(seeded, client):
    from boucle.accounts.models import User

    alice = User.objects.get(username="alice")
    assert not Vote.objects.filter(participant__user=alice).exists()
    client.force_login(alice)
    conversation = Conversation.objects.get(challenge__slug="rolling-toys-for-toddlers")
    page = client.get(reverse("opinions_conversation", args=[conversation.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Participants placed by their votes, in 3 groups." in html
    accepted = conversation.statements.filter(state=StatementState.ACCEPTED).values_list("text", flat=True)
    assert any(text in html for text in accepted)  # a statement to vote on


@pytest.mark.django_db
def test_a_second_seed_adds_no_conversation_vote_or_map(seeded):
    before = (
        Conversation.objects.count(),
        Statement.objects.count(),
        Vote.objects.count(),
        MapSnapshot.objects.count(),
        ParticipationDay.objects.count(),
    )
    report = seed(scale=1)
    after = (
        Conversation.objects.count(),
        Statement.objects.count(),
        Vote.objects.count(),
        MapSnapshot.objects.count(),
        ParticipationDay.objects.count(),
    )
    assert after == before
    assert "nothing changed" in report
