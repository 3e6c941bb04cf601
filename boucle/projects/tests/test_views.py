from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project, SecondChanceRound, SecondChanceVote, Support
from boucle.projects.services import support_add
from boucle.projects.tests.factories import force_status, make_project
from boucle.projects.tests.test_services import png

pytestmark = pytest.mark.django_db


def test_a_member_proposes_a_project_through_the_form(user_client):
    # given
    technology = TechnologyFactory()
    # when
    response = user_client.post(
        reverse("project_create"),
        {
            "title": "Castle",
            "pitch": "Opens.",
            "technology": technology.pk,
            "licence": "CC-BY-4.0",
            "tags": "castle, medieval",
            "body": "Walls *swing*.",
            "cover": png(),
        },
    )
    # then
    project = Project.objects.get()
    assert response.status_code == 302 and response["Location"] == project.get_absolute_url()
    assert project.status == ProjectStatus.DRAFT and project.cover


def test_the_create_form_shows_errors_and_creates_nothing(user_client):
    response = user_client.post(reverse("project_create"), {"title": "", "pitch": "x", "licence": "nope"})
    assert response.status_code == 200
    assert b"errorlist" in response.content
    assert not Project.objects.exists()


def test_a_bad_cover_is_reported_on_the_form(user_client):
    technology = TechnologyFactory()
    response = user_client.post(
        reverse("project_create"),
        {
            "title": "Castle",
            "pitch": "Opens.",
            "technology": technology.pk,
            "licence": "CC-BY-4.0",
            "cover": png().__class__("x.png", b"GIF89a nope", content_type="image/png"),
        },
    )
    assert response.status_code == 200 and b"not an image" in response.content
    assert not Project.objects.exists()


def test_the_create_form_preselects_the_challenge_and_its_technology(user_client):
    challenge = ChallengeFactory()
    response = user_client.get(reverse("project_create") + f"?challenge={challenge.slug}")
    form = response.context["form"]
    assert form.initial == {"challenge": challenge, "technology": challenge.technology}


