"""The loop back: an owner publishes a technology version citing the projects and makes that inspired it."""

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.activity.services import follow
from boucle.catalog import services
from boucle.catalog.models import TechnologyVersion, VersionInspiration
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import InvalidInput, NotAllowed
from boucle.makes.services import make_hide
from boucle.makes.tests.factories import post_make, public_project
from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_an_owner_publishes_a_version_citing_a_project_and_a_make(user, django_capture_on_commit_callbacks):
    # given: a project of the technology with a make, a follower of the project
    project = public_project(owner=user)
    technology = project.technology
    owner = technology.organization.created_by
    make = post_make(project=project)
    fan = UserFactory()
    follow(actor=fan, target=project)
    other = public_project(technology=technology, title="A bridge")

    # when
    with django_capture_on_commit_callbacks(execute=True):
        version = services.technology_version_publish(
            actor=owner,
            technology=technology,
            version="2.0",
            changelog="New hinges",
            projects=[project, other],
            makes=[make],
        )

    # then: one citation per project, the make's with it
    citations = {(c.project_id, c.make_id) for c in version.inspirations.all()}
    assert citations == {(project.pk, make.pk), (other.pk, None)}
    assert Event.objects.filter(verb=Verb.VERSION_INSPIRED, project=project).count() == 1
    told = set(
        Notification.objects.filter(kind=Kind.VERSION_INSPIRED, event__project=project).values_list(
            "recipient_id", flat=True
        )
    )
    assert told == {user.pk, fan.pk}


def test_only_owners_publish_and_nothing_is_written_otherwise(user):
    project = public_project(owner=user)
    with pytest.raises(NotAllowed):
        services.technology_version_publish(
            actor=user, technology=project.technology, version="2.0", projects=[project]
        )
    assert not TechnologyVersion.objects.exists() and not VersionInspiration.objects.exists()


def test_a_version_cannot_cite_another_organizations_project_a_draft_or_a_hidden_make(user):
    project = public_project(owner=user)
    technology = project.technology
    owner = technology.organization.created_by
    foreign = public_project()
    draft = make_project(owner=user, technology=technology, title="Still a draft")
    hidden = post_make(project=project)
    make_hide(moderator=owner, make=hidden)
    hidden.refresh_from_db()
    for kwargs in (
        {"projects": [foreign]},
        {"projects": [draft]},
        {"makes": [hidden]},
        {"makes": [post_make()]},
    ):
        with pytest.raises(InvalidInput):
            services.technology_version_publish(actor=owner, technology=technology, version="3.0", **kwargs)
    assert not TechnologyVersion.objects.exists()


def test_the_project_page_says_which_version_it_inspired_and_the_technology_page_lists_citations(
    client, user
):
    # given
    project = public_project(owner=user, title="A castle that opens")
    technology = project.technology
    make = post_make(project=project, author=UserFactory(display_name="Mara Maker"))
    services.technology_version_publish(
        actor=technology.organization.created_by, technology=technology, version="2.0", makes=[make]
    )

    # when
    project_page = client.get(project.get_absolute_url()).content.decode()
    technology_page = client.get(technology.get_absolute_url()).content.decode()

    # then
    assert "This inspired version" in project_page and ">2.0</a> of" in project_page
    assert "Inspired by" in technology_page and "A castle that opens" in technology_page
    assert "the make by Mara Maker" in technology_page


def test_an_owner_publishes_a_version_from_the_form(client_for, user):
    # given
    project = public_project(owner=user, title="A castle that opens")
    technology = project.technology
    owner = client_for(technology.organization.created_by)
    url = reverse("technology_version_publish", args=[technology.slug])

    # when: the project page's link ticks the project
    form_page = owner.get(f"{url}?project={project.slug}").content.decode()
    response = owner.post(url, {"version": "2.0", "changelog": "Hinges", "projects": [project.slug]})

    # then
    assert f'value="{project.slug}"' in form_page and "checked" in form_page
    assert response.status_code == 302
    assert VersionInspiration.objects.get().project == project


def test_members_who_do_not_own_the_organization_get_no_publish_page(client_for, user):
    technology = TechnologyFactory()
    response = client_for(user).get(reverse("technology_version_publish", args=[technology.slug]))
    assert response.status_code == 403


def test_a_duplicate_version_is_refused_on_the_form(client_for):
    project = public_project()
    technology = project.technology
    owner = client_for(technology.organization.created_by)
    url = reverse("technology_version_publish", args=[technology.slug])
    owner.post(url, {"version": "2.0", "projects": [project.slug]})
    response = owner.post(url, {"version": "2.0", "projects": [project.slug]})
    assert response.status_code == 400 and "already exists" in response.content.decode()
    assert VersionInspiration.objects.count() == 1
