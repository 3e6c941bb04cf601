"""Demo data: three organizations, about 50 members and 200 projects in every stage, per unit of scale.

``seed(scale=N)`` is idempotent: every object has a stable key (a username, a slug, an organization and a
title) and is created only when missing, so a second run changes nothing and only runs a few queries.
Each project draws from its own random generator seeded by its index, so the data is the same on every
machine and a larger scale only adds projects and members after the existing ones.

Other apps' services are being written beside this module, so the seed writes with the ORM, keeping by
hand the invariants those services keep:

- ``Project.support_count`` equals the number of ``Support`` rows; ``support_tier``/``support_deadline``
  follow ``projects.ladder`` as ``projects.services`` climbs it (a published project is below its current
  tier with a deadline in the future; a supported one has reached its last tier, ``support_tier`` staying
  on that last index, and has no deadline; an expired or archived one has no deadline either);
- every status change has its ``Transition`` row (who, when, why), in order, ending at the status;
- every act (project created, comment, comment marked helpful, support, review) has its ledger row, at the
  time of the act; a withdrawn support has its row and its reversal;
- review windows in the past are opened, those in the future are not; supported projects wait for the
  next window, projects in review or decided come from a past one.

Dates are relative to the moment the data is first loaded (phases and deadlines around today).
"""

import random
import unicodedata
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.accounts.models import User
from boucle.catalog.models import Technology, TechnologyStatus, TechnologyVersion
from boucle.challenges.models import PHASE_ORDER, Challenge, Phase
from boucle.community.models import Comment, Mention, Reaction, ReactionKind
from boucle.core.markdown import render_markdown
from boucle.demo import content
from boucle.ledger.models import Contribution, ContributionKind
from boucle.orgs.models import Membership, Organization, Role
from boucle.projects.enums import Licence, ProjectStatus, TeamRole
from boucle.projects.ladder import ladder_for
from boucle.projects.models import (
    Project,
    ProjectMember,
    SecondChanceRound,
    SecondChanceVote,
    Support,
    Tag,
    Transition,
)
from boucle.reviews.models import DEFAULT_CRITERIA, Review, ReviewDecision, ReviewWindow

DEMO_PASSWORD = "demo-password"
MEMBERS_PER_SCALE = 50
PROJECTS_PER_SCALE = 200
MAX_SCALE = 50

# Fixed accounts: (username, display name, is staff superuser). All use DEMO_PASSWORD.
DEMO_ACCOUNTS = [
    ("alice", "Alice Martin", False),
    ("olivia", "Olivia Brandt", False),
    ("rachel", "Rachel Okoye", False),
    ("admin", "Site administrator", True),
]

S = ProjectStatus
# How 200 projects spread over the stages (sums to PROJECTS_PER_SCALE; every stage is present).
STATUS_MIX = {
    S.DRAFT: 20,
    S.PUBLISHED: 50,
    S.SUPPORTED: 15,
    S.IN_REVIEW: 15,
    S.ACCEPTED: 15,
    S.DECLINED: 12,
    S.EXPIRED: 25,
    S.IN_PRODUCTION: 10,
    S.AVAILABLE: 15,
    S.ARCHIVED: 23,
}

# Which challenges (by state) a project of a given status may belong to; None = outside any challenge.
CHALLENGE_STATES_FOR = {
    S.DRAFT: ["ideation", "support"],
    S.PUBLISHED: ["ideation", "support"],
    S.SUPPORTED: ["support"],
    S.EXPIRED: ["support", "finished"],
    S.ARCHIVED: ["ideation", "support", "finished"],
}
DECIDED = {S.IN_REVIEW, S.ACCEPTED, S.DECLINED, S.IN_PRODUCTION, S.AVAILABLE}

# Models whose auto_now/auto_now_add dates the seed sets itself, so the history is spread over months.
DATED_MODELS = [
    User, Organization, Membership, Technology, Challenge, Project, ProjectMember, Transition, Support,
    Comment, Reaction, Mention, Contribution, Review, ReviewDecision, SecondChanceRound, SecondChanceVote,
]


@contextmanager
def given_dates(models=DATED_MODELS):
    """Let bulk inserts write past dates into the models' auto_now/auto_now_add fields (restored afterwards)."""
    saved = []
    for model in models:
        for f in model._meta.local_fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                saved.append((f, f.auto_now, f.auto_now_add))
                f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()


@dataclass
class OrgContext:
    org: Organization
    spec: dict
    technologies: list
    challenges: dict  # state -> Challenge
    staff: dict  # role -> [User]
    windows: dict  # "previous", "latest", "next" -> ReviewWindow

    @property
    def staff_ids(self) -> set[int]:
        return {u.pk for users in self.staff.values() for u in users}


@dataclass
class Batch:
    """Rows collected for bulk creation, in dependency order."""

    team: list = field(default_factory=list)
    transitions: list = field(default_factory=list)
    supports: list = field(default_factory=list)
    project_tags: list = field(default_factory=list)
    reviews: list = field(default_factory=list)
    decisions: list = field(default_factory=list)
    comments: list = field(default_factory=list)  # (comment, parent_key or None, key)
    helpful: list = field(default_factory=list)
    reactions: list = field(default_factory=list)  # (comment_key, user, kind, at)
    mentions: list = field(default_factory=list)  # (comment_key, user, at)
    withdrawals: list = field(default_factory=list)  # (user, project, at_created, at_withdrawn)