def test_visitors_are_sent_to_log_in_to_create(client):
    response = client.get(reverse("project_create"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_draft_is_seen_by_its_team_and_staff_only(client, client_for, user, other_user):
    project = make_project(owner=user)
    url = project.get_absolute_url()
    assert client_for(user).get(url).status_code == 200
    assert client_for(UserFactory(is_staff=True)).get(url).status_code == 200
    assert client_for(other_user).get(url).status_code == 404
    assert client.get(url).status_code == 404


def test_the_project_page_shows_ladder_timeline_licence_and_team(client, user):
    project = make_project(owner=user, publish=True, ladder=[{"supporters": 4, "days": 10}])
    support_add(actor=UserFactory(), project=project)
    response = client.get(project.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert '<progress value="1" max="4"' in html
    assert "creativecommons.org/licenses/by-sa/4.0/" in html
    assert "status-published" in html and "alice" in html.lower()
    assert "Log in to support" in html


def test_a_stranger_cannot_edit_archive_or_publish(client_for, user, other_user):
    project = make_project(owner=user)
    c = client_for(other_user)
    assert c.get(reverse("project_edit", args=[project.slug])).status_code == 404  # a draft stays hidden
    project = make_project(owner=user, publish=True)
    assert c.get(reverse("project_edit", args=[project.slug])).status_code == 403
    assert c.post(reverse("project_edit", args=[project.slug]), {"title": "Mine"}).status_code == 403
    assert c.post(reverse("project_archive", args=[project.slug]), {"reason": "x"}).status_code == 403
    project.refresh_from_db()
    assert project.title != "Mine" and project.status == ProjectStatus.PUBLISHED


def test_the_team_edits_publishes_and_archives(client_for, user):
    # given
    project = make_project(owner=user)
    c = client_for(user)
    # when
    c.post(
        reverse("project_edit", args=[project.slug]),
        {"title": "New title", "pitch": "New pitch", "licence": "CC0-1.0", "tags": "a, b"},
    )
    c.post(reverse("project_publish", args=[project.slug]))
    c.post(reverse("project_archive", args=[project.slug]), {"reason": "Done."})
    # then
    project.refresh_from_db()
    assert (project.title, project.licence, project.status) == (
        "New title",
        "CC0-1.0",
        ProjectStatus.ARCHIVED,
    )
    page = c.get(project.get_absolute_url()).content.decode()
    assert "Done." in page and "by the platform" not in page


def test_archive_without_reason_shows_the_error(client_for, user):
    project = make_project(owner=user)
    response = client_for(user).post(reverse("project_archive", args=[project.slug]), {"reason": ""})
    assert response.status_code == 200 and b"errorlist" in response.content
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_team_page_adds_and_removes(client_for, user, other_user):
    project = make_project(owner=user)
    c = client_for(user)
    c.post(reverse("project_team", args=[project.slug]), {"username": "bob", "role": "coauthor"})
    assert project.team.count() == 2
    response = c.post(reverse("project_team", args=[project.slug]), {"username": "ghost", "role": "coauthor"})
    assert response.status_code == 200 and "ghost" in response.content.decode()
    c.post(reverse("project_team_remove", args=[project.slug, "bob"]))
    assert project.team.count() == 1
    c.post(reverse("project_team_remove", args=[project.slug, "alice"]))  # last owner: refused with a message
    assert project.team.count() == 1


def test_support_button_swaps_itself_with_htmx(client_for, user, other_user):
    # given
    project = make_project(owner=user, publish=True)
    c = client_for(other_user)
    # when
    response = c.post(reverse("project_support", args=[project.slug]), HTTP_HX_REQUEST="true")
    # then
    html = response.content.decode()
    assert response.status_code == 200 and html.strip().startswith('<div id="support-box">')
    assert "Withdraw my support" in html and "1 supporter" in html
    response = c.post(reverse("project_support_withdraw", args=[project.slug]), HTTP_HX_REQUEST="true")
    assert "Support this project" in response.content.decode()
    assert not Support.objects.exists()


def test_support_without_htmx_redirects_and_errors_are_flashed(client_for, user):
    project = make_project(owner=user, publish=True)
    response = client_for(user).post(reverse("project_support", args=[project.slug]), follow=True)
    assert "cannot support your own project" in response.content.decode()
    assert not Support.objects.exists()


def test_support_is_post_only(client_for, user, other_user):
    project = make_project(owner=user, publish=True)
    assert client_for(other_user).get(reverse("project_support", args=[project.slug])).status_code == 405


def test_second_chance_pages(client, client_for, user, other_user):
    # given an organization with an expired project
    technology = TechnologyFactory()
    org = technology.organization
    expired = force_status(
        make_project(owner=user, technology=technology, publish=True), ProjectStatus.EXPIRED
    )
    owner = client_for(org.created_by)
    now = timezone.now()
    # when the owner opens a vote through the form
    response = owner.post(
        reverse("second_chance_create", args=[org.slug]),
        {
            "title": "Summer second chance",
            "opens_at": (now - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
            "closes_at": (now + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
            "candidates": [expired.pk],
        },
    )
    round_ = SecondChanceRound.objects.get()
    assert response.status_code == 302
    # then members see it and vote
    assert (
        "Summer second chance" in client.get(reverse("second_chance_list", args=[org.slug])).content.decode()
    )
    client_for(other_user).post(reverse("second_chance_vote", args=[round_.pk]), {"project": expired.pk})
    assert SecondChanceVote.objects.get().project == expired
    page = client_for(other_user).get(reverse("second_chance_detail", args=[round_.pk])).content.decode()
    assert "Your vote" in page
    # a bad vote is a message, not an error page
    response = client_for(other_user).post(reverse("second_chance_vote", args=[round_.pk]), {"project": "x"})
    assert response.status_code == 302


def test_only_owners_open_second_chances(client_for, other_user):
    org = TechnologyFactory().organization
    assert client_for(other_user).get(reverse("second_chance_create", args=[org.slug])).status_code == 403
