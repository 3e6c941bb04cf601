"""Writes on projects: creation and edits, teams, publication, supports, second-chance votes and the
periodic jobs (deadlines, review windows, hot score).

Every service checks its actor's rights itself and raises ``boucle.core.errors`` exceptions with a message
for the person. Status changes all go through ``lifecycle.project_transition``.
"""

import math
from collections import defaultdict
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.activity.models import Verb
from boucle.activity.services import event_record
from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record, contribution_reverse
from boucle.projects.enums import Licence, ProjectStatus, TeamRole
from boucle.projects.ladder import DEFAULT_LADDER
from boucle.projects.lifecycle import project_transition
from boucle.projects.models import (
    Project,
    ProjectMember,
    SecondChanceRound,
    SecondChanceVote,
    Support,
    Tag,
)

MAX_TAGS = 10
MAX_BODY = 50_000
SECOND_CHANCE_STATUSES = (ProjectStatus.EXPIRED, ProjectStatus.DECLINED)


# ---------------------------------------------------------------------------------------------- helpers


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise NotAllowed(_("Please log in first."))


def is_team_member(*, project, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return ProjectMember.objects.filter(project=project, user=user).exists()


def is_team_owner(*, project, user) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return ProjectMember.objects.filter(project=project, user=user, role=TeamRole.OWNER).exists()


def _clean_text(value, *, field: str, label: str, max_length: int, required: bool = True) -> str:
    value = (value or "").strip()
    if "\x00" in value:
        raise InvalidInput(_("The %(label)s contains a NUL character.") % {"label": label}, field=field)
    if required and not value:
        raise InvalidInput(_("Please fill in the %(label)s.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("The %(label)s is too long (%(n)d characters at most).") % {"label": label, "n": max_length},
            field=field,
        )
    return value


def tags_parse(value) -> list[str]:
    """Tag names from ``"bricks, castle"`` or ``["bricks", "castle"]``: trimmed, deduplicated by slug.

    >>> tags_parse("Castle, castle , medieval")
    ['Castle', 'medieval']
    """
    if value is None:
        return []
    parts = value.split(",") if isinstance(value, str) else list(value)
    names, seen = [], set()
    for part in parts:
        name = " ".join(str(part).replace("\x00", "").split())
        if not name:
            continue
        if len(name) > 50:
            raise InvalidInput(
                _("A tag has at most 50 characters (“%(tag)s…”).") % {"tag": name[:20]}, field="tags"
            )
        slug = slugify(name)
        if not slug:
            raise InvalidInput(
                _("The tag “%(tag)s” needs at least one letter or digit.") % {"tag": name}, field="tags"
            )
        if slug not in seen:
            seen.add(slug)
            names.append(name)
    if len(names) > MAX_TAGS:
        raise InvalidInput(_("At most %(n)d tags, please.") % {"n": MAX_TAGS}, field="tags")
    return names


def _tags_get_or_create(names: list[str]) -> list[Tag]:
    tags = []
    for name in names:
        slug = slugify(name)[:50]
        tag = Tag.objects.filter(slug=slug).first()
        if tag is None:
            try:
                with transaction.atomic():
                    tag = Tag.objects.create(name=name, slug=slug)
            except IntegrityError:  # created meanwhile by another request
                tag = Tag.objects.get(slug=slug)
        tags.append(tag)
    return tags


def _unique_slug(title: str) -> str:
    base = slugify(title)[:140].strip("-") or "project"
    slug, n = base, 2
    while Project.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def _challenge_accepts_projects(challenge) -> bool:
    # Written by the challenges app; until it exists every published challenge accepts projects.
    try:
        from boucle.challenges.selectors import challenge_accepts_projects
    except ImportError:
        return True
    return challenge_accepts_projects(challenge=challenge)


def _resolve_technology(technology):
    from boucle.catalog.models import Technology, TechnologyStatus

    if technology is None or technology == "":
        raise InvalidInput(_("Please choose a technology."), field="technology")
    if not isinstance(technology, Technology):
        technology = (
            Technology.objects.select_related("organization")
            .filter(**({"pk": technology} if str(technology).isdigit() else {"slug": technology}))
            .first()
        )
    if technology is None or technology.status != TechnologyStatus.PUBLISHED:
        raise InvalidInput(_("Choose a published technology."), field="technology")
    return technology


def _resolve_challenge(challenge, *, technology):
    from boucle.challenges.models import Challenge

    if challenge is None or challenge == "":
        return None
    if not isinstance(challenge, Challenge):
        challenge = str(challenge).replace("\x00", "")
        challenge = Challenge.objects.filter(
            **({"pk": challenge} if str(challenge).isdigit() else {"slug": challenge})
        ).first()
    if challenge is None or not challenge.is_published:
        raise InvalidInput(_("This challenge does not exist."), field="challenge")
    if challenge.technology_id != technology.pk:
        raise InvalidInput(
            _("The challenge “%(challenge)s” is on another technology than “%(technology)s”.")
            % {"challenge": challenge.title, "technology": technology.name},
            field="challenge",
        )
    if not _challenge_accepts_projects(challenge):
        raise InvalidInput(_("This challenge does not accept new projects now."), field="challenge")
    return challenge


def _check_licence(licence) -> str:
    if licence not in Licence.values:
        raise InvalidInput(_("Choose one of the Creative Commons licences offered."), field="licence")
    return licence


def _store_cover(cover) -> str:
    from boucle.core.images import image_store

    try:
        return image_store(cover, folder="projects")
    except InvalidInput as error:
        raise InvalidInput(error.message, field="cover") from None


def _lock(project) -> Project:
    """The project row, locked until the end of the surrounding transaction."""
    return (
        Project.objects.select_for_update(of=("self",))
        .select_related("technology__organization")
        .get(pk=project.pk)
    )


# ---------------------------------------------------------------------------------------------- projects


def _check_not_banned(actor, organization) -> None:
    """A member banned from the organization by its moderators (moderation app) may not act in it."""
    from boucle.moderation.selectors import member_is_banned

    if member_is_banned(user=actor, organization=organization):
        raise NotAllowed(_("You are banned from this organization's projects."))


@transaction.atomic
def project_create(
    *,
    actor,
    title: str,
    pitch: str,
    technology,
    body: str = "",
    licence: str = Licence.BY_SA,
    tags=None,
    challenge=None,
    cover=None,
) -> Project:
    """A member proposes a project (a draft); they become its owner. Records PROJECT_CREATED in the ledger.

    ``technology`` and ``challenge`` are objects, ids or slugs; ``tags`` a comma-separated string or a list.
    """
    _require_member(actor)
    title = _clean_text(title, field="title", label=_("title"), max_length=140)
    pitch = _clean_text(pitch, field="pitch", label=_("pitch"), max_length=280)
    body = _clean_text(body, field="body", label=_("description"), max_length=MAX_BODY, required=False)
    licence = _check_licence(licence)
    tag_names = tags_parse(tags)
    technology = _resolve_technology(technology)
    _check_not_banned(actor, technology.organization)
    challenge = _resolve_challenge(challenge, technology=technology)
    cover_path = _store_cover(cover) if cover else ""
    project = Project.objects.create(
        title=title,
        slug=_unique_slug(title),
        pitch=pitch,
        body=body,
        licence=licence,
        technology=technology,
        challenge=challenge,
        cover=cover_path,
        created_by=actor,
    )
    project.tags.set(_tags_get_or_create(tag_names))
    ProjectMember.objects.create(project=project, user=actor, role=TeamRole.OWNER)
    contribution_record(actor=actor, kind=ContributionKind.PROJECT_CREATED, project=project, subject=project)
    return project


@transaction.atomic
def project_update(
    *,
    actor,
    project,
    title=None,
    pitch=None,
    body=None,
    licence=None,
    tags=None,
    cover=None,
    remove_cover=False,
) -> Project:
    """The team edits its project (``None`` leaves a field as it is). Records PROJECT_EDITED when it changed.

    The licence can change only while the project is a draft: a Creative Commons licence granted to the
    public cannot be taken back.
    """
    _require_member(actor)
    locked = _lock(project)
    if not is_team_member(project=locked, user=actor):
        raise NotAllowed(_("Only the project's team can edit it."))
    if locked.status == ProjectStatus.ARCHIVED:
        raise Conflict(_("An archived project can no longer be edited."))
    changes = {}
    if title is not None:
        changes["title"] = _clean_text(title, field="title", label=_("title"), max_length=140)
    if pitch is not None:
        changes["pitch"] = _clean_text(pitch, field="pitch", label=_("pitch"), max_length=280)
    if body is not None:
        changes["body"] = _clean_text(
            body, field="body", label=_("description"), max_length=MAX_BODY, required=False
        )
    if licence is not None and licence != locked.licence:
        _check_licence(licence)
        if locked.status != ProjectStatus.DRAFT:
            raise InvalidInput(
                _(
                    "The licence can only change while the project is a draft: a licence granted cannot be taken back."
                ),
                field="licence",
            )
        changes["licence"] = licence
    tag_names = tags_parse(tags) if tags is not None else None
    if cover:
        changes["cover"] = _store_cover(cover)
    elif remove_cover:
        changes["cover"] = ""
    changed = [k for k, v in changes.items() if getattr(locked, k) != v]
    before = {"pitch": locked.pitch, "body": locked.body}
    for key in changed:
        setattr(locked, key, changes[key])
    if changed:
        locked.save(update_fields=[*changed, "updated_at"])
    if tag_names is not None:
        new_tags = _tags_get_or_create(tag_names)
        if {t.pk for t in new_tags} != set(locked.tags.values_list("pk", flat=True)):
            locked.tags.set(new_tags)
            changed.append("tags")
    if changed:
        contribution_record(actor=actor, kind=ContributionKind.PROJECT_EDITED, project=locked, subject=locked)
        if locked.status != ProjectStatus.DRAFT:  # a draft is private: nobody follows it yet
            _record_edited(locked, actor=actor, changed=changed, before=before)
    project.refresh_from_db()
    return project


def _record_edited(project, *, actor, changed: list[str], before: dict) -> None:
    """PROJECT_EDITED; when the pitch or the body changed, with both texts before and after, so supporters
    can be shown a readable diff."""
    data = {"changed": list(changed)}
    if {"pitch", "body"} & set(changed):
        data["before"] = before
        data["after"] = {"pitch": project.pitch, "body": project.body}
    event_record(verb=Verb.PROJECT_EDITED, actor=actor, subject=project, project=project, data=data)


@transaction.atomic
def project_publish(*, actor, project):
    """The team publishes its draft: it copies the support ladder it follows and starts the first tier's clock
    (see ``lifecycle._on_published``)."""
    _require_member(actor)
    return project_transition(project=project, to_status=ProjectStatus.PUBLISHED, actor=actor)


@transaction.atomic
def project_archive(*, actor, project, reason: str):
    _require_member(actor)
    return project_transition(project=project, to_status=ProjectStatus.ARCHIVED, actor=actor, reason=reason)


# ---------------------------------------------------------------------------------------------- team


@transaction.atomic
def team_add(*, actor, project, username: str, role: str = TeamRole.COAUTHOR) -> ProjectMember:
    """An owner adds a member to the team (a co-author by default)."""
    from boucle.accounts.models import User

    _require_member(actor)
    _lock(project)
    if not (is_team_owner(project=project, user=actor) or actor.is_staff):
        raise NotAllowed(_("Only the project's owners can change its team."))
    if role not in TeamRole.values:
        raise InvalidInput(_("Choose owner or co-author."), field="role")
    username = (username or "").replace("\x00", "").strip().lstrip("@")
    user = User.objects.filter(username__iexact=username, is_active=True).first() if username else None
    if user is None:
        raise InvalidInput(_("No member is called “%(name)s”.") % {"name": username}, field="username")
    if ProjectMember.objects.filter(project=project, user=user).exists():
        raise Conflict(_("%(name)s is already in the team.") % {"name": user.name}, field="username")
    return ProjectMember.objects.create(project=project, user=user, role=role)


@transaction.atomic
def team_remove(*, actor, project, user) -> None:
    """An owner removes a team member, or a member leaves. The last owner can never go."""
    _require_member(actor)
    _lock(project)
    member = ProjectMember.objects.filter(project=project, user=user).first()
    if member is None:
        raise NotFound(_("This member is not in the team."))
    if actor.pk != user.pk and not (is_team_owner(project=project, user=actor) or actor.is_staff):
        raise NotAllowed(_("Only the project's owners can change its team."))
    if member.role == TeamRole.OWNER and (
        ProjectMember.objects.filter(project=project, role=TeamRole.OWNER).count() <= 1
    ):
        raise Conflict(_("A project keeps at least one owner: add another owner first."))
    member.delete()


# ---------------------------------------------------------------------------------------------- supports


def review_window_next(*, organization, now=None):
    """The organization's earliest review window still to come, or None."""
    from boucle.reviews.models import ReviewWindow

    now = now or timezone.now()
    return (
        ReviewWindow.objects.filter(organization=organization, starts_at__gt=now, opened_at__isnull=True)
        .order_by("starts_at", "id")
        .first()
    )


def _record_milestone(project: Project, *, tier: int, supporters: int) -> None:
    # The platform reaches a milestone (no actor): the supporters did, together.
    event_record(
        verb=Verb.PROJECT_MILESTONE,
        subject=project,
        project=project,
        data={"tier": tier, "supporters": supporters, "tiers": len(project.support_ladder or DEFAULT_LADDER)},
    )


def _climb_ladder(project: Project, now) -> None:
    """Advance the tier while the count reaches it; at the last tier the project is supported.

    Should be called while holding a SELECT FOR UPDATE lock on the project row, with support_count fresh.
    """
    ladder = project.support_ladder or DEFAULT_LADDER
    tier = project.support_tier
    while tier < len(ladder) and project.support_count >= ladder[tier]["supporters"]:
        if tier == len(ladder) - 1:
            _record_milestone(project, tier=tier, supporters=ladder[tier]["supporters"])
            project_transition(project=project, to_status=ProjectStatus.SUPPORTED, actor=None)
            window = review_window_next(organization=project.technology.organization, now=now)
            Project.objects.filter(pk=project.pk).update(review_window=window)
            return
        _record_milestone(project, tier=tier, supporters=ladder[tier]["supporters"])
        tier += 1
        Project.objects.filter(pk=project.pk).update(
            support_tier=tier, support_deadline=now + timedelta(days=ladder[tier]["days"])
        )
    if tier != project.support_tier:
        project.refresh_from_db()


# What a support changes on the project: the caller's copy is refreshed with these after a toggle.
_SUPPORT_FIELDS = ["support_count", "support_tier", "support_deadline", "supported_at", "status", "review_window"]


@transaction.atomic
def support_add(*, actor, project) -> Support:
    """A member supports a published project (once). Counts stay exact under concurrency: the project row
    is locked, the Support row written and the count changed with F() in one transaction."""
    _require_member(actor)
    locked = _lock(project)  # transaction.atomic is required: the lock lasts until commit
    now = timezone.now()
    if locked.status != ProjectStatus.PUBLISHED:
        raise Conflict(_("Only a published project collects supports."))
    if locked.support_deadline and locked.support_deadline <= now:
        raise Conflict(_("The support time of this project has run out."))
    if is_team_member(project=locked, user=actor):
        raise NotAllowed(_("You cannot support your own project."))
    _check_not_banned(actor, locked.technology.organization)
    if Support.objects.filter(project=locked, user=actor).exists():
        raise Conflict(_("You already support this project."))
    support = Support.objects.create(project=locked, user=actor)
    Project.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
    locked.support_count += 1  # exact: the row is locked until commit
    _climb_ladder(locked, now)
    contribution_record(actor=actor, kind=ContributionKind.SUPPORT, project=locked, subject=support)
    project.refresh_from_db(fields=_SUPPORT_FIELDS)
    return support


@transaction.atomic
def support_withdraw(*, actor, project) -> None:
    """A member takes back their support while the project still collects supports. A reached tier stays
    reached (the goal of the next tier does not move back). Appends a reversal row to the ledger."""
    _require_member(actor)
    locked = _lock(project)
    support = Support.objects.filter(project=locked, user=actor).first()
    if support is None:
        raise Conflict(_("You do not support this project."))
    if locked.status != ProjectStatus.PUBLISHED:
        raise Conflict(_("Supports can only be withdrawn while the project collects them."))
    contribution_reverse(actor=actor, kind=ContributionKind.SUPPORT, project=locked, subject=support)
    support.delete()
    Project.objects.filter(pk=locked.pk).update(support_count=F("support_count") - 1)
    project.refresh_from_db(fields=_SUPPORT_FIELDS)


# ---------------------------------------------------------------------------------------------- second chance


@transaction.atomic
def second_chance_create(
    *, actor, organization, title: str, opens_at, closes_at, candidates
) -> SecondChanceRound:
    """An organization owner opens a vote among up to ten of its expired or declined projects.

    ``candidates``: projects, ids or slugs.
    """
    from boucle.orgs.models import Role
    from boucle.orgs.selectors import org_has_role

    _require_member(actor)
    if not org_has_role(user=actor, organization=organization, roles=[Role.OWNER]):
        raise NotAllowed(_("Only the organization's owners can open a second-chance vote."))
    title = _clean_text(title, field="title", label=_("title"), max_length=160)
    if not opens_at or not closes_at:
        raise InvalidInput(_("Please give the opening and closing dates."), field="closes_at")
    opens_at, closes_at = (
        timezone.make_aware(d) if timezone.is_naive(d) else d for d in (opens_at, closes_at)
    )
    if closes_at <= opens_at:
        raise InvalidInput(_("The vote must close after it opens."), field="closes_at")
    if closes_at <= timezone.now():
        raise InvalidInput(_("The closing date is already past."), field="closes_at")
    keys = list(
        dict.fromkeys(
            c.pk if isinstance(c, Project) else str(c).replace("\x00", "") for c in (candidates or [])
        )
    )
    if not keys:
        raise InvalidInput(_("Pick at least one project."), field="candidates")
    if len(keys) > SecondChanceRound.MAX_CANDIDATES:
        raise InvalidInput(
            _("Pick at most %(n)d projects.") % {"n": SecondChanceRound.MAX_CANDIDATES}, field="candidates"
        )
    ids = [k for k in keys if str(k).isdigit()]
    slugs = [k for k in keys if not str(k).isdigit()]
    projects = list(
        Project.objects.filter(Q(pk__in=ids) | Q(slug__in=slugs)).filter(
            technology__organization=organization, status__in=SECOND_CHANCE_STATUSES
        )
    )
    if len(projects) != len(keys):
        raise InvalidInput(
            _("Candidates must be expired or declined projects of this organization's technologies."),
            field="candidates",
        )
    round_ = SecondChanceRound.objects.create(
        organization=organization, title=title, opens_at=opens_at, closes_at=closes_at, created_by=actor
    )
    round_.candidates.set(projects)
    return round_


def second_chance_is_open(round_, now=None) -> bool:
    now = now or timezone.now()
    return round_.closed_at is None and round_.opens_at <= now < round_.closes_at


@transaction.atomic
def second_chance_vote(*, actor, round_, project) -> SecondChanceVote:
    """A member votes for one candidate; voting again moves the vote, until the round closes."""
    _require_member(actor)
    # Lock the round: votes of one round are written one at a time, so a changed vote never races its create.
    locked = SecondChanceRound.objects.select_for_update().get(pk=round_.pk)
    if not second_chance_is_open(locked):
        raise Conflict(_("This vote is not open."))
    if project is None or not locked.candidates.filter(pk=project.pk).exists():
        raise InvalidInput(_("This project is not a candidate of this vote."), field="project")
    if is_team_member(project=project, user=actor):
        raise NotAllowed(_("You cannot vote for your own project."))
    vote, _created = SecondChanceVote.objects.update_or_create(
        round=locked, voter=actor, defaults={"project": project}
    )
    return vote


@transaction.atomic
def second_chance_close(*, round_, now=None):
    """Close a round (the platform does it when ``closes_at`` passes): the candidate with most votes (ties:
    more supporters, then published earlier) enters review. A round nobody voted in has no winner."""
    now = now or timezone.now()
    locked = SecondChanceRound.objects.select_for_update().get(pk=round_.pk)
    if locked.closed_at is not None:
        raise Conflict(_("This vote is already closed."))
    votes = dict(locked.votes.values("project_id").annotate(n=Count("id")).values_list("project_id", "n"))
    eligible = [
        p for p in locked.candidates.filter(status__in=SECOND_CHANCE_STATUSES) if votes.get(p.pk, 0) > 0
    ]
    far_future = now + timedelta(days=365 * 1000)
    eligible.sort(key=lambda p: (-votes.get(p.pk, 0), -p.support_count, p.published_at or far_future, p.pk))
    winner = eligible[0] if eligible else None
    if winner is not None:
        project_transition(
            project=winner,
            to_status=ProjectStatus.IN_REVIEW,
            actor=None,
            reason=_("Won the second-chance vote “%(title)s” with %(n)d votes.")
            % {"title": locked.title, "n": votes[winner.pk]},
        )
    locked.winner = winner
    locked.closed_at = now
    locked.save(update_fields=["winner", "closed_at"])
    round_.refresh_from_db()
    return winner


# ---------------------------------------------------------------------------------------------- periodic jobs


def projects_expire_overdue(*, now=None) -> int:
    """Expire every published project whose support deadline has passed. Returns how many expired."""
    now = now or timezone.now()
    done = 0
    for pk in Project.objects.filter(status=ProjectStatus.PUBLISHED, support_deadline__lte=now).values_list(
        "pk", flat=True
    ):
        project = Project.objects.get(pk=pk)
        try:
            project_transition(
                project=project,
                to_status=ProjectStatus.EXPIRED,
                actor=None,
                reason=_("The support time ran out with %(n)d supporters.") % {"n": project.support_count},
            )
            done += 1
        except Conflict:
            pass  # moved meanwhile (supported in its last minute, archived...)
    return done


def review_windows_open(*, now=None) -> int:
    """Open every review window whose date has come: each supported project of its organization enters
    review. Returns how many projects entered review."""
    from boucle.reviews.models import ReviewWindow

    now = now or timezone.now()
    moved = 0
    for window in ReviewWindow.objects.filter(starts_at__lte=now, opened_at__isnull=True).order_by(
        "starts_at"
    ):
        with transaction.atomic():
            claimed = ReviewWindow.objects.filter(pk=window.pk, opened_at__isnull=True).update(opened_at=now)
            if not claimed:
                continue  # another worker opened it
            projects = Project.objects.filter(
                status=ProjectStatus.SUPPORTED, technology__organization_id=window.organization_id
            )
            for project in projects:
                project_transition(
                    project=project,
                    to_status=ProjectStatus.IN_REVIEW,
                    actor=None,
                    reason=_("The review window “%(title)s” opened.") % {"title": window.title},
                )
                Project.objects.filter(pk=project.pk).update(review_window=window)
                moved += 1
    return moved


def review_windows_attach(*, now=None) -> int:
    """Give every supported project waiting without a window its organization's next one."""
    now = now or timezone.now()
    attached = 0
    waiting = Project.objects.filter(status=ProjectStatus.SUPPORTED).filter(
        Q(review_window__isnull=True) | Q(review_window__opened_at__isnull=False)
    )
    for project in waiting.select_related("technology__organization"):
        window = review_window_next(organization=project.technology.organization, now=now)
        if window is not None:
            attached += Project.objects.filter(pk=project.pk).update(review_window=window)
    return attached


def second_chances_close_due(*, now=None) -> int:
    now = now or timezone.now()
    closed = 0
    for round_ in SecondChanceRound.objects.filter(closes_at__lte=now, closed_at__isnull=True):
        try:
            second_chance_close(round_=round_, now=now)
            closed += 1
        except Conflict:
            pass
    return closed


HOT_WINDOW_DAYS = 7
HOT_HALF_LIFE_HOURS = 48
FRESHNESS_WEIGHT = 2.0
FRESHNESS_HALF_LIFE_DAYS = 7


def projects_hot_score_recompute(*, now=None) -> int:
    """Recompute ``hot_score`` of every project that collects or has collected supports.

    hot = Σ over supports of the last 7 days of 0.5 ** (age in hours / 48)
          + 2 × 0.5 ** (days since publication / 7)

    Each recent support counts 1 when fresh, ½ two days later, ~0.09 after a week; the freshness term gives a
    newly published project a head start worth two fresh supports, halving every week. Drafts score 0.
    """
    now = now or timezone.now()
    since = now - timedelta(days=HOT_WINDOW_DAYS)
    recent = defaultdict(float)
    for project_id, created_at in Support.objects.filter(created_at__gte=since).values_list(
        "project_id", "created_at"
    ):
        age_hours = max(0.0, (now - created_at).total_seconds() / 3600)
        recent[project_id] += 0.5 ** (age_hours / HOT_HALF_LIFE_HOURS)
    changed = []
    for project in Project.objects.exclude(status=ProjectStatus.DRAFT).only(
        "id", "published_at", "hot_score"
    ):
        freshness = 0.0
        if project.published_at:
            age_days = max(0.0, (now - project.published_at).total_seconds() / 86400)
            freshness = FRESHNESS_WEIGHT * 0.5 ** (age_days / FRESHNESS_HALF_LIFE_DAYS)
        score = round(recent.get(project.pk, 0.0) + freshness, 6)
        if not math.isclose(score, project.hot_score):
            project.hot_score = score
            changed.append(project)
    Project.objects.bulk_update(changed, ["hot_score"], batch_size=500)
    return len(changed)
