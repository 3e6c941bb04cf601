"""A generated community on top of the demo data: ``boucle seed --scale N``.

N projects spread over the demo organizations' technologies and challenges, ``max(10, N // 10)`` members,
exactly 10·N supports and 5·N comments (when N is large enough for the ladders to hold them, see
``_fit_total``), their ledger rows, lifecycle transitions, follows and activity events, written with
``bulk_create`` in batches of ``BATCH_PROJECTS`` projects, one transaction per batch.

Idempotent: ``GeneratedCommunity`` records how many projects and members are generated, updated in each
batch's transaction. A second run with the same N adds nothing; a larger N adds the difference (projects
N₀…N−1, the missing members); a smaller N changes nothing. An interrupted run resumes at the last whole batch.

The invariants the services keep hold here too: ``support_count`` equals the Support rows, every
(member, project) support is unique, ``support_tier``/``support_deadline`` follow the project's ladder,
every status change has its Transition, every act (project created, support, comment) its ledger row.
Every generated member shares one password hash (``make_password("demo-password")``, computed once).

Each batch draws from its own random generator seeded by its first index: the same N gives the same data.
"""

import functools
import importlib
import random
import sys
import time
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.accounts.models import User
from boucle.activity.models import Event, Follow, Verb
from boucle.challenges.models import Challenge
from boucle.community.models import Comment
from boucle.core.markdown import render_markdown
from boucle.demo import content
from boucle.demo.models import GeneratedCommunity
from boucle.demo.seed import DEMO_PASSWORD, _ascii, given_dates
from boucle.ledger.models import Contribution, ContributionKind
from boucle.orgs.models import Membership, Organization
from boucle.projects.enums import Licence, ProjectStatus, TeamRole
from boucle.projects.ladder import ladder_for
from boucle.projects.models import Project, ProjectMember, Support, Tag, Transition
from boucle.reviews.models import ReviewDecision, ReviewWindow

MAX_PROJECTS = 1_000_000
BATCH_PROJECTS = 1000  # projects per transaction: with their rows about 40,000 inserts
BATCH_MEMBERS = 5000
ROWS_PER_INSERT = 5000  # bulk_create batch_size
MAX_PARAMS = 30000  # parameters per raw INSERT (SQLite allows 32766, PostgreSQL 65535)
SUPPORTS_PER_PROJECT = 10
COMMENTS_PER_PROJECT = 5
REPLY_SHARE = 0.3

S = ProjectStatus
# Realistic proportions (percent): mostly published, expired and draft; fewer supported, reviewed, produced.
STATUS_WEIGHTS = {
    S.DRAFT: 14, S.PUBLISHED: 38, S.EXPIRED: 22, S.ARCHIVED: 6, S.SUPPORTED: 6, S.IN_REVIEW: 4,
    S.ACCEPTED: 4, S.DECLINED: 3, S.IN_PRODUCTION: 1.5, S.AVAILABLE: 1.5,
}
REVIEWED = {S.IN_REVIEW, S.ACCEPTED, S.DECLINED, S.IN_PRODUCTION, S.AVAILABLE}
# Which challenges (by state) a project of a given status may belong to (as the demo does).
CHALLENGE_STATES_FOR = {
    S.DRAFT: ["ideation", "support"],
    S.PUBLISHED: ["ideation", "support"],
    S.SUPPORTED: ["support"],
    S.EXPIRED: ["support", "finished"],
    S.ARCHIVED: ["support", "finished"],
}

