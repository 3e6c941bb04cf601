import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boucle.challenges.tests.factories import ChallengeFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project
from boucle.projects.selectors import project_list
from boucle.projects.tests.factories import force_status, make_project

pytestmark = pytest.mark.django_db


@pytest.fixture
def projects(user):
    challenge = ChallengeFactory()
    now = timezone.now()
    a = make_project(owner=user, publish=True, title="Alpha", tags="castle", challenge=challenge)
    b = make_project(owner=user, publish=True, title="Bravo", tags="boat")
    c = make_project(owner=user, publish=True, title="Charlie", tags="castle, boat")
    Project.objects.filter(pk=a.pk).update(
        hot_score=1,
        support_count=50,
        published_at=now - timedelta(days=3),
        support_deadline=now + timedelta(days=9),
    )
    Project.objects.filter(pk=b.pk).update(
        hot_score=9,
        support_count=5,
        published_at=now - timedelta(days=1),
        support_deadline=now + timedelta(days=2),
    )
    Project.objects.filter(pk=c.pk).update(
        hot_score=5,
        support_count=20,
        published_at=now - timedelta(days=2),
        support_deadline=now + timedelta(days=5),
    )
    make_project(owner=user, title="Draft")
    force_status(make_project(owner=user, publish=True, title="Archived"), ProjectStatus.ARCHIVED)
    accepted = force_status(make_project(owner=user, publish=True, title="Delta"), ProjectStatus.ACCEPTED)
    Project.objects.filter(pk=accepted.pk).update(published_at=now - timedelta(days=30))
    return {"a": a, "b": b, "c": c, "challenge": challenge}


def titles(qs):
    return [p.title for p in qs]


@pytest.mark.parametrize(
    "sort,expected",
    [
        ("hot", ["Bravo", "Charlie", "Alpha", "Delta"]),
        ("new", ["Bravo", "Charlie", "Alpha", "Delta"]),
        ("supported", ["Alpha", "Charlie", "Bravo", "Delta"]),
        ("ending", ["Bravo", "Charlie", "Alpha"]),
        ("nonsense", ["Bravo", "Charlie", "Alpha", "Delta"]),
    ],
)
def test_sorts(projects, sort, expected):
    assert titles(project_list(sort=sort)) == expected


def test_filters(projects):
    assert titles(project_list(sort="supported", tag="castle")) == ["Alpha", "Charlie"]
    assert titles(project_list(challenge=projects["challenge"].slug)) == ["Alpha"]
    assert titles(project_list(technology=projects["b"].technology.slug)) == ["Bravo"]
    assert titles(project_list(stage="accepted")) == ["Delta"]
    assert titles(project_list(stage="archived")) == ["Archived"]
    assert titles(project_list(stage="draft")) == []


def test_the_list_page_filters_without_js_and_refreshes_with_htmx(client, projects):
    response = client.get(
        reverse("project_list"), {"sort": "supported", "tag": "castle", "technology": "nope"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Alpha") < html.index("Charlie") and "Bravo" not in html and "Draft" not in html
    partial = client.get(
        reverse("project_list"),
        {"stage": "accepted"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="project-results",
    )
    body = partial.content.decode()
    assert "Delta" in body and "<html" not in body and "<form" not in body


def test_the_list_is_paginated_by_24(client, user):
    for i in range(26):
        make_project(owner=user, publish=True, title=f"Idea {i}")
    first = client.get(reverse("project_list")).content.decode()
    second = client.get(reverse("project_list"), {"page": 2}).content.decode()
    assert first.count("<article>") == 24 and second.count("<article>") == 2
    assert client.get(reverse("project_list"), {"page": "zzz"}).status_code == 200


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_leave_no_active_content(client, user, payload):
    # given a project whose every text field carries the payload
    project = make_project(
        owner=user, publish=True, title=payload[:140], pitch=payload, body=payload, tags=[payload[:50]]
    )
    # when
    pages = [client.get(project.get_absolute_url()), client.get(reverse("project_list"))]
    # then
    for page in pages:
        assert page.status_code == 200
        assert active_content(page.content.decode()) == []


def test_a_long_list_says_more_than_and_keeps_next_pages(client, user, monkeypatch):
    """Past the counting cap the list says "more than N" and still links to the next page."""
    from boucle.core import pagination
    from boucle.projects import views

    monkeypatch.setattr(pagination, "DEFAULT_CAP", 2)
    monkeypatch.setattr(views, "PAGE_SIZE", 1)
    for title in ["Alpha", "Bravo", "Charlie", "Delta", "Echo"]:
        make_project(owner=user, publish=True, title=title)
    html = client.get(reverse("project_list") + "?sort=new").content.decode()
    assert "More than 2 projects" in html
    assert "Page 1</span>" in html and "Page 1 of" not in html
    assert 'rel="next"' in html
    deep = client.get(reverse("project_list") + "?sort=new&page=5").content.decode()
    assert "5 projects" in deep and "Page 5 of 5" in deep  # counted far enough to know it is the last
    assert 'rel="next"' not in deep and "Alpha" in deep


def test_cards_show_status_supporters_time_left_and_tags(client, user):
    project = make_project(owner=user, publish=True, title="Castle <b>gate</b>", tags="castle, towers")
    Project.objects.filter(pk=project.pk).update(support_count=1)
    html = client.get(reverse("project_list")).content.decode()
    assert f'href="{project.get_absolute_url()}">Castle &lt;b&gt;gate&lt;/b&gt;</a>' in html
    assert '<span class="badge status-published">published</span>' in html
    assert re.search(r"1 supporter · [^<]+ left</p>", html)
    assert f'href="{reverse("project_list")}?tag=castle">#castle</a>' in html
    french = client.get(reverse("project_list"), headers={"accept-language": "fr"}).content.decode()
    assert re.search(r"1 soutien · [^<]+ avant la fin</p>", french)
    assert "publié" in french
