"""No N+1 queries: every list page runs as many queries with 30 items as with 5.

One world is built with 5 of everything a page lists (projects, organizations, technologies, challenges,
comments, supports, review candidates), each page's queries are counted, the world grows to 30 and they are
counted again. A page whose count grows with its items fails, and the message shows the extra queries.
"""

from dataclasses import dataclass, field

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.community.services import comment_create, reaction_toggle
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, Tag
from boucle.projects.services import support_add
from boucle.projects.tests.factories import make_project
from boucle.reviews.models import ReviewWindow

SMALL, LARGE = 5, 30


@dataclass
class World:
    org: object
    reviewer: object
    star: object  # owns every project, comments and supports a lot: their member page lists it all
    technology: object
    challenge: object
    tag: object
    thread: object  # the project whose discussion grows
    window: object
    size: int = 0
    projects: list = field(default_factory=list)


def _build() -> World:
    reviewer = UserFactory(username="rita")
    org = OrganizationFactory(slug="acme", name="Acme")
    Membership.objects.create(organization=org, user=reviewer, role=Role.REVIEWER)
    technology = TechnologyFactory(organization=org, slug="acme-kit", name="Acme kit")
    challenge = ChallengeFactory(technology=technology, slug="acme-challenge", title="Acme challenge")
    star = UserFactory(username="star")
    thread_owner = UserFactory(username="threadowner")
    thread = make_project(owner=thread_owner, technology=technology, title="The discussed one", publish=True)
    window = ReviewWindow.objects.create(
        organization=org, title="Next", starts_at=timezone.now() + timezone.timedelta(days=30)
    )
    return World(
        org=org, reviewer=reviewer, star=star, technology=technology, challenge=challenge,
        tag=Tag.objects.create(name="shared", slug="shared"), thread=thread, window=window,
    )


def _grow(world: World, size: int) -> None:
    """Add items until there are ``size`` of each kind."""
    for i in range(world.size, size):
        other_org = OrganizationFactory(slug=f"org-{i}", name=f"Org {i}")
        other_tech = TechnologyFactory(organization=other_org, slug=f"tech-{i}", name=f"Tech {i}")
        ChallengeFactory(technology=other_tech, slug=f"challenge-{i}", title=f"Challenge {i}")
        coauthor = UserFactory(username=f"member{i}")
        project = make_project(
            owner=world.star, technology=world.technology, challenge=world.challenge,
            title=f"Project number {i}", tags=f"shared, t{i}", publish=True,
        )
        project.team.create(user=coauthor, role="coauthor")
        supporter = UserFactory(username=f"supporter{i}")
        support_add(actor=supporter, project=project)
        support_add(actor=supporter, project=world.thread)
        mine = make_project(owner=coauthor, technology=world.technology, title=f"Supported by star {i}", publish=True)
        support_add(actor=world.star, project=mine)
        comment = comment_create(author=coauthor, target=world.thread, body=f"Comment {i} with **bold**")
        reply = comment_create(author=world.star, target=world.thread, body=f"Reply {i} @member{i}", parent=comment)
        reaction_toggle(actor=world.star, comment=comment, kind="like")
        reaction_toggle(actor=coauthor, comment=reply, kind="idea")
        comment_create(author=world.star, target=project, body=f"Note {i}")
        # A supported project waiting for the window: the review queue lists it.
        queued = make_project(owner=coauthor, technology=world.technology, title=f"Queued {i}", publish=True)
        Project.objects.filter(pk=queued.pk).update(
            status=ProjectStatus.SUPPORTED, supported_at=timezone.now(), review_window=world.window
        )
        world.projects.append(project)
    world.size = size


def _pages(world: World) -> dict[str, tuple[str, str]]:
    """name -> (URL, who reads it: "anon", "member" or "reviewer")."""
    lst = reverse("project_list")
    pages = {f"project list sort={s}": (f"{lst}?sort={s}", "anon") for s in ("hot", "new", "supported", "ending")}
    pages |= {
        "project list stage": (f"{lst}?stage=published", "anon"),
        "project list tag": (f"{lst}?tag=shared", "anon"),
        "project list technology": (f"{lst}?technology=acme-kit&sort=new", "anon"),
        "project list challenge": (f"{lst}?challenge=acme-challenge&sort=supported", "anon"),
        "project list (member)": (lst, "member"),
        "organization list": (reverse("org_list"), "anon"),
        "organization page": (reverse("org_detail", args=["acme"]), "anon"),
        "technology list": (reverse("technology_list"), "anon"),
        "technology page": (reverse("technology_detail", args=["acme-kit"]), "anon"),
        "challenge list": (reverse("challenge_list"), "anon"),
        "challenge page": (reverse("challenge_detail", args=["acme-challenge"]), "anon"),
        "member page": (reverse("member_detail", args=["star"]), "anon"),
        "member page (member)": (reverse("member_detail", args=["star"]), "member"),
        "comment thread": (world.thread.get_absolute_url(), "anon"),
        "comment thread (member)": (world.thread.get_absolute_url(), "member"),
        "review queue": (reverse("review_queue", args=["acme"]), "reviewer"),
    }
    return pages


def _count(world: World) -> dict[str, tuple[int, list[str]]]:
    clients = {"anon": Client(), "member": Client(), "reviewer": Client()}
    clients["member"].force_login(world.star)
    clients["reviewer"].force_login(world.reviewer)
    counts = {}
    for name, (url, who) in _pages(world).items():
        clients[who].get(url)  # warm up: sessions, content types, site caches
        with CaptureQueriesContext(connection) as ctx:
            response = clients[who].get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        counts[name] = (len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries])
    return counts


@pytest.mark.django_db
def test_list_pages_run_the_same_number_of_queries_for_5_and_30_items(settings):
    settings.BOUCLE_PAGE_CACHE = False  # count the pages' own queries, not a cache hit
    # given
    world = _build()
    _grow(world, SMALL)
    small = _count(world)
    # when
    _grow(world, LARGE)
    large = _count(world)
    # then (shown with pytest -s: the figures of docs/PERFORMANCE.md)
    for name in small:
        print(f"{name:<32} {small[name][0]:>3} queries with {SMALL} items, {large[name][0]:>3} with {LARGE}")
    grown = {
        name: f"{small[name][0]} → {large[name][0]} queries; extra: "
        + "\n  ".join(sql[:200] for sql in large[name][1] if sql not in set(small[name][1]))[:3000]
        for name in small
        if large[name][0] != small[name][0]
    }
    assert grown == {}, "\n".join(f"{k}: {v}" for k, v in grown.items())
