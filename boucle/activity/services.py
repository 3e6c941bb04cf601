"""Writes of the activity app: events (what happened) and follows.

Events are written by the service that made the change, inside its transaction (``event_record``), and read by
feeds, activity streams, Atom feeds and notifications. Other apps react to events without the writer knowing
them: ``event_subscribe(handler)`` registers a function called with the event's id after the transaction that
wrote it commits (notifications enqueue a background task there).

Each event carries in ``data`` what a feed line needs (titles, slugs, names), so a feed page renders without a
query per event: ``event_record`` adds the actor's, project's, organization's and challenge's names itself.
"""

from collections.abc import Callable

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.utils.translation import gettext as _

from boucle.activity.models import Event, Follow, Verb
from boucle.core.errors import InvalidInput, NotAllowed

_subscribers: list[Callable[[int], None]] = []

EXCERPT_LENGTH = 200


def event_subscribe(handler: Callable[[int], None]) -> None:
    """Call ``handler(event_id)`` after each event's transaction commits. Idempotent per handler."""
    if handler not in _subscribers:
        _subscribers.append(handler)


def excerpt(text: str, length: int = EXCERPT_LENGTH) -> str:
    """The first ``length`` characters of a text, whitespace folded (stored as plain text, escaped on output).

    >>> excerpt("Nice   idea,\\n@bob!")
    'Nice idea, @bob!'
    """
    return " ".join((text or "").split())[:length]


def _scope_data(*, actor, project, organization, challenge) -> dict:
    data = {}
    if actor is not None:
        data["actor"] = {"username": actor.username, "name": actor.name}
    if project is not None:
        data["project"] = {"title": project.title, "slug": project.slug, "status": project.status}
    if organization is not None:
        data["organization"] = {"name": organization.name, "slug": organization.slug}
    if challenge is not None:
        data["challenge"] = {"title": challenge.title, "slug": challenge.slug}
    return data


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

    The project's organization and challenge are filled in from the project when not given; ``data`` gets the
    names and slugs of the actor and of each scope (keys ``actor``, ``project``, ``organization``,
    ``challenge``) unless the caller gave them.

    >>> event_record(verb=Verb.PROJECT_PUBLISHED, actor=alice, subject=project, project=project)
    <Event: 3 project_published 12:40>
    """
    if project is not None:
        organization = organization or project.technology.organization
        challenge = challenge or project.challenge
    if actor is not None and not actor.is_authenticated:
        actor = None
    payload = _scope_data(actor=actor, project=project, organization=organization, challenge=challenge)
    payload.update(data or {})
    event = Event.objects.create(
        verb=verb,
        actor=actor,
        subject_type=ContentType.objects.get_for_model(subject) if subject is not None else None,
        subject_id=subject.pk if subject is not None else None,
        project=project,
        organization=organization,
        challenge=challenge,
        data=payload,
    )
    for handler in list(_subscribers):
        transaction.on_commit(lambda h=handler, pk=event.pk: h(pk))
    return event


# ---------------------------------------------------------------------------------------------- follows


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Log in to follow."))
    if not actor.is_active:
        raise NotAllowed(_("This account is disabled."))


@transaction.atomic
def follow(*, actor, target) -> tuple[Follow, bool]:
    """``actor`` follows a member, a project, an organization, a challenge or a tag. Following twice is
    harmless: returns ``(follow, created)``. Following a member records MEMBER_FOLLOWED.

    Resolve the target with ``selectors.follow_target_get`` first: it refuses drafts, hidden projects and
    unknown names with ``NotFound``.

    >>> follow(actor=alice, target=bob)
    (<Follow: 1 follows 4:2>, True)
    """
    from boucle.activity.selectors import FOLLOWABLE, follow_kind

    _require_member(actor)
    kind = follow_kind(target)
    if kind not in FOLLOWABLE:
        raise InvalidInput(_("This cannot be followed."), field="target_type")
    if kind == "member" and target.pk == actor.pk:
        raise InvalidInput(_("You cannot follow yourself."), field="target")
    target_type = ContentType.objects.get_for_model(target)
    existing = Follow.objects.filter(follower=actor, target_type=target_type, target_id=target.pk).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():  # a concurrent request of the same member may have written it meanwhile
            row = Follow.objects.create(follower=actor, target_type=target_type, target_id=target.pk)
    except IntegrityError:
        return Follow.objects.get(follower=actor, target_type=target_type, target_id=target.pk), False
    if kind == "member":
        event_record(
            verb=Verb.MEMBER_FOLLOWED,
            actor=actor,
            subject=row,
            data={"member": {"username": target.username, "name": target.name, "id": target.pk}},
        )
    return row, True


@transaction.atomic
def unfollow(*, actor, target) -> bool:
    """Stop following ``target``. Returns False when ``actor`` did not follow it (harmless)."""
    _require_member(actor)
    target_type = ContentType.objects.get_for_model(target)
    deleted, _rows = Follow.objects.filter(follower=actor, target_type=target_type, target_id=target.pk).delete()
    return bool(deleted)
