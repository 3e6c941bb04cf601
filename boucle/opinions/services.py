"""Writes of the opinions app: conversations, statements, votes, moderation."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.opinions import text as statement_text
from boucle.opinions.models import (
    Conversation,
    Participant,
    Statement,
    StatementState,
    Vote,
    WhoMayWrite,
)

STATEMENT_MIN_LENGTH = 3
STATEMENT_MAX_LENGTH = 280
QUESTION_MAX_LENGTH = 300
MAX_SEEDS_AT_ONCE = 200


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Please log in first."))


def _target_organization(conversation_or_target):
    target = getattr(conversation_or_target, "target", conversation_or_target)
    if target is None:
        return None
    if hasattr(target, "organization"):  # a technology
        return target.organization
    return target.technology.organization  # a challenge or a project


def can_open_conversation(*, user, target) -> bool:
    """Owners and moderators of the target's organization; for a project, also its team."""
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role
    from boucle.projects.models import Project, ProjectMember

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if isinstance(target, Project) and ProjectMember.objects.filter(project=target, user=user).exists():
        return True
    return org_has_role(
        user=user, organization=_target_organization(target), roles=[Role.OWNER, Role.MODERATOR]
    )


def can_moderate(*, user, conversation) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if user.is_staff or conversation.created_by_id == user.pk:
        return True
    if conversation.moderators.filter(pk=user.pk).exists():
        return True
    return conversation.target is not None and can_open_conversation(user=user, target=conversation.target)


def _target_kwargs(target) -> dict:
    from boucle.catalog.models import Technology
    from boucle.challenges.models import Challenge
    from boucle.projects.models import Project

    for model, name in ((Challenge, "challenge"), (Technology, "technology"), (Project, "project")):
        if isinstance(target, model):
            return {name: target}
    raise InvalidInput(_("A conversation is opened on a challenge, a technology or a project."))


def _clean_question(question: str) -> str:
    question = statement_text.strip_markup(question or "")
    if not question:
        raise InvalidInput(_("Please ask a question."), field="question")
    if len(question) > QUESTION_MAX_LENGTH:
        raise InvalidInput(
            _("The question is too long (%(max)d characters at most).") % {"max": QUESTION_MAX_LENGTH},
            field="question",
        )
    return question


@transaction.atomic
def conversation_create(
    *,
    actor,
    target,
    question: str,
    description: str = "",
    who_may_write: str = WhoMayWrite.MEMBERS,
    moderated_first: bool = False,
    opens_at=None,
    closes_at=None,
    seeds: list[str] | None = None,
    moderators: list[str] | None = None,
) -> Conversation:
    """An organization's owner or moderator (or a project's team) asks the community a question.
    ``moderators``: usernames of members who moderate it too (besides those who may open one)."""
    _require_member(actor)
    kwargs = _target_kwargs(target)
    if not can_open_conversation(user=actor, target=target):
        raise NotAllowed(
            _(
                "Only the organization's owners and moderators, or the project's team, can open a conversation."
            )
        )
    if who_may_write not in WhoMayWrite.values:
        raise InvalidInput(_("Unknown choice."), field="who_may_write")
    opens_at, closes_at = (
        timezone.make_aware(d) if d is not None and timezone.is_naive(d) else d for d in (opens_at, closes_at)
    )
    if opens_at and closes_at and closes_at <= opens_at:
        raise InvalidInput(_("The conversation must close after it opens."), field="closes_at")
    conversation = Conversation.objects.create(
        **kwargs,
        question=_clean_question(question),
        description=(description or "").strip()[:10000],
        who_may_write=who_may_write,
        moderated_first=bool(moderated_first),
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor,
    )
    extra = _members_named(moderators or [])
    if extra:
        conversation.moderators.add(*extra)
    if seeds:
        statements_seed(actor=actor, conversation=conversation, texts=seeds)
    return conversation


MAX_MODERATORS = 20


def _members_named(usernames: list[str]) -> list:
    from django.contrib.auth import get_user_model

    names = list(dict.fromkeys(n.strip().lstrip("@") for n in usernames if n and n.strip()))
    if len(names) > MAX_MODERATORS:
        raise InvalidInput(_("At most %(max)d moderators.") % {"max": MAX_MODERATORS}, field="moderators")
    if not names:
        return []
    matching = Q()
    for name in names:
        matching |= Q(username__iexact=name)
    users = {u.username.casefold(): u for u in get_user_model().objects.filter(matching, is_active=True)}
    unknown = [n for n in names if n.casefold() not in users]
    if unknown:
        raise InvalidInput(
            _("No member is called %(names)s.") % {"names": ", ".join(unknown)}, field="moderators"
        )
    return list(users.values())


def participant_for(*, conversation, user) -> Participant:
    """The member's participant in the conversation, created once even when two requests race."""
    participant = Participant.objects.filter(conversation=conversation, user=user).first()
    if participant is not None:
        return participant
    try:
        with transaction.atomic():
            return Participant.objects.create(conversation=conversation, user=user)
    except IntegrityError:  # another request created it first
        return Participant.objects.get(conversation=conversation, user=user)


