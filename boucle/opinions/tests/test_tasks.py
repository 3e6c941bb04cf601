from django.test import override_settings
from django.utils import timezone
from django_tasks import task_backends
from hypothesis import given, settings
from hypothesis import strategies as st

from boucle.opinions.models import Conversation, MapPoint, MapSnapshot, Vote
from boucle.opinions.services import vote_cast
from boucle.opinions.tasks import map_compute, opinions_recompute_map, sample_indices

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


@override_settings(TASKS=DUMMY)
def test_a_vote_cast_while_the_map_computes_is_kept_and_asks_for_the_next_map(
    conversation, members, django_capture_on_commit_callbacks, monkeypatch
):
    # given votes, and a worker starting the recompute
    from django.db import connection

    from boucle.opinions import maths

    statements = list(conversation.statements.order_by("pk"))
    for member in members[:3]:
        vote_cast(actor=member, conversation=conversation, statement=statements[0], value=1)
    Conversation.objects.filter(pk=conversation.pk).update(map_requested_at=timezone.now())
    backend = task_backends["default"]
    compute = maths.compute_map
    seen = {}

    def compute_while_someone_votes(*args, **kwargs):
        seen["transactions"] = len(connection.atomic_blocks)  # the test's own are counted before
        with django_capture_on_commit_callbacks(execute=True):
            seen["vote"] = vote_cast(
                actor=members[4], conversation=conversation, statement=statements[1], value=-1
            )
        return compute(*args, **kwargs)

    monkeypatch.setattr(maths, "compute_map", compute_while_someone_votes)
    around = len(connection.atomic_blocks)
    # when
    opinions_recompute_map.call(conversation.pk)
    # then the computation held no transaction, the vote is stored, and it asked for the next map
    assert seen["transactions"] == around
    assert Vote.objects.filter(pk=seen["vote"].pk, value=-1).exists()
    assert MapSnapshot.objects.get(conversation=conversation).vote_count == 3  # the votes read before it
    assert Conversation.objects.get(pk=conversation.pk).map_requested_at is not None
    assert [r.args for r in backend.results if r.task.name == opinions_recompute_map.name] == [
        [conversation.pk]
    ]


def test_only_the_latest_map_keeps_every_participants_point(conversation, members):
    # given
    statement = conversation.statements.first()
    for member in members:
        vote_cast(actor=member, conversation=conversation, statement=statement, value=1)
    first = map_compute(conversation)
    # when
    second = map_compute(conversation)
    # then
    assert not MapPoint.objects.filter(snapshot=first).exists()
    points = MapPoint.objects.filter(snapshot=second)
    assert sorted(points.values_list("participant_id", flat=True)) == sorted(
        conversation.participants.filter(user__in=members).values_list("pk", flat=True)
    )
    assert first.data["groups"] == MapSnapshot.objects.get(pk=first.pk).data["groups"]  # its summary stays


@given(
    sizes=st.lists(st.integers(min_value=1, max_value=3000), min_size=1, max_size=6),
    limit=st.integers(min_value=10, max_value=2000),
)
@settings(max_examples=60, deadline=None)
def test_the_drawn_sample_keeps_the_groups_proportions(sizes, limit):
    # given groups of the given sizes (-1: the unclustered), shuffled
    import numpy as np

    groups = np.concatenate([np.full(n, g - 1) for g, n in enumerate(sizes)])
    np.random.default_rng(1).shuffle(groups)
    # when
    keep = sample_indices(groups, limit)
    # then
    total = len(groups)
    assert len(set(keep.tolist())) == len(keep)
    if total <= limit:
        assert len(keep) == total
        return
    assert len(keep) <= limit + len(sizes)
    drawn = groups[keep]
    for g, n in enumerate(sizes):
        count = int((drawn == g - 1).sum())
        assert count >= 1
        assert abs(count - n * limit / total) <= 1 + 1e-9


def test_a_big_map_draws_a_sample_and_always_the_viewer(conversation, members, client_for, monkeypatch):
    # given a map drawing at most 2 points, of 6 participants
    from boucle.opinions import tasks

    monkeypatch.setattr(tasks, "MAP_MAX_POINTS", 2)
    statements = list(conversation.statements.order_by("pk"))
    for i, member in enumerate(members):
        for statement in statements:
            vote_cast(actor=member, conversation=conversation, statement=statement, value=1 if i < 3 else -1)
    snapshot = map_compute(conversation)
    drawn = set(snapshot.data["participants"]["ids"])
    viewer = next(m for m in members if conversation.participants.get(user=m).pk not in drawn)
    # when
    html = client_for(viewer).get(f"/opinions/{conversation.pk}/").content.decode()
    # then
    assert snapshot.data["participants"]["sampled"] is True and len(drawn) <= 2 + 2
    assert MapPoint.objects.filter(snapshot=snapshot).count() == len(members)
    assert "<title>You</title>" in html and "You are in group" in html
    assert "A sample of the 6 participants is drawn" in html


def test_a_map_being_written_is_not_shown_until_complete(conversation, members, monkeypatch):
    # given a first map
    from boucle.opinions import selectors

    statement = conversation.statements.first()
    for member in members:
        vote_cast(actor=member, conversation=conversation, statement=statement, value=1)
    first = map_compute(conversation)
    shown = {}
    projects = selectors.group_projects

    def look_while_writing(**kwargs):
        shown["latest"] = selectors.latest_map(conversation)
        shown["points"] = MapPoint.objects.filter(snapshot=kwargs["snapshot"]).count()
        return projects(**kwargs)

    monkeypatch.setattr(selectors, "group_projects", look_while_writing)
    # when
    second = map_compute(conversation)
    # then while its points were written, pages still showed the first map; then the second
    assert shown["latest"] == first and shown["points"] == len(members)
    assert selectors.latest_map(conversation) == second and second.is_ready


def test_a_recompute_hands_the_last_maps_groups_to_the_maths_so_groups_keep_their_numbers(
    conversation, members, monkeypatch
):
    # given a first map
    for i, member in enumerate(members):
        for statement in conversation.statements.all():
            vote_cast(actor=member, conversation=conversation, statement=statement, value=1 if i % 2 else -1)
    first = map_compute(conversation)
    points = dict(MapPoint.objects.filter(snapshot=first).values_list("participant_id", "group"))
    # when the map is computed again
    from boucle.opinions import maths

    seen = {}
    real = maths.compute_map

    def spy(*args, **kwargs):
        seen.update(kwargs)
        return real(*args, **kwargs)

    monkeypatch.setattr(maths, "compute_map", spy)
    map_compute(conversation)
    # then the maths get every participant's group in the last map (-1: not grouped)
    ids, groups = seen["previous_points"]
    assert dict(zip(ids.tolist(), groups.tolist(), strict=True)) == {
        p: (-1 if g is None else g) for p, g in points.items()
    }
