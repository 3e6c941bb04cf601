"""Background recompute of opinion maps, debounced: the first vote after a map asks for a recompute a few
seconds later; the votes arriving meanwhile ride along (they find the request already pending)."""

import logging
import time
from datetime import timedelta
from itertools import islice

from django.db.models import Count
from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

DEBOUNCE = timedelta(seconds=10)


def map_request(*, conversation_id: int) -> bool:
    """Ask for a recompute unless one is already pending; True when this call enqueued it."""
    from boucle.opinions.models import Conversation

    now = timezone.now()
    claimed = Conversation.objects.filter(pk=conversation_id, map_requested_at__isnull=True).update(
        map_requested_at=now
    )
    if not claimed:
        return False
    try:
        runner = opinions_recompute_map
        if runner.get_backend().supports_defer:
            runner = runner.using(run_after=now + DEBOUNCE)
        runner.enqueue(conversation_id)
    except Exception:  # a failed enqueue must not fail the vote; release the claim for the next one
        logger.exception("Could not enqueue the map of conversation %s", conversation_id)
        Conversation.objects.filter(pk=conversation_id).update(map_requested_at=None)
        return False
    return True


MAP_MAX_POINTS = 5000  # the most participants a stored map draws (a sample keeping group proportions)
POINTS_BATCH = 5000


def sample_indices(groups, limit: int = MAP_MAX_POINTS, seed: int = 0):
    """Indices of about ``limit`` participants (at most one more per group), drawn at random within each group (the unclustered, -1,
    count as one more group) in proportion to its size, so the drawing keeps the groups' proportions; every
    non-empty group keeps at least one point. Sorted; all of them when there are few enough."""
    import numpy as np

    groups = np.asarray(groups)
    if len(groups) <= limit:
        return np.arange(len(groups))
    rng = np.random.default_rng(seed)
    labels, counts = np.unique(groups, return_counts=True)
    quotas = np.maximum(1, np.floor(counts * limit / len(groups)).astype(int))
    chosen = [
        rng.choice(np.flatnonzero(groups == label), size=min(quota, count), replace=False)
        for label, count, quota in zip(labels, counts, quotas, strict=True)
    ]
    return np.sort(np.concatenate(chosen))


def map_compute(conversation):
    """Compute the conversation's map and store it as a snapshot.

    The votes are read with one plain SELECT and the map is computed outside any transaction: votes cast
    meanwhile are neither blocked nor lost (they ask for the next recompute, see ``opinions_recompute_map``).
    The result (the snapshot, one ``MapPoint`` per participant, the projects each group supports) is
    written in short transactions, and shows once complete."""
    import numpy as np

    from boucle.opinions.maths import compute_map
    from boucle.opinions.models import MapSnapshot
    from boucle.opinions.selectors import group_projects, latest_map, moderated_out_ids, vote_triples

    started = time.perf_counter()
    participants, statements, rows, cols, values = vote_triples(conversation, moderated_out=True)
    previous = latest_map(conversation)  # carries Pol.is' smoothing of the group count and its groups' numbers
    previous_points = None
    if previous is not None:
        from boucle.opinions.models import MapPoint

        pairs = MapPoint.objects.filter(snapshot=previous).values_list("participant_id", "group")
        rows_prev = np.array([(p, -1 if g is None else g) for p, g in pairs.iterator(chunk_size=10_000)])
        if len(rows_prev):
            previous_points = (rows_prev[:, 0], rows_prev[:, 1])
    result = compute_map(
        participants,
        statements,
        rows,
        cols,
        values,
        moderated_out=moderated_out_ids(conversation),
        previous=previous.data if previous else None,
        previous_points=previous_points,
    )
    # votes per statement, for choosing the next statement to show without counting them live
    counts = np.bincount(np.asarray(cols, dtype=np.int64), minlength=len(statements))
    result["statement_votes"] = {"ids": [int(i) for i in statements], "counts": counts.tolist()}
    people = result.pop("participants")
    ids = np.asarray(people["ids"], dtype=np.int64)
    xs = np.asarray(people["x"], dtype=float)
    ys = np.asarray(people["y"], dtype=float)
    groups = np.array([-1 if g is None else g for g in people["group"]], dtype=np.int64)
    keep = sample_indices(groups, MAP_MAX_POINTS, seed=result.get("seed") or 0)
    result["extent"] = round(float(max(np.abs(xs).max(initial=0), np.abs(ys).max(initial=0))), 4)
    result["participants"] = {
        "ids": ids[keep].tolist(),
        "x": xs[keep].tolist(),
        "y": ys[keep].tolist(),
        "group": [None if g < 0 else int(g) for g in groups[keep]],
        "votes": np.asarray(people.get("votes", [0] * len(ids)))[keep].tolist(),
        "sampled": bool(len(keep) < len(ids)),
    }
    # Written in short transactions (one per batch of points) so that votes cast meanwhile never wait long
    # for the database's write lock; the snapshot shows only once complete (``is_ready``).
    snapshot = MapSnapshot.objects.create(
        conversation=conversation,
        data=result,
        vote_count=result["vote_count"],
        computed_at=timezone.now(),
        is_ready=False,
    )
    _points_write(snapshot, ids, groups, xs, ys)
    for group, projects in zip(
        result["groups"], group_projects(conversation=conversation, snapshot=snapshot), strict=True
    ):
        group["projects"] = projects
    snapshot.data = result
    snapshot.is_ready = True
    snapshot.seconds = round(time.perf_counter() - started, 4)
    snapshot.save(update_fields=["data", "is_ready", "seconds"])
    _points_prune(conversation, keep=snapshot)
    return snapshot


