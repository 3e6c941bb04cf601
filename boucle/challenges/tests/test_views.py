from datetime import timedelta

import pytest
from django.utils import timezone

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges import services
from boucle.challenges.models import Challenge
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.models import Project

pytestmark = pytest.mark.django_db


def local(dt):
    return timezone.localtime(dt).strftime("%Y-%m-%dT%H:%M")


def test_list_shows_published_challenges_with_their_phase(client):
    ChallengeFactory(title="Open castle", phases__current="design")
    ChallengeFactory(title="Hidden", is_published=False)
    html = client.get("/challenges/").content.decode()
    assert "Open castle" in html and "Phase: design" in html and "Hidden" not in html


def test_detail_shows_timeline_countdown_rule_and_projects(client):
    challenge = ChallengeFactory(brief="Make *towers*", support_ladder=[{"supporters": 3, "days": 4}])
    Project.objects.create(title="Tower", slug="tower", pitch="p", technology=challenge.technology,
                           challenge=challenge, created_by=challenge.created_by, status="published")
    Project.objects.create(title="Draft tower", slug="draft-tower", pitch="p", technology=challenge.technology,
                           challenge=challenge, created_by=challenge.created_by, status="draft")
    response = client.get(f"/challenges/{challenge.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>towers</em>" in html
    assert 'aria-current="step"' in html and "data-countdown" in html and " left</time>" in html
    assert "3 supporters within 4 days" in html
    assert f"/projects/new/?challenge={challenge.slug}" in html
    assert "Tower" in html and "Draft tower" not in html
    assert active_content(html) == []  # the countdown script is a static file


def test_no_propose_link_outside_ideation_and_design(client):
    challenge = ChallengeFactory(phases__current="review")
    html = client.get(f"/challenges/{challenge.slug}/").content.decode()
    assert "?challenge=" not in html and "does not take new projects" in html


def test_unpublished_is_404_for_visitors_and_unknown_slug_helpful(client, client_for):
    challenge = ChallengeFactory(is_published=False)
    assert client.get(f"/challenges/{challenge.slug}/").status_code == 404
    assert client_for(challenge.created_by).get(f"/challenges/{challenge.slug}/").status_code == 200
    response = client.get("/challenges/nothing/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_owner_opens_a_challenge_in_the_browser(client_for, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    now = timezone.now()
    owner = client_for(user)
    assert owner.get(f"/challenges/new/?technology={technology.slug}").status_code == 200
    response = owner.post("/challenges/new/", {
        "technology": technology.slug, "title": "Tiny houses", "brief": "Go", "is_published": "on",
        "ideation_starts_at": local(now), "ideation_ends_at": local(now + timedelta(days=3)),
        "design_starts_at": local(now + timedelta(days=3)), "design_ends_at": local(now + timedelta(days=9)),
    })
    challenge = Challenge.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/challenges/{challenge.slug}/"
    assert [p.kind for p in challenge.phases.all()] == ["ideation", "design"]


def test_form_shows_phase_errors_and_saves_nothing(client_for, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    now = timezone.now()
    response = client_for(user).post("/challenges/new/", {
        "technology": technology.slug, "title": "T", "brief": "B",
        "ideation_starts_at": local(now), "ideation_ends_at": local(now + timedelta(days=5)),
        "design_starts_at": local(now + timedelta(days=2)), "design_ends_at": local(now + timedelta(days=9)),
        "review_starts_at": local(now + timedelta(days=30)),
    })
    html = response.content.decode()
    assert response.status_code == 400
    assert "Give both the start and the end" in html
    assert Challenge.objects.count() == 0
    response = client_for(user).post("/challenges/new/", {
        "technology": technology.slug, "title": "T", "brief": "B",
        "ideation_starts_at": local(now), "ideation_ends_at": local(now + timedelta(days=5)),
        "design_starts_at": local(now + timedelta(days=2)), "design_ends_at": local(now + timedelta(days=9)),
    })
    assert response.status_code == 400 and "without overlapping" in response.content.decode()
    assert Challenge.objects.count() == 0


def test_member_without_organization_cannot_open_challenges(client_for, other_user):
    ChallengeFactory()
    assert client_for(other_user).get("/challenges/new/").status_code == 403


def test_owner_edits_and_others_get_403(client_for, user, other_user):
    challenge = ChallengeFactory(technology=TechnologyFactory(organization=OrganizationFactory(owner=user)))
    assert client_for(other_user).get(f"/challenges/{challenge.slug}/edit/").status_code == 403
    owner = client_for(user)
    page = owner.get(f"/challenges/{challenge.slug}/edit/")
    assert page.status_code == 200
    response = owner.post(f"/challenges/{challenge.slug}/edit/", {"title": "Renamed", "brief": "New brief"})
    assert response.status_code == 302
    challenge.refresh_from_db()
    assert challenge.title == "Renamed" and challenge.phases.count() == 0 and not challenge.is_published


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_active_content_from_title_and_brief(client, user, payload):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    challenge = services.challenge_create(actor=user, technology=technology, title=f"C {payload}", brief=payload)
    for url in ("/challenges/", f"/challenges/{challenge.slug}/", f"/technologies/{technology.slug}/", "/"):
        assert active_content(client.get(url).content.decode()) == []
