"""The link between activity events and notifications (subscribed in NotificationsConfig.ready)."""

import logging

logger = logging.getLogger(__name__)


def event_enqueue_fan_out(event_id: int) -> None:
    """Called after an event's transaction commits: the fan-out runs in the background worker.

    It runs inside another app's request: a failure to enqueue is logged, never shown to that request."""
    from boucle.notifications.tasks import event_fan_out

    try:
        event_fan_out.enqueue(event_id)
    except Exception:
        logger.exception("Could not enqueue the notifications of event %s", event_id)