def clean_statement_text(text: str) -> tuple[str, str]:
    """(text, normalized) or InvalidInput: empty, pure markup, too short or too long."""
    text = (text or "").strip()
    if not text or not statement_text.has_words(text):
        raise InvalidInput(_("Please write a statement."), field="text")
    plain = statement_text.strip_markup(text)
    if len(plain) > STATEMENT_MAX_LENGTH:
        raise InvalidInput(
            _("A statement has %(max)d characters at most.") % {"max": STATEMENT_MAX_LENGTH}, field="text"
        )
    if len(plain) < STATEMENT_MIN_LENGTH:
        raise InvalidInput(_("This statement is too short."), field="text")
    return plain, statement_text.normalize(plain)


SIMILAR_CANDIDATES = 500


def similar_statements(*, conversation, text: str, limit: int = 3) -> list[tuple[Statement, float]]:
    """Statements of the conversation (not rejected) whose text is close to ``text``, closest first.

    Two texts whose lengths differ too much cannot reach the threshold on characters (a ratio 2M/(a+b)
    needs the shorter at least ``t/(2-t)`` of the longer), so the candidates are the statements of a length
    in that window, read through the (conversation, length) index, the closest in length first and
    ``SIMILAR_CANDIDATES`` at most: the check costs the same with 50 statements or 50,000."""
    from django.db.models import F, Func

    normalized = statement_text.normalize(text)
    if not normalized:
        return []
    threshold = statement_text.SIMILARITY_THRESHOLD
    length = len(normalized)
    ratio = threshold / (2 - threshold)
    candidates = (
        Statement.objects.filter(
            conversation=conversation,
            length__gte=int(length * ratio),
            length__lte=int(length / ratio) + 1,
        )
        .exclude(state=StatementState.REJECTED)
        .annotate(distance=Func(F("length") - length, function="ABS"))
        .order_by("distance", "pk")[:SIMILAR_CANDIDATES]
    )
    exact = Statement.objects.filter(conversation=conversation, length=length, normalized=normalized).exclude(
        state=StatementState.REJECTED
    )[:limit]
    found, looked = [], set()
    for statement in [*exact, *candidates]:
        if statement.pk in looked:
            continue
        looked.add(statement.pk)
        score = statement_text.similarity(normalized, statement.normalized)
        if score >= threshold:
            found.append((statement, score))
    found.sort(key=lambda pair: (-pair[1], pair[0].pk))
    return found[:limit]


@transaction.atomic
def statement_add(*, actor, conversation, text: str, confirm_similar: bool = False) -> Statement:
    """A participant writes a statement. A near-duplicate of an existing statement is refused with the
    existing one pointed out, unless the author confirms (``confirm_similar``); an exact duplicate always."""
    _require_member(actor)
    now = timezone.now()
    if not conversation.is_open(now):
        raise Conflict(_("This conversation is closed."))
    moderator = can_moderate(user=actor, conversation=conversation)
    if conversation.who_may_write == WhoMayWrite.MODERATORS and not moderator:
        raise NotAllowed(_("Only the moderators write statements in this conversation."))
    plain, normalized = clean_statement_text(text)
    similar = similar_statements(conversation=conversation, text=plain)
    if similar:
        existing, score = similar[0]
        if score >= 0.999 or not confirm_similar:
            raise Conflict(
                _('A similar statement already exists: "%(text)s". Vote on it instead?')
                % {"text": existing.text},
                errors={
                    "text": [_("A similar statement already exists.")],
                    "similar": [str(s.pk) for s, _x in similar],
                },
            )
    state = (
        StatementState.PENDING if conversation.moderated_first and not moderator else StatementState.ACCEPTED
    )
    return Statement.objects.create(
        conversation=conversation,
        author=participant_for(conversation=conversation, user=actor),
        text=plain,
        normalized=normalized,
        state=state,
        moderated_at=now if state == StatementState.ACCEPTED and conversation.moderated_first else None,
    )


@transaction.atomic
def statements_seed(*, actor, conversation, texts: list[str]) -> list[Statement]:
    """A moderator adds many seed statements at once (one per line); duplicates among them are skipped.
    All or nothing: one bad line refuses the whole batch with its number."""
    if not can_moderate(user=actor, conversation=conversation):
        raise NotAllowed(_("Only the conversation's moderators can add seed statements."))
    numbered = [(number, t) for number, t in enumerate(texts or [], start=1) if t and t.strip()]
    if len(numbered) > MAX_SEEDS_AT_ONCE:
        raise InvalidInput(
            _("At most %(max)d statements at once.") % {"max": MAX_SEEDS_AT_ONCE}, field="text"
        )
    cleaned = []
    for number, raw in numbered:
        try:
            cleaned.append(clean_statement_text(raw))
        except InvalidInput as error:
            raise InvalidInput(
                _("Line %(number)d: %(message)s") % {"number": number, "message": error.message}, field="text"
            ) from error
    seen = set(
        Statement.objects.filter(
            conversation=conversation, normalized__in=[normalized for _plain, normalized in cleaned]
        ).values_list("normalized", flat=True)
    )
    author = participant_for(conversation=conversation, user=actor)
    created = []
    for plain, normalized in cleaned:
        if normalized in seen:
            continue
        seen.add(normalized)
        created.append(
            Statement(
                conversation=conversation,
                author=author,
                text=plain,
                normalized=normalized,
                length=len(normalized),
                is_seed=True,
                state=StatementState.ACCEPTED,
            )
        )
    return Statement.objects.bulk_create(created)


