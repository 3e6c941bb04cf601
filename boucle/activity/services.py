"""Events: what happened, written by the service that made the change, read by feeds and notifications.

Other apps react to events without the writer knowing them: ``event_subscribe(handler)`` registers a
function called with the event's id after the transaction that wrote it commits (notifications enqueue a
background task there).
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from boucle.activity.models import Event, Verb

_subscribers: list[Callable[[int], None]] = []


def event_subscribe(handler: Callable[[int], None]) -> None:
    """Call ``handler(event_id)`` after each event's transaction commits. Idempotent per handler."""
    if handler not in _subscribers:
        _subscribers.append(handler)


def event_record(
    *,
    verb: Verb | str,
    actor=None,
    subject: models.Model | None = None,
    project=None,
    organization=None,
    challenge=None,
    data: dict | None = None,
) -> Event:
    """Write one event. Call it from inside the service's transaction, right after the change.

    The project's organization and challenge are filled in from the project when not given.

    >>> event_record(verb=Verb.PROJECT_PUBLISHED, actor=alice, subject=project, project=project)
    <Event: 3 project_published 12:40>
    """
    if project is not None:
        organization = organization or project.technology.organization
        challenge = challenge or project.challenge
    event = Event.objects.create(
        verb=verb,
        actor=actor if actor is not None and actor.is_authenticated else None,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        project=project,
        organization=organization,
        challenge=challenge,
        data=data or {},
    )
    for handler in list(_subscribers):
        transaction.on_commit(lambda h=handler, pk=event.pk: h(pk))
    return event
