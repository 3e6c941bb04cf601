"""Background recompute of opinion maps, debounced: the first vote after a map asks for a recompute a few
seconds later; the votes arriving meanwhile ride along (they find the request already pending)."""

import logging
import time
from datetime import timedelta

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


def map_compute(conversation):
    """Compute the conversation's map from the database and store it as a snapshot."""
    from boucle.opinions.maths import compute_map
    from boucle.opinions.models import MapSnapshot
    from boucle.opinions.selectors import group_projects, vote_triples

    started = time.perf_counter()
    participants, statements, rows, cols, values = vote_triples(conversation)
    result = compute_map(participants, statements, rows, cols, values)
    for group, projects in zip(
        result["groups"], group_projects(conversation=conversation, result=result), strict=True
    ):
        group["projects"] = projects
    return MapSnapshot.objects.create(
        conversation=conversation,
        data=result,
        vote_count=len(values),
        computed_at=timezone.now(),
        seconds=round(time.perf_counter() - started, 4),
    )


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
