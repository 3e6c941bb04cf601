from datetime import timedelta

from django.db.models import Max, Q
from django.utils import timezone
from django_tasks import task

from boucle.core.periodic import periodic


@periodic(every=timedelta(minutes=5))
@task()
def challenges_record_phase_changes():
    """Record every challenge whose running phase changed since the last run (notifications read the rows)."""
    from boucle.challenges.models import Challenge
    from boucle.challenges.services import challenge_phase_record

    now = timezone.now()
    # Only challenges with phases that are not long over, or that still show a phase as running.
    candidates = (
        Challenge.objects.annotate(last_end=Max("phases__ends_at"))
        .filter(Q(last_end__gt=now - timedelta(days=1)) | ~Q(last_phase_seen=""))
        .prefetch_related("phases")
    )
    changed = 0
    for challenge in candidates:
        if challenge_phase_record(challenge=challenge, now=now) is not None:
            changed += 1
    return changed