def seed(*, scale: int = 1) -> str:
    """Load the demo data. Idempotent: running it twice changes nothing the second time."""
    if not 1 <= scale <= MAX_SCALE:
        raise ValueError(_("The scale must be between 1 and %(max)d.") % {"max": MAX_SCALE})
    now = timezone.now()
    with transaction.atomic(), given_dates():
        before = _counts()
        people = _seed_people(scale=scale, now=now)
        orgs = [_seed_organization(index=k, spec=spec, people=people, now=now)
                for k, spec in enumerate(content.ORGANIZATIONS)]
        _seed_projects(scale=scale, people=people, orgs=orgs, now=now)
        _seed_second_chance(orgs=orgs, people=people, now=now)
        bulk_loaded = _counts() != before
    # Designs go through the studio's services (ledger rows, events and search entries written as they write
    # them), with real dates: outside given_dates.
    with transaction.atomic():
        _seed_designs(orgs=orgs, people=people)
        from boucle.realization.demo import seed_realizations

        seed_realizations(orgs=orgs)  # adopt accepted designs the licences allow, offers with stock
        from boucle.orders.demo import seed_orders

        seed_orders(orgs=orgs, people=people)  # orders in every state, paid, refunded (part, all), a payout
        from boucle.makes.demo import seed_makes

        seed_makes(orgs=orgs, people=people)  # makes (with photos) of accepted projects, a version citing one
        from boucle.opinions.demo import seed_opinions

        seed_opinions(orgs=orgs, people=people)  # a conversation per organization and a project's, maps computed
        after = _counts()
    added = {name: after[name] - before[name] for name in after if after[name] != before[name]}
    if not added:
        return _("Demo data already loaded (scale %(scale)d): nothing changed.") % {"scale": scale}
    if bulk_loaded:
        # bulk_create sends no signals: index what was loaded so search finds it. (Not when only designs were
        # added: on a large database a rebuild takes minutes.)
        from boucle.search.services import search_reindex

        search_reindex()
    summary = ", ".join(f"{n} {name}" for name, n in added.items())
    return _("Demo data loaded (scale %(scale)d): %(summary)s. Log in as alice, olivia, rachel or admin "
             "with the password “%(password)s”.") % {"scale": scale, "summary": summary, "password": DEMO_PASSWORD}


def _counts() -> dict:
    return {
        _("members"): User.objects.count(),
        _("organizations"): Organization.objects.count(),
        _("technologies"): Technology.objects.count(),
        _("challenges"): Challenge.objects.count(),
        _("projects"): Project.objects.count(),
        _("supports"): Support.objects.count(),
        _("comments"): Comment.objects.count(),
        _("ledger rows"): Contribution.objects.count(),
        _("designs"): _design_count(),
        **_loop_counts(),
    }


def _design_count() -> int:
    from boucle.studio.models import Design

    return Design.objects.count()


def _loop_counts() -> dict:
    """The end of the loop: realizations and what they sell, makes, opinion conversations and their votes."""
    from boucle.makes.models import Make
    from boucle.opinions.models import Conversation
    from boucle.opinions.models import Vote as OpinionVote
    from boucle.orders.models import Order
    from boucle.realization.models import Offer, Realization

    return {
        _("realizations"): Realization.objects.count(),
        _("offers"): Offer.objects.count(),
        _("orders"): Order.objects.count(),
        _("makes"): Make.objects.count(),
        _("conversations"): Conversation.objects.count(),
        _("opinion votes"): OpinionVote.objects.count(),
    }


# --- People ---------------------------------------------------------------------------------------