def _points_write(snapshot, ids, groups, xs, ys) -> None:
    """One MapPoint row per participant, POINTS_BATCH rows per short transaction. On PostgreSQL each batch is
    one ``COPY`` (the server inserted 100,000 rows given as ``executemany`` parameters in 11 s); elsewhere plain
    parameter rows (``executemany``): model instances cost more than the rows themselves at 100,000 points.
    (Multi-row VALUES statements measured no faster on PostgreSQL: the client-side binding of 25,000
    parameters.)"""
    from django.db import connection, transaction

    from boucle.opinions.models import MapPoint

    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("snapshot_id", "participant_id", "group", "x", "y"))
    table = quote(MapPoint._meta.db_table)
    copy = connection.vendor == "postgresql"
    sql = (
        f"COPY {table} ({columns}) FROM STDIN"
        if copy
        else f"INSERT INTO {table} ({columns}) VALUES (%s, %s, %s, %s, %s)"
    )
    rows = zip(
        ids.tolist(),
        [None if g < 0 else g for g in groups.tolist()],
        xs.tolist(),
        ys.tolist(),
        strict=True,
    )
    while batch := [(snapshot.pk, pid, g, x, y) for pid, g, x, y in islice(rows, POINTS_BATCH)]:
        with transaction.atomic(), connection.cursor() as cursor:
            if copy:
                with cursor.copy(sql) as stream:  # psycopg 3
                    for row in batch:
                        stream.write_row(row)
            else:
                cursor.executemany(sql, batch)


def _points_prune(conversation, *, keep) -> None:
    """Delete the points of the conversation's other snapshots, a batch at a time (short transactions)."""
    from boucle.opinions.models import MapPoint, MapSnapshot

    older = MapSnapshot.objects.filter(conversation=conversation).exclude(pk=keep.pk)
    stale = MapSnapshot.objects.filter(
        conversation=conversation, is_ready=False, computed_at__lt=keep.computed_at
    )
    from django.db import connection
    from django.db.models import Max, Min

    quote = connection.ops.quote_name
    delete = f"DELETE FROM {quote(MapPoint._meta.db_table)} WHERE snapshot_id = %s AND id >= %s AND id < %s"
    for snapshot_id in older.filter(points__isnull=False).values_list("pk", flat=True).distinct():
        # a snapshot's points were inserted together: their ids are one range, deleted a slice at a time
        bounds = MapPoint.objects.filter(snapshot_id=snapshot_id).aggregate(low=Min("pk"), high=Max("pk"))
        for low in range(bounds["low"], bounds["high"] + 1, POINTS_BATCH):
            # plain DELETE: points have no dependents and no signal to send
            with connection.cursor() as cursor:
                cursor.execute(delete, [snapshot_id, low, low + POINTS_BATCH])
    stale.delete()  # a computation that died half-way


@task()
def opinions_recompute_map(conversation_id: int):
    """Recompute one conversation's map. The request flag is cleared first, so a vote that arrives during
    the computation asks for the next one."""
    from boucle.opinions.models import Conversation

    Conversation.objects.filter(pk=conversation_id).update(map_requested_at=None)
    conversation = Conversation.objects.filter(pk=conversation_id).annotate(n=Count("statements")).first()
    if conversation is None:
        return None
    return map_compute(conversation).pk
