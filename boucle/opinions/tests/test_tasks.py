from django.test import override_settings
from django_tasks import task_backends

from boucle.opinions.models import Conversation, MapSnapshot
from boucle.opinions.services import vote_cast
from boucle.opinions.tasks import opinions_recompute_map

DUMMY = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def test_a_vote_recomputes_the_map_in_the_background(
    conversation, members, django_capture_on_commit_callbacks
):
    # given (the test settings run tasks immediately, on commit of the vote)
    statement = conversation.statements.first()
    # when
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(actor=members[0], conversation=conversation, statement=statement, value=1)
    # then
    snapshot = MapSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == 1
    assert snapshot.data["participants"]["ids"] == [conversation.participants.get(user=members[0]).pk]
    conversation.refresh_from_db()
    assert conversation.map_requested_at is None


@override_settings(TASKS=DUMMY)
def test_votes_arriving_together_ask_for_one_recompute_later(
    conversation, members, django_capture_on_commit_callbacks
):
    # given
    backend = task_backends["default"]
    statements = list(conversation.statements.all())
    # when
    with django_capture_on_commit_callbacks(execute=True):
        for member in members[:3]:
            for statement in statements:
                vote_cast(actor=member, conversation=conversation, statement=statement, value=1)
    # then
    enqueued = [r for r in backend.results if r.task.name == opinions_recompute_map.name]
    assert len(enqueued) == 1
    assert enqueued[0].task.run_after is not None  # debounced: it runs a few seconds later
    assert not MapSnapshot.objects.exists()
    conversation.refresh_from_db()
    assert conversation.map_requested_at is not None

    # when the worker runs it
    opinions_recompute_map.call(conversation.pk)
    # then
    snapshot = MapSnapshot.objects.get(conversation=conversation)
    assert snapshot.vote_count == 9
    assert Conversation.objects.get(pk=conversation.pk).map_requested_at is None
    # and the next vote asks again
    with django_capture_on_commit_callbacks(execute=True):
        vote_cast(actor=members[4], conversation=conversation, statement=statements[0], value=-1)
    assert len([r for r in backend.results if r.task.name == opinions_recompute_map.name]) == 2


def test_a_deleted_conversation_is_skipped(db):
    assert opinions_recompute_map.call(123456) is None
