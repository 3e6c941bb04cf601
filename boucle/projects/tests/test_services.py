import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.models import TechnologyStatus
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus, TeamRole
from boucle.projects.models import Project, ProjectMember, Tag
from boucle.projects.services import (
    project_archive,
    project_create,
    project_publish,
    project_update,
    team_add,
    team_remove,
)
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def png(name="cover.png"):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def test_a_member_creates_a_draft_and_becomes_its_owner(user):
    # given
    technology = TechnologyFactory()
    # when
    project = project_create(
        actor=user,
        title="Castle",
        pitch="Opens.",
        technology=technology,
        tags="Medieval, castle, medieval",
        licence="CC-BY-4.0",
        body="# Hello",
        cover=png(),
    )
    # then
    assert project.status == ProjectStatus.DRAFT
    assert project.slug == "castle"
    assert project.cover.startswith("projects/")
    assert sorted(t.slug for t in project.tags.all()) == ["castle", "medieval"]
    assert ProjectMember.objects.get(project=project).role == TeamRole.OWNER
    assert Contribution.objects.get(project=project).kind == ContributionKind.PROJECT_CREATED


def test_slugs_are_unique(user):
    technology = TechnologyFactory()
    first = project_create(actor=user, title="Castle", pitch="p", technology=technology)
    second = project_create(actor=user, title="Castle", pitch="p", technology=technology)
    assert (first.slug, second.slug) == ("castle", "castle-2")


@pytest.mark.parametrize(
    "fields,field",
    [
        ({"title": " "}, "title"),
        ({"title": "x" * 141}, "title"),
        ({"pitch": ""}, "pitch"),
        ({"licence": "GPL-3.0"}, "licence"),
        ({"tags": ",".join(f"t{i}" for i in range(11))}, "tags"),
        ({"tags": "!!!"}, "tags"),
        ({"tags": "x" * 51}, "tags"),
        ({"technology": None}, "technology"),
        ({"cover": SimpleUploadedFile("x.png", b"not an image")}, "cover"),
    ],
)
def test_bad_input_is_refused_and_nothing_is_created(user, fields, field):
    # given
    values = {"title": "Castle", "pitch": "Opens.", "technology": TechnologyFactory(), **fields}
    # when / then
    with pytest.raises(InvalidInput) as err:
        project_create(actor=user, **values)
    assert err.value.field == field
    assert not Project.objects.exists()
    assert not Tag.objects.exists()
    assert not Contribution.objects.exists()


def test_a_draft_technology_is_refused(user):
    technology = TechnologyFactory(status=TechnologyStatus.DRAFT)
    with pytest.raises(InvalidInput):
        project_create(actor=user, title="Castle", pitch="p", technology=technology)
    assert not Project.objects.exists()


def test_a_challenge_of_another_technology_is_refused(user):
    with pytest.raises(InvalidInput) as err:
        project_create(
            actor=user,
            title="Castle",
            pitch="p",
            technology=TechnologyFactory(),
            challenge=ChallengeFactory(),
        )
    assert err.value.field == "challenge"
    assert not Project.objects.exists()


def test_a_challenge_project_follows_the_challenges_ladder(user):
    challenge = ChallengeFactory(support_ladder=[{"supporters": 3, "days": 7}])
    project = make_project(owner=user, challenge=challenge, publish=True)
    assert project.challenge == challenge
    assert project.support_ladder == [{"supporters": 3, "days": 7}]


def test_an_anonymous_visitor_cannot_create():
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        project_create(actor=AnonymousUser(), title="Castle", pitch="p", technology=TechnologyFactory())


def test_the_team_edits_and_the_edit_is_in_the_ledger(user):
    # given
    project = make_project(owner=user)
    # when
    project_update(actor=user, project=project, title="Bigger castle", tags="towers")
    # then
    assert project.title == "Bigger castle"
    assert [t.name for t in project.tags.all()] == ["towers"]
    assert Contribution.objects.filter(project=project, kind=ContributionKind.PROJECT_EDITED).count() == 1


def test_an_edit_that_changes_nothing_is_not_a_contribution(user):
    project = make_project(owner=user)
    project_update(actor=user, project=project, title=project.title)
    assert not Contribution.objects.filter(kind=ContributionKind.PROJECT_EDITED).exists()


def test_a_stranger_cannot_edit(user, other_user):
    project = make_project(owner=user)
    with pytest.raises(NotAllowed):
        project_update(actor=other_user, project=project, title="Mine now")
    project.refresh_from_db()
    assert project.title == "A castle that opens"


def test_the_licence_is_fixed_once_published(user):
    project = make_project(owner=user, publish=True)
    with pytest.raises(InvalidInput):
        project_update(actor=user, project=project, licence="CC0-1.0")
    project.refresh_from_db()
    assert project.licence == "CC-BY-SA-4.0"


def test_owner_adds_and_removes_a_coauthor_who_can_then_edit(user, other_user):
    # given
    project = make_project(owner=user)
    # when
    team_add(actor=user, project=project, username="bob")
    project_update(actor=other_user, project=project, pitch="Better pitch.")
    team_remove(actor=user, project=project, user=other_user)
    # then
    assert project.pitch == "Better pitch."
    assert list(project.team.values_list("user__username", flat=True)) == ["alice"]


def test_team_add_refuses_unknown_members_duplicates_and_non_owners(user, other_user):
    project = make_project(owner=user)
    with pytest.raises(InvalidInput):
        team_add(actor=user, project=project, username="nobody")
    team_add(actor=user, project=project, username="bob")
    with pytest.raises(Conflict):
        team_add(actor=user, project=project, username="bob")
    with pytest.raises(NotAllowed):
        team_add(actor=other_user, project=project, username=UserFactory().username)
    assert project.team.count() == 2


def test_the_last_owner_cannot_leave(user, other_user):
    project = make_project(owner=user)
    with pytest.raises(Conflict):
        team_remove(actor=user, project=project, user=user)
    with pytest.raises(NotFound):
        team_remove(actor=user, project=project, user=other_user)
    assert project.team.count() == 1


def test_a_coauthor_may_leave_but_not_remove_others(user, other_user):
    project = make_project(owner=user)
    team_add(actor=user, project=project, username="bob")
    with pytest.raises(NotAllowed):
        team_remove(actor=other_user, project=project, user=user)
    team_remove(actor=other_user, project=project, user=other_user)
    assert project.team.count() == 1


def test_publish_and_archive_are_for_the_team(user, other_user):
    project = make_project(owner=user)
    with pytest.raises(NotAllowed):
        project_publish(actor=other_user, project=project)
    project_publish(actor=user, project=project)
    with pytest.raises(InvalidInput):
        project_archive(actor=user, project=project, reason="")
    project_archive(actor=user, project=project, reason="We merged it into another idea.")
    assert project.status == ProjectStatus.ARCHIVED
    assert project.support_deadline is None
    assert [t.to_status for t in project.transitions.all()] == ["published", "archived"]


def test_a_challenge_past_its_design_phase_refuses_new_projects(user):
    challenge = ChallengeFactory(phases__current="support")
    with pytest.raises(InvalidInput) as err:
        project_create(
            actor=user, title="Late", pitch="p", technology=challenge.technology, challenge=challenge
        )
    assert err.value.field == "challenge"
    assert not Project.objects.exists()
