"""A project's lifecycle: the one table of allowed transitions, who may make each, and the function that
makes them.

    draft → published → supported → in review → accepted → in production → available
                      ↘ expired ─┐              ↘ declined ─┐
                                 └──────────────────────────┴→ in review (second-chance winner)
    any status except archived → archived

Who may make a transition (the ``who`` column):

- ``team``: a member of the project's team (owner or co-author);
- ``reviewer`` / ``producer``: a member holding that role in the organization of the project's technology;
- ``platform``: the platform itself (``actor=None``): support ladder, deadlines, review windows, second chance.

Site staff may make every transition a person may make (every row with a human in ``who``), never the
platform's own ones: a project reaches "supported" only by its supporters.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.projects.enums import ProjectStatus as S

TEAM = "team"
PLATFORM = "platform"
REVIEWER = "reviewer"
PRODUCER = "producer"

HUMAN_ROLES = {TEAM, REVIEWER, PRODUCER}

TRANSITIONS: dict[tuple[str, str], frozenset[str]] = {
    (S.DRAFT, S.PUBLISHED): frozenset({TEAM}),
    (S.PUBLISHED, S.SUPPORTED): frozenset({PLATFORM}),  # the last tier of the ladder is reached
    (S.SUPPORTED, S.IN_REVIEW): frozenset({PLATFORM, REVIEWER}),  # its review window opens
    (S.IN_REVIEW, S.ACCEPTED): frozenset({REVIEWER}),
    (S.IN_REVIEW, S.DECLINED): frozenset({REVIEWER}),
    (S.PUBLISHED, S.EXPIRED): frozenset({PLATFORM}),  # support time ran out
    (S.EXPIRED, S.IN_REVIEW): frozenset({PLATFORM}),  # second-chance winner
    (S.DECLINED, S.IN_REVIEW): frozenset({PLATFORM}),  # second-chance winner
    (S.ACCEPTED, S.IN_PRODUCTION): frozenset({PRODUCER}),
    (S.IN_PRODUCTION, S.AVAILABLE): frozenset({PRODUCER}),
    **{(status, S.ARCHIVED): frozenset({TEAM}) for status in S.values if status != S.ARCHIVED},
}

# Transitions that must say why: a decline is public feedback, an archive tells followers what happened.
REASON_REQUIRED = {S.DECLINED, S.ARCHIVED}


@dataclass(frozen=True)
class Allowed:
    from_status: str
    to_status: str
    who: frozenset[str]


def allowed_transitions() -> list[Allowed]:
    return [Allowed(f, t, who) for (f, t), who in TRANSITIONS.items()]


def actor_roles(*, project, actor) -> set[str]:
    """The lifecycle roles ``actor`` holds on ``project`` (``{"platform"}`` when actor is None)."""
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    if actor is None:
        return {PLATFORM}
    if not getattr(actor, "is_authenticated", False):
        return set()
    if actor.is_staff:
        return set(HUMAN_ROLES)
    roles = set()
    if project.team.filter(user=actor).exists():
        roles.add(TEAM)
    organization = project.technology.organization
    if org_has_role(user=actor, organization=organization, roles=[Role.REVIEWER, Role.OWNER]):
        # An organization's owners review too: they hold every power of their organization.
        roles.add(REVIEWER)
    if org_has_role(user=actor, organization=organization, roles=[Role.PRODUCER, Role.OWNER]):
        roles.add(PRODUCER)
    return roles


def can_transition(*, project, to_status: str, actor=None) -> bool:
    """True when ``actor`` may move ``project`` (in its current status) to ``to_status`` now."""
    who = TRANSITIONS.get((project.status, to_status))
    return bool(who) and bool(who & actor_roles(project=project, actor=actor))


def _on_published(project, now):
    from boucle.projects.ladder import ladder_for

    ladder = ladder_for(technology=project.technology, challenge=project.challenge)
    project.published_at = project.published_at or now
    project.support_ladder = ladder
    project.support_tier = 0
    project.support_deadline = now + timedelta(days=ladder[0]["days"])


def _on_supported(project, now):
    project.supported_at = now
    project.support_deadline = None


def _on_left_support(project, now):
    project.support_deadline = None


# What a transition changes on the project besides its status, by target status.
EFFECTS = {
    S.PUBLISHED: _on_published,
    S.SUPPORTED: _on_supported,
    S.EXPIRED: _on_left_support,
    S.ARCHIVED: _on_left_support,
}


@transaction.atomic
def project_transition(*, project, to_status: str, actor=None, reason: str = "", event: bool = True):
    """Move a project to ``to_status`` if the table allows it and ``actor`` holds a role that may; record it.

    ``event=False`` leaves the feed event to the caller, which writes a richer one for the same change (a review
    decision), so that followers read one line for one decision.

    ``actor=None`` is the platform itself. Raises ``Conflict`` when the project's current status does not
    lead to ``to_status``, ``NotAllowed`` when the actor lacks the role, ``InvalidInput`` when a required
    reason is missing. Locks the project row, so two concurrent transitions cannot both start from the same
    status. Returns the ``Transition`` row; ``project`` is refreshed in place.

    >>> project_transition(project=p, to_status=ProjectStatus.DECLINED, actor=reviewer, reason="Too close to set 42")
    <Transition: Castle: in_review → declined>
    """
    from boucle.projects.models import Project, Transition

    # select_for_update needs the surrounding transaction: it serializes transitions of this project.
    locked = (
        Project.objects.select_for_update(of=("self",))
        .select_related("technology__organization", "challenge")
        .get(pk=project.pk)
    )
    to_status = S(to_status) if to_status in S.values else to_status
    if to_status not in S.values:
        raise InvalidInput(
            _("Unknown project status “%(status)s”.") % {"status": to_status}, field="to_status"
        )
    who = TRANSITIONS.get((locked.status, to_status))
    if who is None:
        raise Conflict(
            _("A project that is %(current)s cannot become %(target)s.")
            % {"current": S(locked.status).label, "target": S(to_status).label}
        )
    if not who & actor_roles(project=locked, actor=actor):
        if actor is None:
            raise NotAllowed(
                _("Only a person can move a project from %(current)s to %(target)s.")
                % {"current": S(locked.status).label, "target": S(to_status).label}
            )
        raise NotAllowed(_role_message(who, locked.status, to_status))
    reason = (reason or "").replace("\x00", "").strip()
    if to_status in REASON_REQUIRED and not reason:
        raise InvalidInput(_("Please give a reason."), field="reason")
    if len(reason) > 5000:
        raise InvalidInput(_("The reason is too long (5000 characters at most)."), field="reason")

    now = timezone.now()
    from_status = locked.status
    locked.status = to_status
    if effect := EFFECTS.get(to_status):
        effect(locked, now)
    locked.save()
    row = Transition.objects.create(
        project=locked, from_status=from_status, to_status=to_status, actor=actor, reason=reason
    )
    if event:
        _record_event(locked, from_status=from_status, to_status=to_status, actor=actor, reason=reason)
    project.refresh_from_db()
    return row


def _record_event(project, *, from_status, to_status, actor, reason):
    """Every status change is an event for feeds and notifications: publication is PROJECT_PUBLISHED, any
    other change PROJECT_STATUS."""
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record

    if to_status == S.PUBLISHED and from_status == S.DRAFT:
        event_record(verb=Verb.PROJECT_PUBLISHED, actor=actor, subject=project, project=project)
        return
    event_record(
        verb=Verb.PROJECT_STATUS,
        actor=actor,
        subject=project,
        project=project,
        data={"from": str(from_status), "to": str(to_status), "reason": reason[:500]},
    )


def _role_message(who, from_status, to_status) -> str:
    if who == {PLATFORM}:
        return _("This change is made by the platform itself, not by a person.")
    if TEAM in who:
        return _("Only the project's team can do this.")
    if REVIEWER in who:
        return _("Only the organization's reviewers can do this.")
    return _("Only the organization's producers can do this.")