def _member_names(scale: int) -> list[tuple[str, str]]:
    """(username, display name) of the generated members, the same list prefix for every scale."""
    names, taken = [], {u for u, _n, _s in DEMO_ACCOUNTS}
    nf, nl = len(content.FIRST_NAMES), len(content.LAST_NAMES)
    for i in range(MEMBERS_PER_SCALE * scale):
        first = content.FIRST_NAMES[i % nf]
        last = content.LAST_NAMES[(i * 7 + i // nf) % nl]
        base = username = f"{_ascii(first)}.{_ascii(last)}"
        n = 2
        while username in taken:
            username, n = f"{base}{n}", n + 1
        taken.add(username)
        names.append((username, f"{first} {last}"))
    return names


@dataclass
class People:
    by_username: dict
    members: list  # generated members, in index order
    alice: User
    olivia: User
    rachel: User
    admin: User

    @property
    def community(self) -> list:
        """Everyone who proposes, supports and comments (not the site administrator)."""
        return [self.alice, self.olivia, self.rachel, *self.members]


def _seed_people(*, scale: int, now) -> People:
    wanted = [(u, d, s) for u, d, s in DEMO_ACCOUNTS] + [(u, d, False) for u, d in _member_names(scale)]
    existing = {u.username: u for u in User.objects.filter(username__in=[w[0] for w in wanted])}
    missing = [w for w in wanted if w[0] not in existing]
    if missing:
        password = make_password(DEMO_PASSWORD)  # hashed once with the configured hasher, shared
        new_users = []
        for username, display_name, is_admin in missing:
            rng = random.Random(f"boucle-demo-member-{username}")
            joined = now - timedelta(days=rng.uniform(400, 900))
            skills = rng.sample(content.SKILLS, rng.randint(2, 5))
            bio = f"{rng.choice(content.BIO_OPENINGS)} {rng.choice(content.BIO_CLOSINGS)}"
            first, _sep, last = display_name.partition(" ")
            new_users.append(User(
                username=username, email=f"{username}@example.org", password=password,
                first_name=first if not is_admin else "", last_name=last if not is_admin else "",
                display_name=display_name, bio=bio if not is_admin else "", skills=skills if not is_admin else [],
                links=[f"https://{username.replace('.', '-')}.example.org"] if rng.random() < 0.3 else [],
                is_staff=is_admin, is_superuser=is_admin, date_joined=joined, last_login=None,
            ))
        created = User.objects.bulk_create(new_users)
        from allauth.account.models import EmailAddress

        EmailAddress.objects.bulk_create(
            [EmailAddress(user=u, email=u.email, verified=True, primary=True) for u in created]
        )
        existing.update({u.username: u for u in created})
    return People(
        by_username=existing,
        members=[existing[u] for u, _d in _member_names(scale)],
        alice=existing["alice"], olivia=existing["olivia"], rachel=existing["rachel"], admin=existing["admin"],
    )


# --- Organizations, technologies, challenges, review windows --------------------------------------


PHASE_DAYS = {  # start offsets from today of ideation, design, support, review, realization, and the end
    "finished": [-200, -170, -140, -80, -60, -5],
    "support": [-70, -50, -30, 30, 45, 120],
    "ideation": [-10, 20, 50, 110, 125, 200],
}
WINDOW_DAYS = {"previous": -110, "latest": -20, "next": 40}
WINDOW_TITLES = {"previous": "Winter review", "latest": "Spring review", "next": "Autumn review"}


def _seed_organization(*, index: int, spec: dict, people: People, now) -> OrgContext:
    staff_pool = people.members[index * 5 : index * 5 + 5]
    staff = {
        Role.OWNER: [staff_pool[0]],
        Role.REVIEWER: staff_pool[1:3],
        Role.PRODUCER: [staff_pool[3]],
        Role.MODERATOR: [staff_pool[4]],
    }
    if spec["slug"] == "brickwerk":
        staff[Role.OWNER].insert(0, people.olivia)
        staff[Role.REVIEWER].insert(0, people.rachel)
    founder = staff[Role.OWNER][0]
    created_at = now - timedelta(days=900 - 30 * index)

    org = Organization.objects.filter(slug=spec["slug"]).first()
    if org is None:
        org = Organization.objects.create(
            slug=spec["slug"], name=spec["name"], description=spec["description"], website=spec["website"],
            support_ladder=spec["ladder"], created_by=founder, created_at=created_at, updated_at=created_at,
        )
        Membership.objects.bulk_create([
            Membership(organization=org, user=u, role=role, created_at=created_at + timedelta(days=i + 1))
            for role, users in staff.items() for i, u in enumerate(users)
        ])
        for k, when in WINDOW_DAYS.items():
            starts_at = now + timedelta(days=when)
            ReviewWindow.objects.create(
                organization=org, title=WINDOW_TITLES[k], starts_at=starts_at,
                opened_at=starts_at if when < 0 else None,
            )

    technologies = []
    for t, tspec in enumerate(spec["technologies"]):
        tech = Technology.objects.filter(slug=tspec["slug"]).first()
        if tech is None:
            t_created = created_at + timedelta(days=20 + 40 * t)
            tech = Technology.objects.create(
                organization=org, slug=tspec["slug"], name=tspec["name"], summary=tspec["summary"],
                description=tspec["description"], status=TechnologyStatus.PUBLISHED, created_by=founder,
                created_at=t_created, updated_at=t_created,
            )
            versions = tspec["versions"]
            TechnologyVersion.objects.bulk_create([
                TechnologyVersion(
                    technology=tech, version=v, changelog=log, created_by=founder,
                    released_at=now - timedelta(days=30 + 200 * (len(versions) - 1 - n) + 10 * t),
                )
                for n, (v, log) in enumerate(versions)
            ])
            _comment_on(target=tech, texts=content.TECH_COMMENTS, people=people, since=t_created, now=now,
                        seed_key=tspec["slug"])
        technologies.append(tech)

    challenges = {}
    for c, cspec in enumerate(spec["challenges"]):
        challenge = Challenge.objects.filter(slug=cspec["slug"]).first()
        if challenge is None:
            days = PHASE_DAYS[cspec["state"]]
            c_created = now + timedelta(days=days[0] - 14)
            challenge = Challenge.objects.create(
                technology=technologies[c % len(technologies)], slug=cspec["slug"], title=cspec["title"],
                brief=f"{cspec['brief']}\n\n**Support rule:** "
                + ", then ".join(f"{t['supporters']} supporters within {t['days']} days" for t in cspec["ladder"])
                + ".",
                support_ladder=cspec["ladder"], created_by=founder, created_at=c_created, updated_at=c_created,
            )
            Phase.objects.bulk_create([
                Phase(challenge=challenge, kind=kind, starts_at=now + timedelta(days=days[p]),
                      ends_at=now + timedelta(days=days[p + 1]))
                for p, kind in enumerate(PHASE_ORDER)
            ])
            # The phase running now is already known: the phase-change job has nothing to announce.
            current = challenge.current_phase(now=now)
            Challenge.objects.filter(pk=challenge.pk).update(last_phase_seen=current.kind if current else "")
            _comment_on(target=challenge, texts=content.CHALLENGE_COMMENTS, people=people, since=c_created,
                        now=now, seed_key=cspec["slug"])
        challenges[cspec["state"]] = challenge

    windows = {w.title: w for w in ReviewWindow.objects.filter(organization=org)}
    return OrgContext(
        org=org, spec=spec, technologies=technologies, challenges=challenges, staff=staff,
        windows={k: windows[title] for k, title in WINDOW_TITLES.items()},
    )


def _mention_url(username):
    try:
        return reverse("member_detail", args=[username])
    except NoReverseMatch:
        return None


def _comment_on(*, target, texts, people: People, since, now, seed_key: str):
    """A few comments (and their ledger rows) on a technology or a challenge."""
    rng = random.Random(f"boucle-demo-comments-{seed_key}")
    ct = ContentType.objects.get_for_model(target)
    span = max((now - since).total_seconds(), 3600)
    comments = []
    for text in rng.sample(texts, rng.randint(1, len(texts))):
        at = since + timedelta(seconds=rng.uniform(0.5, 1.0) * span)
        comments.append(Comment(
            target_type=ct, target_id=target.pk, author=rng.choice(people.community), body=text,
            body_html=render_markdown(text, mention_url=_mention_url), created_at=at,
        ))
    comments = Comment.objects.bulk_create(comments)
    ct_comment = ContentType.objects.get_for_model(Comment)
    Contribution.objects.bulk_create([
        Contribution(actor=c.author, kind=ContributionKind.COMMENT, object_type=ct_comment, object_id=c.pk,
                     created_at=c.created_at)
        for c in comments
    ])


# --- Projects -------------------------------------------------------------------------------------


def _status_pattern() -> list:
    pattern = [status for status, n in STATUS_MIX.items() for _i in range(n)]
    random.Random("boucle-demo-statuses").shuffle(pattern)
    return pattern


def _project_titles(count: int) -> list[tuple[str, str, int]]:
    """(title, slug, organization index) for the first ``count`` projects, stable for any scale."""
    out, slugs = [], set()
    for i in range(count):
        rng = random.Random(f"boucle-demo-project-{i}")
        k = rng.randrange(len(content.ORGANIZATIONS))
        domain = content.ORGANIZATIONS[k]["domain"]
        for _attempt in range(6):  # prefer a fresh title; number it only when the combinations run out
            title = f"{rng.choice(content.SUBJECTS[domain])} {rng.choice(content.TWISTS[domain])}"
            if slugify(title) not in slugs:
                break
        slug = base = slugify(title)
        n = 2
        while slug in slugs:
            slug, n = f"{base}-{n}", n + 1
        slugs.add(slug)
        out.append((title, slug, k))
    return out


def _days(rng, low, high):
    return timedelta(days=rng.uniform(low, high))


def _seed_tags() -> dict:
    names = sorted({t for tags in content.TAGS.values() for t in tags})
    existing = {t.slug: t for t in Tag.objects.filter(slug__in=[slugify(n) for n in names])}
    missing = [Tag(name=n.replace("-", " "), slug=slugify(n)) for n in names if slugify(n) not in existing]
    for tag in Tag.objects.bulk_create(missing):
        existing[tag.slug] = tag
    return existing


def _seed_projects(*, scale: int, people: People, orgs: list[OrgContext], now):
    plans = _project_titles(PROJECTS_PER_SCALE * scale)
    existing = set(Project.objects.filter(slug__in=[p[1] for p in plans]).values_list("slug", flat=True))
    todo = [i for i, plan in enumerate(plans) if plan[1] not in existing]
    if not todo:
        return
    projects, batch = _plan_projects(plans=plans, indices=todo, people=people, orgs=orgs, now=now)
    _write(projects=projects, batch=batch)
    # "Hot" is the projects app's formula (recent supports, freshness); computed once, when projects are added.
    from boucle.projects.services import projects_hot_score_recompute

    projects_hot_score_recompute(now=now)


def _plan_projects(*, plans, indices, people: People, orgs: list[OrgContext], now) -> tuple[list, Batch]:
    """The projects at these indices with their rows, not saved: the same for the same inputs."""
    tags = _seed_tags()
    pattern = _status_pattern()
    licences = [c.value for c in Licence]
    batch = Batch()
    projects = []
    for i in indices:
        title, slug, k = plans[i]
        rng = random.Random(f"boucle-demo-project-{i}-story")
        projects.append(_plan_project(
            index=i, title=title, slug=slug, rng=rng, ctx=orgs[k], status=pattern[i % len(pattern)],
            licence=licences[i % len(licences)], people=people, tags=tags, now=now, batch=batch,
        ))
    return projects, batch


def _plan_project(*, index, title, slug, rng, ctx: OrgContext, status, licence, people: People, tags, now,
                  batch: Batch) -> Project:
    """Build one project with its history (not yet saved); its dependent rows go into ``batch``."""
    domain = ctx.spec["domain"]
    technology = rng.choice(ctx.technologies)
    challenge = None
    states = CHALLENGE_STATES_FOR.get(status, ["finished"])
    if rng.random() < 0.6:
        challenge = ctx.challenges[rng.choice(states)]
        technology = challenge.technology
    ladder = ladder_for(technology=technology, challenge=challenge)
    first, last = ladder[0], ladder[-1]

    # The team: alice owns one project in twenty; nobody from the organization's staff proposes there.
    outsiders = [u for u in people.community if u.pk not in ctx.staff_ids]
    owner = people.alice if index % 20 == 3 else rng.choice([u for u in outsiders if u != people.alice])
    coauthors = []
    if rng.random() < 0.35:
        coauthors = rng.sample([u for u in outsiders if u != owner], rng.randint(1, 2))
        if index % 20 == 11 and people.alice not in coauthors and owner != people.alice:
            coauthors[0] = people.alice
    team = [owner, *coauthors]
    supporters_pool = [u for u in outsiders if u not in team]

    # The history: a list of (from, to, when, actor, reason), and the support story.
    events = []
    supports_at = []  # support times, in order
    published_at = supported_at = deadline = window = None
    tier = 0
    decision = None

    def publish(at):
        events.append((S.DRAFT, S.PUBLISHED, at, owner, _pick(rng, S.DRAFT, S.PUBLISHED)))

    if status == S.DRAFT:
        created_at = now - _days(rng, 1, 60)
    elif status == S.PUBLISHED:
        published_at = now - _days(rng, 1, first["days"] - 1)
        reached = rng.random() < 0.35 and len(supporters_pool) >= last["supporters"]
        if reached:
            count = rng.randint(first["supporters"], last["supporters"] - 1)
            supports_at = _spread(rng, count, published_at, now)
            tier, deadline = 1, supports_at[first["supporters"] - 1] + timedelta(days=ladder[1]["days"])
        else:
            supports_at = _spread(rng, rng.randint(0, first["supporters"] - 1), published_at, now)
            deadline = published_at + timedelta(days=first["days"])
        publish(published_at)
    elif status == S.EXPIRED or (status == S.ARCHIVED and rng.random() < 0.4):
        published_at = now - timedelta(days=first["days"]) - _days(rng, 2, 90)
        deadline = published_at + timedelta(days=first["days"])
        supports_at = _spread(rng, rng.randint(0, first["supporters"] - 1), published_at, deadline)
        publish(published_at)
        events.append((S.PUBLISHED, S.EXPIRED, deadline, None,
                       f"The support time ran out with {len(supports_at)} supporters."))
        if status == S.ARCHIVED:
            archived_at = deadline + _days(rng, 0.5, (now - deadline).days or 1)
            events.append((S.EXPIRED, S.ARCHIVED, min(archived_at, now), owner,
                           _pick(rng, S.EXPIRED, S.ARCHIVED)))
    elif status == S.ARCHIVED and rng.random() < 0.5:
        published_at = now - _days(rng, 5, first["days"] - 1)
        archived_at = published_at + (now - published_at) * rng.uniform(0.3, 0.9)
        supports_at = _spread(rng, rng.randint(0, first["supporters"] - 1), published_at, archived_at)
        deadline = published_at + timedelta(days=first["days"])
        publish(published_at)
        events.append((S.PUBLISHED, S.ARCHIVED, archived_at, owner, _pick(rng, S.PUBLISHED, S.ARCHIVED)))
    elif status == S.ARCHIVED:
        created_at = now - _days(rng, 20, 120)
        events.append((S.DRAFT, S.ARCHIVED, created_at + _days(rng, 1, 15), owner,
                       _pick(rng, S.DRAFT, S.ARCHIVED)))
    else:  # supported, and everything that went through review
        if status == S.SUPPORTED:
            window = ctx.windows["next"]
            supported_at = now - _days(rng, 1, 18)
        else:
            key = "previous" if status in (S.IN_PRODUCTION, S.AVAILABLE) or (
                status in (S.ACCEPTED, S.DECLINED) and rng.random() < 0.4) else "latest"
            window = ctx.windows[key]
            earlier = ctx.windows["previous"].starts_at - timedelta(days=80) if key == "previous" else \
                ctx.windows["previous"].starts_at
            supported_at = earlier + (window.starts_at - earlier) * rng.uniform(0.1, 0.95)
        published_at = supported_at - _days(rng, 5, first["days"] - 1)
        count = min(len(supporters_pool), last["supporters"] + rng.randint(0, 4))
        supports_at = _spread(rng, last["supporters"] - 1, published_at, supported_at) + [supported_at]
        supports_at += _spread(rng, count - last["supporters"], supported_at, now)
        tier = len(ladder) - 1  # as projects.services._climb_ladder leaves it
        publish(published_at)
        events.append((S.PUBLISHED, S.SUPPORTED, supported_at, None, _pick(rng, S.PUBLISHED, S.SUPPORTED)))
        if status != S.SUPPORTED:
            opened = window.opened_at
            events.append((S.SUPPORTED, S.IN_REVIEW, opened, None, f"The review window “{window.title}” opened."))
            reviewers = ctx.staff[Role.REVIEWER]
            for reviewer in rng.sample(reviewers, rng.randint(1, len(reviewers))):
                at = opened + _days(rng, 0.2, 3)
                scores = {c["key"]: rng.randint(2, 5) for c in (ctx.org.review_criteria or DEFAULT_CRITERIA)}
                batch.reviews.append((Review(
                    reviewer=reviewer, scores=scores, created_at=at, updated_at=at,
                    note=rng.choice(["", "Clear and well documented.", "Check part availability.",
                                     "Lovely idea; cost is the question."]),
                ), slug))
            if status != S.IN_REVIEW:
                accepted = status != S.DECLINED
                decided_at = opened + _days(rng, 3.5, 12)
                decider = rng.choice(reviewers + ctx.staff[Role.OWNER])
                reason = rng.choice(content.ACCEPT_REASONS if accepted else content.DECLINE_REASONS)
                to = S.ACCEPTED if accepted else S.DECLINED
                events.append((S.IN_REVIEW, to, decided_at, decider, reason))
                decision = ReviewDecision(decision=to.value, reason=reason, decided_by=decider, created_at=decided_at)
                if not accepted and rng.random() < 0.5:
                    decision.answer = rng.choice(content.TEAM_ANSWERS)
                    decision.answered_by = owner
                    decision.answered_at = min(decided_at + _days(rng, 0.5, 4), now)
                if status in (S.IN_PRODUCTION, S.AVAILABLE):
                    producer = ctx.staff[Role.PRODUCER][0]
                    started = decided_at + _days(rng, 10, 30)
                    events.append((S.ACCEPTED, S.IN_PRODUCTION, started, producer,
                                   _pick(rng, S.ACCEPTED, S.IN_PRODUCTION)))
                    if status == S.AVAILABLE:
                        events.append((S.IN_PRODUCTION, S.AVAILABLE, started + _days(rng, 15, 40), producer,
                                       _pick(rng, S.IN_PRODUCTION, S.AVAILABLE)))
    if published_at is not None:
        created_at = published_at - _days(rng, 0.5, 20)

    subject = title
    pitch = rng.choice(content.PITCHES[domain]).format(s=subject.lower())
    sections = content.BODY_SECTIONS[domain]
    body = "\n\n".join(s.format(s=subject, t="designed for everyone", n=rng.randint(60, 2400),
                                g=rng.randint(40, 90)) for s in sections[: rng.randint(2, len(sections))])
    last_event = events[-1][2] if events else created_at
    project = Project(
        title=title, slug=slug, pitch=pitch[:280], body=body, licence=licence, technology=technology,
        challenge=challenge, status=status.value, created_by=owner, created_at=created_at,
        updated_at=last_event, published_at=published_at, support_count=len(supports_at),
        support_ladder=ladder if published_at else None, support_tier=tier,
        support_deadline=deadline if status == S.PUBLISHED else None,  # leaving support clears it
        supported_at=supported_at, review_window=window,
    )
    # Rows that need the project's primary key are keyed by slug and attached in _write.
    for n, member in enumerate(team):
        batch.team.append((ProjectMember(
            user=member, role=TeamRole.OWNER if n == 0 else TeamRole.COAUTHOR,
            created_at=created_at + timedelta(minutes=n),
        ), slug))
    status_from = S.DRAFT
    for from_status, to_status, at, actor, reason in events:
        assert from_status == status_from, (slug, events)
        status_from = to_status
        batch.transitions.append((Transition(
            from_status=from_status.value, to_status=to_status.value, actor=actor, reason=reason, created_at=at,
        ), slug))
    assert status_from == status, (slug, status, events)
    supporters = rng.sample(supporters_pool, len(supports_at))
    for user, at in zip(supporters, supports_at, strict=True):
        batch.supports.append((Support(user=user, created_at=at), slug))
    if published_at is not None and status in (S.PUBLISHED, S.SUPPORTED) and rng.random() < 0.2:
        others = [u for u in supporters_pool if u not in supporters]
        if others:
            start = published_at + (now - published_at) * rng.uniform(0.1, 0.5)
            batch.withdrawals.append((rng.choice(others), slug, start, start + (now - start) * rng.uniform(0.1, 0.9)))
    domain_tags = content.TAGS[domain]
    for name in rng.sample(domain_tags, rng.randint(1, 3)):
        batch.project_tags.append((tags[slugify(name)], slug))
    if decision is not None:
        batch.decisions.append((decision, slug))
    if published_at is not None:
        _plan_comments(rng=rng, slug=slug, team=team, people=people, since=published_at,
                       until=last_event if status in (S.EXPIRED, S.ARCHIVED) else now, batch=batch)
    return project


def _pick(rng, from_status, to_status) -> str:
    return rng.choice(content.TRANSITION_REASONS[(from_status.value, to_status.value)])


def _spread(rng, count: int, start, end) -> list:
    """``count`` sorted moments strictly between start and end."""
    span = (end - start).total_seconds()
    return sorted(start + timedelta(seconds=span * rng.uniform(0.01, 0.99)) for _i in range(max(count, 0)))


def _plan_comments(*, rng, slug, team, people: People, since, until, batch: Batch):
    owner = team[0]
    words = ["base", "hinge", "grain bill", "yeast", "rack", "battery", "roof", "crank"]
    for n in range(rng.randint(0, 5)):
        author = rng.choice(people.community)
        at = since + (until - since) * rng.uniform(0.05, 0.8)
        text = rng.choice(content.COMMENTS).format(thing=rng.choice(words))
        key = f"{slug}#{n}"
        batch.comments.append((Comment(author=author, body=text, created_at=at), None, key))
        if author not in team and rng.random() < 0.3:
            batch.helpful.append((key, owner, min(at + _days(rng, 0.1, 3), until)))
        for reactor in rng.sample(people.community, rng.randint(0, 3)):
            batch.reactions.append((key, reactor, rng.choice(list(ReactionKind)).value, at + _days(rng, 0.01, 1)))
        if author != owner and rng.random() < 0.4:
            reply_at = at + (until - at) * rng.uniform(0.05, 0.5)
            reply = f"@{author.username} {rng.choice(content.REPLIES)}"
            batch.comments.append((Comment(author=owner, body=reply, created_at=reply_at), key, f"{key}r"))
            batch.mentions.append((f"{key}r", author, reply_at))


def _write(*, projects: list[Project], batch: Batch):
    """Insert the planned projects and their rows, in dependency order, with few queries."""
    by_slug = {p.slug: p for p in Project.objects.bulk_create(projects)}
    for rows in (batch.team, batch.transitions, batch.supports, batch.reviews, batch.decisions):
        for row, slug in rows:
            row.project = by_slug[slug]
    ProjectMember.objects.bulk_create([r for r, _s in batch.team])
    Transition.objects.bulk_create([r for r, _s in batch.transitions])
    supports = Support.objects.bulk_create([r for r, _s in batch.supports])
    reviews = Review.objects.bulk_create([r for r, _s in batch.reviews])
    ReviewDecision.objects.bulk_create([r for r, _s in batch.decisions])
    Project.tags.through.objects.bulk_create(
        [Project.tags.through(project=by_slug[slug], tag=tag) for tag, slug in batch.project_tags]
    )

    # Comments: top-level first, then replies (they need their parent's key).
    ct_project = ContentType.objects.get_for_model(Project)
    comments = {}
    for level in (False, True):
        rows = [(c, parent, key) for c, parent, key in batch.comments if (parent is not None) == level]
        for c, parent, key in rows:
            project = by_slug[key.split("#")[0]]
            c.target_type, c.target_id, c.project = ct_project, project.pk, project
            c.parent = comments[parent] if parent else None
            c.body_html = render_markdown(c.body, mention_url=_mention_url)
        for (_c, _p, key), saved in zip(rows, Comment.objects.bulk_create([r[0] for r in rows]), strict=True):
            comments[key] = saved
    helpful = []
    for key, marker, at in batch.helpful:
        comment = comments[key]
        comment.helpful_marked_by, comment.helpful_marked_at = marker, at
        helpful.append(comment)
    Comment.objects.bulk_update(helpful, ["helpful_marked_by", "helpful_marked_at"])
    Reaction.objects.bulk_create(
        [Reaction(comment=comments[key], user=user, kind=kind, created_at=at)
         for key, user, kind, at in batch.reactions],
        ignore_conflicts=True,  # the same member may draw the same reaction twice
    )
    Mention.objects.bulk_create([Mention(comment=comments[key], user=u, created_at=at)
                                 for key, u, at in batch.mentions])

    # The ledger, one row per act, at the time of the act.
    cts = {m: ContentType.objects.get_for_model(m) for m in (Project, Support, Comment, Review)}
    K = ContributionKind

    def row(actor, kind, project, obj, at):
        return Contribution(actor=actor, kind=kind, project=project, object_type=cts[type(obj)],
                            object_id=obj.pk, created_at=at)

    ledger = [row(p.created_by, K.PROJECT_CREATED, p, p, p.created_at) for p in by_slug.values()]
    ledger += [row(s.user, K.SUPPORT, s.project, s, s.created_at) for s in supports]
    ledger += [row(c.author, K.COMMENT, c.project, c, c.created_at) for c in comments.values()]
    ledger += [row(c.author, K.COMMENT_HELPFUL, c.project, c, c.helpful_marked_at) for c in helpful]
    ledger += [row(r.reviewer, K.REVIEW, r.project, r, r.created_at) for r in reviews]

    # Withdrawn supports: the act and its reversal stay in the ledger, the Support row is gone.
    withdrawn = []
    for user, slug, at, _later in batch.withdrawals:
        ghost = Support.objects.create(project=by_slug[slug], user=user, created_at=at)
        withdrawn.append(row(user, K.SUPPORT, ghost.project, ghost, at))
        ghost.delete()
    ledger += withdrawn
    Contribution.objects.bulk_create(ledger)
    Contribution.objects.bulk_create([
        Contribution(actor=w.actor, kind=w.kind, project=w.project, object_type=w.object_type,
                     object_id=w.object_id, reverses=w, created_at=later)
        for w, (_u, _s, _a, later) in zip(withdrawn, batch.withdrawals, strict=True)
    ])


# --- Second chance ------------------------------------------------------------------------------


def _seed_second_chance(*, orgs: list[OrgContext], people: People, now):
    """An open second-chance vote at the brewers' collective, among its expired and declined projects."""
    ctx = next(c for c in orgs if c.spec["slug"] == "free-beer-collective")
    title = "Second chance for forgotten recipes"
    if SecondChanceRound.objects.filter(organization=ctx.org, title=title).exists():
        return
    candidates = list(
        Project.objects.filter(technology__organization=ctx.org, status__in=[S.EXPIRED, S.DECLINED])
        .order_by("slug")[: SecondChanceRound.MAX_CANDIDATES]
    )
    if len(candidates) < 2:
        return
    opens_at = now - timedelta(days=3)
    round_ = SecondChanceRound.objects.create(
        organization=ctx.org, title=title, opens_at=opens_at, closes_at=now + timedelta(days=11),
        created_by=ctx.staff[Role.OWNER][0], created_at=opens_at - timedelta(days=2),
    )
    round_.candidates.set(candidates)
    rng = random.Random("boucle-demo-second-chance")
    voters = rng.sample(people.community, min(20, len(people.community)))
    SecondChanceVote.objects.bulk_create([
        SecondChanceVote(round=round_, voter=v, project=rng.choice(candidates),
                         created_at=opens_at + _days(rng, 0.1, 2.9))
        for v in voters
    ])


# --- Designs (studio) ----------------------------------------------------------------------------------

# The design kind each demo organization's technologies use; a kind whose package is not installed is skipped.
DEMO_KINDS = {"brickwerk": "bricks", "free-beer-collective": "recipes", "velomotive": "configurator"}
DESIGNS_PER_CHALLENGE = 3
EDITABLE = [S.PUBLISHED, S.SUPPORTED, S.IN_REVIEW, S.ACCEPTED, S.IN_PRODUCTION, S.AVAILABLE]


def _seed_designs(*, orgs: list[OrgContext], people: People) -> None:
    """Each technology whose kind is installed gets the kind's demo kit; the first projects of each of its
    challenges get a design each (the kind's demo designs, in turn); in each challenge the first design is
    forked into another project when the licences allow, and receives a suggestion from alice. Idempotent:
    a kit is saved once per technology, a challenge that has designs is left as it is."""
    from boucle.studio import services as studio
    from boucle.studio.licences import fork_refusal
    from boucle.studio.models import Design, DesignKit
    from boucle.studio.registry import find_kind

    for ctx in orgs:
        kind = find_kind(DEMO_KINDS.get(ctx.spec["slug"], ""))
        if kind is None:
            continue
        owner = ctx.staff[Role.OWNER][0]
        for technology in ctx.technologies:
            if not DesignKit.objects.filter(technology=technology).exists():
                studio.kit_save(actor=owner, technology=technology, kind=kind.name, content=kind.demo_kit())
        samples = kind.demo_designs()
        if not samples:
            continue
        for c, cspec in enumerate(ctx.spec["challenges"]):
            challenge = ctx.challenges[cspec["state"]]
            if Design.objects.filter(project__challenge=challenge).exists():
                continue  # seeded before (a generated community may since have added projects to it)
            projects = list(
                Project.objects.filter(challenge=challenge, status__in=EDITABLE, hidden_at__isnull=True)
                .select_related("technology__organization")
                .order_by("slug")[:DESIGNS_PER_CHALLENGE]
            )
            made = []
            for p, project in enumerate(projects):
                if Design.objects.filter(project=project).exists():
                    continue
                title, design_content = samples[(c * DESIGNS_PER_CHALLENGE + p) % len(samples)]
                made.append(studio.design_create(
                    actor=_owner_of(project), project=project, title=title, content=design_content,
                    message=_("First version"),
                ))
            if not made:
                continue
            first = made[0]
            for target in projects[1:]:
                if fork_refusal(source=first.project.licence, target=target.licence) is None:
                    studio.design_fork(actor=_owner_of(target), revision=first.head, into_project=target)
                    break
            if len(samples) > 1 and not first.project.team.filter(user=people.alice).exists():
                other_title, other_content = samples[(c * DESIGNS_PER_CHALLENGE + 1) % len(samples)]
                if other_content != first.head.content:
                    studio.suggestion_propose(
                        actor=people.alice, design=first, content=other_content, parent=first.head,
                        message=_("What about this instead: %(title)s?") % {"title": other_title},
                    )


def _owner_of(project: Project) -> User:
    return project.team.filter(role=TeamRole.OWNER).select_related("user").first().user