def _statement_of(conversation, statement_id) -> Statement:
    try:
        return Statement.objects.get(conversation=conversation, pk=int(statement_id))
    except (Statement.DoesNotExist, TypeError, ValueError):
        raise NotFound(_("This statement does not exist.")) from None


def vote_cast(*, actor, conversation, statement, value: int) -> Vote:
    """A member votes agree (1), pass (0) or disagree (-1) on an accepted statement of an open
    conversation; voting again changes the vote. Exactly one vote per participant and statement survives
    concurrent requests: the unique constraint decides, and the loser updates the winner's row."""
    _require_member(actor)
    if value not in (-1, 0, 1):
        raise InvalidInput(_("A vote is agree, disagree or pass."), field="value")
    now = timezone.now()
    if not conversation.is_open(now):
        raise Conflict(_("This conversation is closed."))
    if not isinstance(statement, Statement):
        statement = _statement_of(conversation, statement)
    if statement.conversation_id != conversation.pk:
        raise NotFound(_("This statement does not exist."))
    if statement.state != StatementState.ACCEPTED:
        raise Conflict(_("This statement is not open to votes."))
    participant = participant_for(conversation=conversation, user=actor)
    for _attempt in range(3):
        try:
            with transaction.atomic():
                vote, _created = Vote.objects.update_or_create(
                    participant=participant,
                    statement=statement,
                    defaults={"value": value, "updated_at": now},
                    create_defaults={"value": value, "created_at": now, "updated_at": now},
                )
                _participation_count(conversation, participant, now)
            break
        except IntegrityError:  # a concurrent first vote won the insert: update it on the next attempt
            continue
    else:  # pragma: no cover - three lost races in a row
        raise Conflict(_("Please try again."))
    transaction.on_commit(lambda: _map_request(conversation.pk))
    return vote


def _participation_count(conversation, participant, now) -> None:
    """One more vote today, and one more participant if it is their first vote of the day."""
    from django.db.models import F

    from boucle.opinions.models import ParticipationDay

    today = timezone.localdate(now)
    first_today = (
        Participant.objects.filter(pk=participant.pk).exclude(last_voted_on=today).update(last_voted_on=today)
    )
    day, _created = ParticipationDay.objects.get_or_create(conversation=conversation, day=today)
    ParticipationDay.objects.filter(pk=day.pk).update(
        votes=F("votes") + 1, participants=F("participants") + first_today
    )


def _map_request(conversation_id: int) -> None:
    from boucle.opinions.tasks import map_request

    map_request(conversation_id=conversation_id)


# ------------------------------------------------------------------------------------------------ moderation


def _moderate(actor, statement, state) -> Statement:
    if not can_moderate(user=actor, conversation=statement.conversation):
        raise NotAllowed(_("Only the conversation's moderators can moderate its statements."))
    statement.state = state
    statement.moderated_at = timezone.now()
    statement.save(update_fields=["state", "moderated_at"])
    transaction.on_commit(lambda: _map_request(statement.conversation_id))
    return statement


@transaction.atomic
def statement_approve(*, actor, statement) -> Statement:
    return _moderate(actor, statement, StatementState.ACCEPTED)


@transaction.atomic
def statement_reject(*, actor, statement) -> Statement:
    """A rejected statement never shows again, and its votes are left out of the map."""
    return _moderate(actor, statement, StatementState.REJECTED)


@transaction.atomic
def statement_merge(*, actor, statement, into) -> Statement:
    """``statement`` says the same as ``into``: it is rejected and points to ``into``; its votes move to
    ``into`` for participants who had not voted on ``into`` yet."""
    if into.pk == statement.pk or into.conversation_id != statement.conversation_id:
        raise InvalidInput(_("Merge into another statement of the same conversation."), field="into")
    if into.state == StatementState.REJECTED:
        raise Conflict(_("This statement was rejected; merge into an accepted one."))
    _moderate(actor, statement, StatementState.REJECTED)
    statement.merged_into = into
    statement.save(update_fields=["merged_into"])
    voted = Vote.objects.filter(statement=into).values_list("participant_id", flat=True)
    Vote.objects.filter(statement=statement).exclude(participant_id__in=voted).update(statement=into)
    return statement