# Word lists the titles, pitches, bodies and comments are combined from (search and similarity need variety).
ADJECTIVES = [
    "Compact", "Modular", "Foldable", "Open", "Rugged", "Tiny", "Grand", "Quiet", "Bright", "Classic",
    "Nordic", "Urban", "Rustic", "Playful", "Elegant", "Sturdy", "Light", "Seasonal", "Coastal", "Alpine",
    "Retro", "Minimal", "Colourful", "Portable", "Layered", "Hybrid", "Shared", "Family", "Pocket", "Giant",
    "Smoky", "Golden", "Hidden", "Twin", "Wild", "Gentle", "Clever", "Honest", "Patient", "Swift",
]
MATERIALS = [
    "", "", "", "", "oak", "copper", "slate", "linen", "cedar", "brass", "amber", "basalt", "hemp", "willow",
    "cobalt", "chalk", "maple", "iron", "clay", "moss",
]
THINGS = {
    "brick": ["base", "hinge", "roof", "crank", "window frame", "stair", "gear train", "tile pattern", "minifig"],
    "beer": ["grain bill", "yeast", "hop schedule", "mash", "water profile", "carbonation", "label", "malt"],
    "vehicle": ["rack", "battery", "frame", "brake", "mudguard", "kickstand", "box lid", "wheel", "light"],
}
EXTRA_SENTENCES = {
    "brick": [
        "The {m} colour scheme keeps the part count low.", "Every module fits a standard baseplate.",
        "We tested the {t} with three classes of primary school pupils.",
        "The interior opens like a book so small hands reach every room.",
        "A second version could add lights and a motor.", "Stickers are optional, prints are better.",
    ],
    "beer": [
        "The {m} notes come from a long, cool fermentation.", "Bottle-conditioned, it keeps for a year.",
        "We adjusted the {t} after a blind tasting at the collective.",
        "It pairs with smoked cheese and rye bread.", "A gluten-reduced variant is on the list.",
        "Ingredients cost about twelve euros per batch.",
    ],
    "vehicle": [
        "The {m} finish resists salt on winter roads.", "Every part is available from two suppliers.",
        "We rode the prototype {t} for eight months of daily commutes.",
        "The design keeps the centre of gravity low with a full load.",
        "A rental fleet version is being discussed.", "Spare parts fit in a saddle bag.",
    ],
}
COMMENT_EXTRAS = [
    "", "", "", "Great work so far.", "Following this one closely.", "Would love to see a video.",
    "My kids would adore this.", "Price matters more than looks here.", "Any idea of the weight?",
    "Could the instructions be translated?", "I shared it with my club.", "Supported and following.",
    "How long did the prototype take?", "Please keep it repairable.", "This could be a whole series.",
]

MEMBER_PREFIX = "m"  # generated usernames: m<index>-<first>-<last>; the demo's use dots
GENERATED_USERNAME = rf"^{MEMBER_PREFIX}[0-9]+-"


