"""No N+1 queries on the studio's list pages: each page runs as many queries with 30 items as with 5 (designs
in the gallery and on a project page, revisions in a history, suggestions, anchored comments, forks in a
lineage). See tests/test_query_counts.py for the rest of the site."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.tests.factories import make_design, make_kit, tally

pytestmark = pytest.mark.django_db

SMALL, LARGE = 5, 30


class World:
    def __init__(self):
        self.owner = UserFactory(username="owner")
        self.fan = UserFactory(username="fan")
        self.technology = TechnologyFactory(slug="fruit")
        make_kit(self.technology)
        self.project = make_project(
            owner=self.owner, technology=self.technology, licence=Licence.BY, publish=True
        )
        self.design = make_design(owner=self.owner, project=self.project, title="The main one")
        self.fans_project = make_project(
            owner=self.fan, technology=self.technology, licence=Licence.BY, publish=True
        )
        self.size = 0

    def grow(self, size):
        for i in range(self.size, size):
            make_design(
                owner=self.owner, project=self.project, counters=[("apple", i + 1)], title=f"Design {i}"
            )
            other = make_project(
                owner=UserFactory(), technology=self.technology, licence=Licence.BY, publish=True
            )
            make_design(project=other, counters=[("pear", i + 1)], title=f"Elsewhere {i}")
            self.design.refresh_from_db()
            services.revision_save(
                actor=self.owner,
                design=self.design,
                content=tally(("apple", 100 + i), ("pear", 1)),
                parent=self.design.revision_count,
                message=f"Step {i}",
            )
            self.design.refresh_from_db()
            suggester = UserFactory()
            services.suggestion_propose(
                actor=suggester,
                design=self.design,
                content=tally(("plum", i + 1)),
                parent=self.design.revision_count,
                message=f"Idea {i}",
            )
            services.design_comment_create(
                author=suggester,
                design=self.design,
                revision=self.design.head,
                element="item:apple" if i % 2 else "c1",
                body=f"Remark {i}",
            )
            services.design_fork(
                actor=self.fan, revision=self.design.head, into_project=self.fans_project, title=f"Fork {i}"
            )
        self.size = size

    def pages(self):
        design = self.design
        args = [design.project.slug, design.number]
        gallery = reverse("design_gallery")
        return {
            "gallery": gallery,
            "gallery by price": f"{gallery}?sort=price:asc",
            "gallery range and sort": f"{gallery}?sort=total:desc&metric=price&min=0",
            "gallery technology": f"{gallery}?technology=fruit&kind=tally&licence=CC-BY-4.0",
            "project page": self.project.get_absolute_url(),
            "design page": design.get_absolute_url(),
            "history": reverse("design_history", args=args),
            "suggestions": reverse("design_suggestions", args=args),
            "lineage": reverse("design_lineage", args=args),
        }


def _count(world, client):
    counts = {}
    for name, url in world.pages().items():
        client.get(url)  # warm up
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, (name, url)
        counts[name] = (len(ctx.captured_queries), [q["sql"] for q in ctx.captured_queries])
    return counts


@pytest.mark.parametrize("who", ["visitor", "member"])
def test_studio_pages_run_the_same_number_of_queries_for_5_and_30_items(settings, who):
    settings.BOUCLE_PAGE_CACHE = False
    # given
    world = World()
    client = Client()
    if who == "member":
        client.force_login(world.fan)
    world.grow(SMALL)
    small = _count(world, client)
    # when
    world.grow(LARGE)
    large = _count(world, client)
    # then
    for name in small:
        print(f"{name:<24} {small[name][0]:>3} queries with {SMALL} items, {large[name][0]:>3} with {LARGE}")
    grown = {
        name: f"{small[name][0]} → {large[name][0]}; extra: "
        + "\n  ".join(sql[:200] for sql in large[name][1] if sql not in set(small[name][1]))[:2000]
        for name in small
        if large[name][0] != small[name][0]
    }
    assert grown == {}, "\n".join(f"{k}: {v}" for k, v in grown.items())