def members_for(projects: int) -> int:
    return max(10, projects // 10)


# --- Progress ------------------------------------------------------------------------------------


class Progress:
    """A one-line progress bar on a stream (stderr by default); silent when the stream is None."""

    def __init__(self, stream=sys.stderr, width: int = 30):
        self.stream, self.width, self.started = stream, width, time.monotonic()

    def show(self, label: str, done: int, total: int):
        if self.stream is None:
            return
        share = done / total if total else 1.0
        bar = "#" * int(self.width * share)
        elapsed = time.monotonic() - self.started
        self.stream.write(f"\r{label:<14} [{bar:<{self.width}}] {done:>8}/{total:<8} {elapsed:7.1f}s")
        if done >= total:
            self.stream.write("\n")
        self.stream.flush()

    def note(self, text: str):
        if self.stream is not None:
            self.stream.write(f"{text} ({time.monotonic() - self.started:.1f}s)\n")
            self.stream.flush()


# --- Entry point ---------------------------------------------------------------------------------


DATED = [User, Project, ProjectMember, Transition, Support, Comment, Contribution, ReviewDecision, Follow, Event,
         GeneratedCommunity]


def seed_scale(*, projects: int, progress: Progress | None = None, now=None) -> str:
    """Generate a community of ``projects`` projects on top of the demo data (which must be loaded).

    Returns a one-line report. Raises ValueError with a message for the person on bad input.
    """
    if not 1 <= projects <= MAX_PROJECTS:
        raise ValueError(_("The scale must be between 1 and %(max)d projects.") % {"max": MAX_PROJECTS})
    progress = progress or Progress(stream=None)
    now = now or timezone.now()
    world = _World.load(now=now)
    marker = GeneratedCommunity.objects.first()
    if marker is None:
        marker = GeneratedCommunity.objects.create(created_at=now, updated_at=now)
    if marker.projects >= projects:
        return _(
            "A community of %(done)d generated projects is already loaded (asked: %(n)d): nothing changed."
        ) % {"done": marker.projects, "n": projects}
    before = marker.projects
    with given_dates(DATED):
        _generate_members(marker=marker, wanted=members_for(projects), world=world, progress=progress, now=now)
        world.load_members()
        total = projects - marker.projects
        for start in range(marker.projects, projects, BATCH_PROJECTS):
            end = min(projects, start + BATCH_PROJECTS)
            with transaction.atomic():
                _generate_projects(start=start, end=end, world=world, now=now)
                marker.projects = end
                marker.updated_at = now
                marker.save(update_fields=["projects", "updated_at"])
            progress.show(_("projects"), end - before, total)
    _rebuild_derived(now=now, progress=progress)
    return _(
        "Generated community: %(projects)d projects (%(added)d added), %(members)d members. "
        "Totals: %(supports)d supports, %(comments)d comments, %(follows)d follows, %(events)d events, "
        "%(notifications)d notifications."
    ) % {
        "projects": marker.projects, "added": marker.projects - before, "members": marker.members,
        "supports": Support.objects.count(), "comments": Comment.objects.count(),
        "follows": Follow.objects.count(), "events": Event.objects.count(),
        "notifications": model.objects.count() if (model := _notification_model()) else 0,
    }


def _rebuild_derived(*, now, progress: Progress):
    from boucle.projects.services import projects_hot_score_recompute

    projects_hot_score_recompute(now=now)
    progress.note(_("Hot scores recomputed"))
    # Fresh planner statistics: without them PostgreSQL plans the lists for the empty tables of before.
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    progress.note(_("Statistics updated"))
    # Raw inserts send no signals: tell the anonymous page cache (when there is one) that everything changed.
    try:
        pagecache = importlib.import_module("boucle.core.pagecache")
    except ImportError:
        pagecache = None
    if pagecache is not None and hasattr(pagecache, "bump"):
        pagecache.bump()
    try:
        search = importlib.import_module("boucle.search.services")
    except ImportError:
        return
    reindex = getattr(search, "search_reindex", None)
    if reindex is not None:
        reindex()
        progress.note(_("Search index rebuilt"))


# --- The world the generated community lives in ---------------------------------------------------


class _World:
    """The demo organizations, their technologies, challenges, ladders and review windows, and the members."""

    def __init__(self, *, now):
        self.now = now
        self.orgs = []  # dicts: org, domain, technologies, challenges (state -> Challenge), windows, staff
        self.tags = {}
        self.members = []  # ids of generated members, index order
        self.community = []  # ids of the demo's people who propose, support and comment (not staff admin)
        self.cts = {}
        self.people = {}  # id -> {"username", "name"}, as events store their actor

    @classmethod
    def load(cls, *, now) -> "_World":
        world = cls(now=now)
        specs = {spec["slug"]: spec for spec in content.ORGANIZATIONS}
        orgs = {o.slug: o for o in Organization.objects.filter(slug__in=specs)}
        if len(orgs) != len(specs):
            raise ValueError(_("Load the demo data first (boucle seed)."))
        for slug, spec in specs.items():
            org = orgs[slug]
            technologies = list(org.technologies.order_by("id"))
            states = {c["slug"]: c["state"] for c in spec["challenges"]}
            challenges = {
                states[c.slug]: c
                for c in Challenge.objects.filter(slug__in=states).select_related("technology__organization")
            }
            windows = {w.title: w for w in ReviewWindow.objects.filter(organization=org)}
            world.orgs.append({
                "org": org, "domain": spec["domain"], "technologies": technologies, "challenges": challenges,
                "next": windows.get("Autumn review"), "latest": windows.get("Spring review"),
                "staff": list(Membership.objects.filter(organization=org).values_list("user_id", flat=True)),
                "tags": [slugify(t) for t in content.TAGS[spec["domain"]]],
            })
        world.tags = {t.slug: t.pk for t in Tag.objects.all()}
        world.community = list(
            User.objects.filter(is_staff=False).exclude(username__regex=GENERATED_USERNAME)
            .order_by("id").values_list("id", flat=True)
        )
        world.cts = {m: ContentType.objects.get_for_model(m) for m in (Project, Support, Comment, User, Organization,
                                                                        Tag, Challenge)}
        return world

    def load_members(self):
        self.members = list(
            User.objects.filter(username__regex=GENERATED_USERNAME).order_by("id").values_list("id", flat=True)
        )
        self.people = {
            pk: {"username": username, "name": name or username}
            for pk, username, name in User.objects.values_list("id", "username", "display_name")
        }


def _member_username(i: int) -> tuple[str, str]:
    first = content.FIRST_NAMES[i % len(content.FIRST_NAMES)]
    last = content.LAST_NAMES[(i // len(content.FIRST_NAMES) + i * 7) % len(content.LAST_NAMES)]
    return f"{MEMBER_PREFIX}{i}-{_ascii(first)}-{_ascii(last)}".replace(" ", ""), f"{first} {last}"


def _generate_members(*, marker: GeneratedCommunity, wanted: int, world: _World, progress: Progress, now):
    if marker.members >= wanted:
        return
    password = make_password(DEMO_PASSWORD)  # hashed once, shared by every generated member
    start_count = marker.members
    org_ids = [o["org"].pk for o in world.orgs]
    tag_ids = sorted(world.tags.values())
    ct_user, ct_org, ct_tag = world.cts[User], world.cts[Organization], world.cts[Tag]
    for start in range(marker.members, wanted, BATCH_MEMBERS):
        end = min(wanted, start + BATCH_MEMBERS)
        rng = random.Random(f"boucle-scale-members-{start}")
        users = []
        for i in range(start, end):
            username, display = _member_username(i)
            first, _sep, last = display.partition(" ")
            users.append(User(
                username=username, email=f"{username}@members.example.org", password=password,
                first_name=first, last_name=last, display_name=display,
                bio=f"{rng.choice(content.BIO_OPENINGS)} {rng.choice(content.BIO_CLOSINGS)}",
                skills=rng.sample(content.SKILLS, rng.randint(1, 4)), links=[],
                date_joined=now - timedelta(days=rng.uniform(1, 730)),
            ))
        with transaction.atomic():
            users = User.objects.bulk_create(users, batch_size=ROWS_PER_INSERT)
            if users[0].pk is None:  # a backend that does not return primary keys
                ids = dict(User.objects.filter(username__in=[u.username for u in users]).values_list("username", "id"))
                for u in users:
                    u.pk = ids[u.username]
            EmailAddress.objects.bulk_create(
                [EmailAddress(user_id=u.pk, email=u.email, verified=True, primary=True) for u in users],
                batch_size=ROWS_PER_INSERT,
            )
            # Each new member follows an organization, a few tags and a few other members.
            earlier = world.community + [u.pk for u in users]
            follows = []
            for u in users:
                at = u.date_joined + timedelta(days=rng.uniform(0, 30))
                follows.append(Follow(follower_id=u.pk, target_type=ct_org, target_id=rng.choice(org_ids),
                                      created_at=at))
                for tag in rng.sample(tag_ids, min(2, len(tag_ids))):
                    follows.append(Follow(follower_id=u.pk, target_type=ct_tag, target_id=tag, created_at=at))
                for other in {rng.choice(earlier) for _k in range(3)} - {u.pk}:
                    follows.append(Follow(follower_id=u.pk, target_type=ct_user, target_id=other, created_at=at))
            Follow.objects.bulk_create(follows, batch_size=ROWS_PER_INSERT, ignore_conflicts=True)
            marker.members = end
            marker.updated_at = now
            marker.save(update_fields=["members", "updated_at"])
        progress.show(_("members"), end - start_count, wanted - start_count)


# --- Projects ------------------------------------------------------------------------------------


@functools.lru_cache(maxsize=20_000)
def _html(text: str) -> str:
    """Rendered and sanitized once per distinct text (comments reuse a few thousand texts)."""
    return render_markdown(text)


def _days(rng, low, high) -> timedelta:
    return timedelta(days=rng.uniform(low, high))


def _spread(rng, count: int, start, end) -> list:
    span = max((end - start).total_seconds(), 60)
    return sorted(start + timedelta(seconds=span * rng.uniform(0.01, 0.99)) for _i in range(count))


def _range_for(status, ladder, room: int) -> tuple[int, int]:
    """The support counts a project of this status may have under this ladder (room: supporters available)."""
    first, last = ladder[0]["supporters"], ladder[-1]["supporters"]
    if status == S.DRAFT:
        return 0, 0
    if status == S.PUBLISHED:
        return 0, min(last - 1, room)
    if status in (S.EXPIRED, S.ARCHIVED):
        return 0, min(first - 1, room)
    return min(last, room), min(last + 20, room)  # supported and beyond: the last tier reached


def _fit_total(rng, counts: list, ranges: list, target: int) -> None:
    """Nudge ``counts`` inside their ranges until they sum to ``target`` (as close as the ranges allow)."""
    diff = target - sum(counts)
    order = list(range(len(counts)))
    for _pass in range(50):
        if diff == 0:
            return
        rng.shuffle(order)
        moved = False
        for i in order:
            lo, hi = ranges[i]
            step = min(diff, hi - counts[i], max(1, diff // 20)) if diff > 0 else \
                max(diff, lo - counts[i], min(-1, diff // 20))
            if step:
                counts[i] += step
                diff -= step
                moved = True
            if diff == 0:
                return
        if not moved:
            return


def _title(rng, domain: str, i: int) -> str:
    material = rng.choice(MATERIALS)
    subject = rng.choice(content.SUBJECTS[domain])
    adjective = rng.choice(ADJECTIVES)
    twist = rng.choice(content.TWISTS[domain])
    title = f"{adjective} {material} {subject.lower()} {twist}" if material else f"{adjective} {subject.lower()} {twist}"
    return title[:140]


def _body(rng, domain: str, title: str) -> str:
    sections = content.BODY_SECTIONS[domain]
    parts = [s.format(s=title, t=rng.choice(["designed for everyone", "built to last", "made to share"]),
                      n=rng.randint(60, 2400), g=rng.randint(40, 90))
             for s in sections[: rng.randint(2, len(sections))]]
    extras = rng.sample(EXTRA_SENTENCES[domain], rng.randint(1, 3))
    parts.append(" ".join(e.format(m=rng.choice(MATERIALS[4:]), t=rng.choice(THINGS[domain])) for e in extras))
    return "\n\n".join(parts)


def _comment_text(rng, domain: str, reply: bool) -> str:
    if reply:
        first = rng.choice(content.REPLIES)
    else:
        first = rng.choice(content.COMMENTS).format(thing=rng.choice(THINGS[domain]))
    extra = rng.choice(COMMENT_EXTRAS)
    return f"{first} {extra}".strip()


def _generate_projects(*, start: int, end: int, world: _World, now) -> None:
    rng = random.Random(f"boucle-scale-projects-{start}")
    statuses, weights = list(STATUS_WEIGHTS), list(STATUS_WEIGHTS.values())
    licences = [c.value for c in Licence]
    people = world.members + world.community
    proposers = world.members or world.community

    plans = []  # per project: dict of what it needs
    for i in range(start, end):
        ctx = world.orgs[i % len(world.orgs)]
        status = rng.choices(statuses, weights)[0]
        technology = rng.choice(ctx["technologies"])
        challenge = None
        states = [s for s in CHALLENGE_STATES_FOR.get(status, []) if s in ctx["challenges"]]
        if states and rng.random() < 0.5:
            challenge = ctx["challenges"][rng.choice(states)]
            technology = challenge.technology
        ladder = ladder_for(technology=technology, challenge=challenge)
        owner = rng.choice(proposers)
        team = [owner]
        if rng.random() < 0.3:
            team += [u for u in rng.sample(proposers, min(2, len(proposers))) if u != owner][: rng.randint(1, 2)]
        room = len(people) - len(team)
        lo, hi = _range_for(status, ladder, room)
        if status == S.PUBLISHED:
            want = int(ladder[0]["supporters"] * rng.random() ** 1.5) if rng.random() < 0.7 else \
                rng.randint(ladder[0]["supporters"], ladder[-1]["supporters"] - 1)
        elif status in (S.EXPIRED, S.ARCHIVED):
            want = int(ladder[0]["supporters"] * rng.random() ** 1.5)
        else:
            want = lo + int((hi - lo) * rng.random() ** 2)
        plans.append({
            "i": i, "ctx": ctx, "status": status, "technology": technology, "challenge": challenge,
            "ladder": ladder, "team": team, "range": (lo, hi), "count": max(lo, min(hi, want)),
        })
    # Drafts and draft-archived projects get no supports; the rest share exactly 10 per project of the batch.
    for p in plans:
        if p["status"] == S.ARCHIVED and rng.random() < 0.3:
            p["never_published"] = True
            p["range"], p["count"] = (0, 0), 0
    counts = [p["count"] for p in plans]
    _fit_total(rng, counts, [p["range"] for p in plans], SUPPORTS_PER_PROJECT * len(plans))
    for p, n in zip(plans, counts, strict=True):
        p["count"] = n

    projects = []
    for p in plans:
        _plan_story(rng, p, world=world, people=people, now=now)
        domain = p["ctx"]["domain"]
        title = _title(rng, domain, p["i"])
        pitch = rng.choice(content.PITCHES[domain]).format(s=title.lower())[:280]
        project = Project(
            title=title, slug=f"{slugify(title)[:140]}-g{p['i']}", pitch=pitch, body=_body(rng, domain, title),
            licence=licences[p["i"] % len(licences)], technology=p["technology"], challenge=p["challenge"],
            status=p["status"].value, created_by_id=p["team"][0], created_at=p["created_at"],
            updated_at=p["updated_at"], published_at=p["published_at"], support_count=p["count"],
            support_ladder=p["ladder"] if p["published_at"] else None, support_tier=p["tier"],
            support_deadline=p["deadline"], supported_at=p["supported_at"], review_window=p["window"],
        )
        p["project"] = project
        projects.append(project)
    _insert_returning(Project, projects)
    ReviewDecision.objects.bulk_create(
        [ReviewDecision(project=p["project"], **p["decision"]) for p in plans if p["decision"]],
        batch_size=ROWS_PER_INSERT,
    )

    # The many small rows go through plain multi-row INSERTs: the ORM's per-object cost dominates otherwise.
    dt = connection.ops.adapt_datetimefield_value
    K = ContributionKind
    ct_project, ct_support, ct_comment = world.cts[Project].pk, world.cts[Support].pk, world.cts[Comment].pk
    team_rows, transitions, supports, tag_rows, ledger = [], [], [], [], []
    for p in plans:
        pk, created = p["project"].pk, dt(p["project"].created_at)
        for n, user_id in enumerate(p["team"]):
            team_rows.append((pk, user_id, TeamRole.OWNER.value if n == 0 else TeamRole.COAUTHOR.value, created))
        for from_status, to_status, at, actor, reason in p["events"]:
            transitions.append((pk, from_status.value, to_status.value, actor, reason, dt(at)))
        for user_id, at in zip(p["supporters"], p["supports_at"], strict=True):
            supports.append((pk, user_id, dt(at)))
        for slug in rng.sample(p["ctx"]["tags"], rng.randint(1, 3)):
            if slug in world.tags:
                tag_rows.append((pk, world.tags[slug]))
        ledger.append((p["team"][0], pk, K.PROJECT_CREATED.value, ct_project, pk, created))
    _insert(ProjectMember, ["project", "user", "role", "created_at"], team_rows)
    _insert(Transition, ["project", "from_status", "to_status", "actor", "reason", "created_at"], transitions)
    _insert(Project.tags.through, ["project", "tag"], tag_rows)
    support_ids = _insert(Support, ["project", "user", "created_at"], supports, returning=True)
    ledger += [(s[1], s[0], K.SUPPORT.value, ct_support, sid, s[2]) for s, sid in zip(supports, support_ids, strict=True)]

    comments = _generate_comments(rng, plans=plans, people=people, now=now)  # (id, project, author, at, body)
    ledger += [(author, project, K.COMMENT.value, ct_comment, cid, dt(at)) for cid, project, author, at, _b in comments]
    _insert(Contribution, ["actor", "project", "kind", "object_type", "object_id", "created_at"], ledger)

    # Follows: the team follows its project, and a few members too.
    follows = []
    for p in plans:
        project = p["project"]
        followers = set(p["team"])
        if project.published_at:
            followers |= {rng.choice(people) for _k in range(rng.choice([0, 0, 1, 1, 2, 3]))}
        at = dt(project.published_at or project.created_at)
        follows += [(u, ct_project, project.pk, at) for u in sorted(followers)]
    _insert(Follow, ["follower", "target_type", "target_id", "created_at"], follows)

    # Events: each publication and each comment, for feeds and activity streams (data as event_record writes it).
    data = Event._meta.get_field("data")
    events, comment_events = [], []
    for p in plans:
        project = p["project"]
        p["scope"] = _scope(project, p["ctx"]["org"])
        if project.published_at:
            events.append((
                Verb.PROJECT_PUBLISHED.value, project.created_by_id, ct_project, project.pk, project.pk,
                p["ctx"]["org"].pk, project.challenge_id,
                data.get_db_prep_save({"actor": world.people[project.created_by_id], **p["scope"]}, connection),
                dt(project.published_at),
            ))
    plan_of = {p["project"].pk: p for p in plans}
    for cid, project_id, author, at, body in comments:
        p = plan_of[project_id]
        project = p["project"]
        payload = {
            "actor": world.people[author], **p["scope"],
            "target": {"kind": "project", "title": project.title, "slug": project.slug},
            "comment_id": cid, "mentions": [], "parent_author": None, "excerpt": " ".join(body.split())[:140],
        }
        comment_events.append((
            Verb.COMMENT_POSTED.value, author, ct_comment, cid, project_id, p["ctx"]["org"].pk, project.challenge_id,
            data.get_db_prep_save(payload, connection), dt(at),
        ))
    fields = ["verb", "actor", "subject_type", "subject_id", "project", "organization", "challenge", "data",
              "created_at"]
    _insert(Event, fields, events)
    event_ids = _insert(Event, fields, comment_events, returning=True)
    _notify_comments(world=world, plans=plan_of, comments=comments, event_ids=event_ids, now=now)


def _scope(project, org) -> dict:
    scope = {
        "project": {"title": project.title, "slug": project.slug, "status": project.status},
        "organization": {"name": org.name, "slug": org.slug},
    }
    if project.challenge is not None:
        scope["challenge"] = {"title": project.challenge.title, "slug": project.challenge.slug}
    return scope


def _notify_comments(*, world, plans: dict, comments: list, event_ids: list, now) -> int:
    """In-app notifications of the comments to each project's owner (read when older than two weeks).

    Written only when the notifications app has its Notification model; returns how many were written.
    """
    model = _notification_model()
    if model is None:
        return 0
    dt = connection.ops.adapt_datetimefield_value
    rows = []
    for (_cid, project_id, author, at, _body), event_id in zip(comments, event_ids, strict=True):
        owner = plans[project_id]["team"][0]
        if owner != author:
            read_at = dt(at + timedelta(hours=6)) if (now - at).days > 14 else None
            rows.append((owner, "project_comment", "in_app", event_id, read_at, dt(at)))
    _insert(model, ["recipient", "kind", "channel", "event", "read_at", "created_at"], rows)
    return len(rows)


def _notification_model():
    try:
        return importlib.import_module("boucle.notifications.models").Notification
    except (ImportError, AttributeError):
        return None


def _insert(model, fields: list[str], rows: list[tuple], *, returning: bool = False) -> list[int]:
    """Insert ready-made values (dates already adapted); the new ids in order if ``returning``.

    SQLite: multi-row INSERTs (like Django's bulk_create, relies on RETURNING giving ids in VALUES order).
    PostgreSQL: COPY (see ``_copy``).
    """
    if not rows:
        return []
    qn = connection.ops.quote_name
    opts = model._meta
    if connection.vendor == "postgresql":
        return _copy(model, fields, rows, returning=returning)
    columns = ", ".join(qn(opts.get_field(f).column) for f in fields)
    per = max(1, MAX_PARAMS // len(fields))
    one = "(" + ", ".join(["%s"] * len(fields)) + ")"
    tail = f" RETURNING {qn(opts.pk.column)}" if returning else ""
    ids = []
    with connection.cursor() as cursor:
        for k in range(0, len(rows), per):
            chunk = rows[k : k + per]
            sql = f"INSERT INTO {qn(opts.db_table)} ({columns}) VALUES {', '.join([one] * len(chunk))}{tail}"
            cursor.execute(sql, [v for row in chunk for v in row])
            if returning:
                ids += [r[0] for r in cursor.fetchall()]
    return ids


def _copy(model, fields: list[str], rows: list[tuple], *, returning: bool) -> list[int]:
    """PostgreSQL: COPY … FROM STDIN, many times faster than INSERTs; ids drawn from the table's sequence first."""
    qn = connection.ops.quote_name
    opts = model._meta
    table = qn(opts.db_table)
    columns = [qn(opts.get_field(f).column) for f in fields]
    ids = []
    with connection.cursor() as cursor:
        if returning:
            pk = opts.pk.column
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [opts.db_table, pk, len(rows)],
            )
            ids = [r[0] for r in cursor.fetchall()]
            columns.insert(0, qn(pk))
            rows = [(i, *row) for i, row in zip(ids, rows, strict=True)]
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
    return ids


def _insert_returning(model, rows: list) -> list:
    """bulk_create that leaves primary keys on the rows (SQLite ≥ 3.35 and PostgreSQL return them)."""
    rows = model.objects.bulk_create(rows, batch_size=ROWS_PER_INSERT)
    if rows and rows[0].pk is None:
        raise RuntimeError("This database does not return primary keys from bulk inserts.")
    return rows


def _plan_story(rng, p: dict, *, world: _World, people: list, now) -> None:
    """Dates, transitions, supporters, tier and deadline of one project, consistent with its status."""
    status, ladder, ctx, team = p["status"], p["ladder"], p["ctx"], p["team"]
    owner = team[0]
    first = ladder[0]
    events, published_at, supported_at, deadline, window, tier = [], None, None, None, None, 0
    end = now  # supports stop here
    p["decision"] = None

    if status == S.DRAFT or p.get("never_published"):
        created_at = now - _days(rng, 1, 300)
        if status == S.ARCHIVED:
            events.append((S.DRAFT, S.ARCHIVED, created_at + _days(rng, 0.1, 0.9), owner,
                           rng.choice(content.TRANSITION_REASONS[(S.DRAFT.value, S.ARCHIVED.value)])))
    elif status == S.PUBLISHED:
        published_at = now - _days(rng, 0.2, first["days"] - 1)
        events.append((S.DRAFT, S.PUBLISHED, published_at, owner, ""))
    elif status in (S.EXPIRED, S.ARCHIVED):
        published_at = now - timedelta(days=first["days"]) - _days(rng, 2, 320)
        end = published_at + timedelta(days=first["days"])
        events.append((S.DRAFT, S.PUBLISHED, published_at, owner, ""))
        events.append((S.PUBLISHED, S.EXPIRED, end, None, "The support time ran out."))
        if status == S.ARCHIVED:
            events.append((S.EXPIRED, S.ARCHIVED, min(end + _days(rng, 1, 20), now), owner,
                           rng.choice(content.TRANSITION_REASONS[(S.EXPIRED.value, S.ARCHIVED.value)])))
    else:  # supported, and everything that went through review
        if status == S.SUPPORTED or ctx["latest"] is None:
            window = ctx["next"]
            supported_at = now - _days(rng, 0.5, 18)
        else:
            window = ctx["latest"]
            supported_at = window.starts_at - _days(rng, 1, 40)
        published_at = supported_at - _days(rng, 2, max(3, first["days"] - 1))
        tier = len(ladder) - 1
        events.append((S.DRAFT, S.PUBLISHED, published_at, owner, ""))
        events.append((S.PUBLISHED, S.SUPPORTED, supported_at, None, ""))
        if status in REVIEWED:
            opened = window.opened_at or window.starts_at
            events.append((S.SUPPORTED, S.IN_REVIEW, opened, None, f"The review window “{window.title}” opened."))
            if status != S.IN_REVIEW:
                accepted = status != S.DECLINED
                decided_at = opened + _days(rng, 1, 8)
                decider = rng.choice(ctx["staff"]) if ctx["staff"] else None
                reason = rng.choice(content.ACCEPT_REASONS if accepted else content.DECLINE_REASONS)
                to = S.ACCEPTED if accepted else S.DECLINED
                events.append((S.IN_REVIEW, to, decided_at, decider, reason))
                if decider is not None:
                    p["decision"] = {"decision": to.value, "reason": reason, "decided_by_id": decider,
                                     "created_at": decided_at}
                if status in (S.IN_PRODUCTION, S.AVAILABLE):
                    started = decided_at + _days(rng, 1, 4)
                    events.append((S.ACCEPTED, S.IN_PRODUCTION, started, decider, ""))
                    if status == S.AVAILABLE:
                        events.append((S.IN_PRODUCTION, S.AVAILABLE, started + _days(rng, 1, 3), decider, ""))

    if published_at is not None:
        created_at = published_at - _days(rng, 0.1, 20)
    count = p["count"]
    excluded = set(team)
    supporters = []
    while len(supporters) < count:  # distinct members outside the team
        for u in rng.sample(people, min(len(people), count + len(team))):
            if u not in excluded:
                excluded.add(u)
                supporters.append(u)
                if len(supporters) == count:
                    break
    if supported_at is not None:
        last = ladder[-1]["supporters"]
        supports_at = _spread(rng, last - 1, published_at, supported_at) + [supported_at]
        supports_at += _spread(rng, count - last, supported_at, now)
    else:
        supports_at = _spread(rng, count, published_at, end) if count else []
    if status == S.PUBLISHED:
        tier = sum(1 for t in ladder if count >= t["supporters"])
        if tier == 0:
            deadline = published_at + timedelta(days=first["days"])
        else:
            reached = supports_at[ladder[tier - 1]["supporters"] - 1]
            deadline = reached + timedelta(days=ladder[tier]["days"])
            if deadline <= now:
                deadline = now + _days(rng, 1, 10)
    p.update(
        created_at=created_at, published_at=published_at, supported_at=supported_at, deadline=deadline,
        window=window, tier=tier, events=events, supporters=supporters, supports_at=supports_at,
        updated_at=events[-1][2] if events else created_at,
    )


def _generate_comments(rng, *, plans: list, people: list, now) -> list[tuple]:
    """5 comments per project of the batch, on its published projects, 30% of them replies.

    Returns (id, project id, author id, created_at, body) of the saved comments.
    """
    public = [p for p in plans if p["published_at"] is not None]
    if not public:
        return []
    ct_project = ContentType.objects.get_for_model(Project).pk
    dt = connection.ops.adapt_datetimefield_value
    weights = [1 + p["count"] for p in public]
    per_project = {}
    for k in rng.choices(range(len(public)), weights, k=COMMENTS_PER_PROJECT * len(plans)):
        per_project[k] = per_project.get(k, 0) + 1
    tops, replies = [], []  # replies: (row, index of its parent in tops)
    for k, n in sorted(per_project.items()):
        p = public[k]
        pk, domain = p["project"].pk, p["ctx"]["domain"]
        until = p["events"][-1][2] if p["status"] in (S.EXPIRED, S.ARCHIVED) else now
        mine = []
        for at in _spread(rng, n, p["published_at"], until):
            reply = bool(mine) and rng.random() < REPLY_SHARE
            author = p["team"][0] if reply and rng.random() < 0.6 else rng.choice(people)
            text = _comment_text(rng, domain, reply)
            row = [ct_project, pk, pk, None, author, text, _html(text), at]
            if reply:
                replies.append((row, rng.choice(mine)))
            else:
                mine.append(len(tops))
                tops.append(row)
    fields = ["target_type", "target_id", "project", "parent", "author", "body", "body_html", "created_at"]
    top_ids = _insert(Comment, fields, [(*r[:7], dt(r[7])) for r in tops], returning=True)
    for row, parent in replies:
        row[3] = top_ids[parent]
    reply_ids = _insert(Comment, fields, [(*r[:7], dt(r[7])) for r, _p in replies], returning=True)
    rows = tops + [r for r, _p in replies]
    return [(cid, r[2], r[4], r[7], r[5]) for cid, r in zip(top_ids + reply_ids, rows, strict=True)]
