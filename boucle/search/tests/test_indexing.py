"""The index follows every write: create, edit, tags, publication, moderation, deletion, comments."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from boucle.catalog.models import TechnologyStatus
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.community.services import comment_create, comment_delete, comment_edit
from boucle.community.tests.factories import CommentFactory, CommentProjectFactory
from boucle.projects.enums import ProjectStatus
from boucle.projects.lifecycle import project_transition
from boucle.projects.models import Project, Tag
from boucle.projects.services import project_update
from boucle.projects.tests.factories import force_status, make_project
from boucle.search.backends import backend
from boucle.search.services import search_index, search_reindex
from boucle.search.tests.helpers import found, indexed, key

pytestmark = pytest.mark.django_db


def test_a_published_project_is_found_by_its_title_pitch_body_and_tags(user):
    # given
    project = make_project(
        owner=user, publish=True, title="Marble run tower", pitch="Roll glass spheres downhill",
        body="Built with **ramps** and funnels.", tags="kinetic, toys",
    )
    # when / then
    for q in ("marble", "spheres", "funnels", "kinetic"):
        assert found(q) == [key(project)], q


def test_a_draft_is_never_found_until_published(user):
    # given
    project = make_project(owner=user, title="Secret submarine", pitch="Under the sea")
    assert found("submarine") == []
    # when
    project_transition(project=project, to_status=ProjectStatus.PUBLISHED, actor=user)
    # then
    assert found("submarine") == [key(project)]


def test_an_edit_replaces_the_indexed_text(user):
    # given
    project = make_project(owner=user, publish=True, title="Wooden lighthouse", pitch="A beacon")
    # when
    project_update(actor=user, project=project, title="Stone windmill")
    # then
    assert found("lighthouse") == []
    assert found("windmill") == [key(project)]


def test_tag_changes_are_indexed_and_a_renamed_tag_too(user):
    # given
    project = make_project(owner=user, publish=True, title="Garden robot", pitch="Weeds no more", tags="outdoor")
    assert found("outdoor") == [key(project)]
    # when: the team changes the tags
    project_update(actor=user, project=project, tags="robotics")
    # then
    assert found("outdoor") == []
    assert found("robotics", tag="robotics") == [key(project)]
    # when: the tag is renamed, then removed through the reverse relation
    tag = Tag.objects.get(slug="robotics")
    tag.name = "Automatons"
    tag.save()
    assert found("automatons") == [key(project)]
    tag.projects.clear()
    assert found("automatons") == []
    assert found("garden", tag="robotics") == []


def test_a_hidden_project_and_its_comments_are_not_found_and_come_back_when_restored(user, other_user):
    # given
    project = make_project(owner=user, publish=True, title="Clockwork owl", pitch="It hoots at noon")
    comment = comment_create(author=other_user, target=project, body="The owl needs feathers")
    assert set(found("owl")) == {key(project), key(comment)}
    # when: moderation hides it
    project.hidden_at = timezone.now()
    project.save()
    # then
    assert found("owl") == []
    # when: restored
    project.hidden_at = None
    project.save()
    # then: the project and its comment are back
    assert set(found("owl")) == {key(project), key(comment)}


def test_a_row_changed_without_save_is_not_shown_and_search_index_catches_up(user):
    # given: a writer hides a project with update(), which sends no signal
    project = make_project(owner=user, publish=True, title="Paper planetarium", pitch="Stars on the ceiling")
    Project.objects.filter(pk=project.pk).update(hidden_at=timezone.now())
    # then: the stale entry is dropped when results are loaded
    assert found("planetarium") == []
    # when: the writer calls search_index as documented
    project.refresh_from_db()
    search_index(project)
    # then: the entry itself is gone
    assert indexed("planetarium") == 0


def test_merged_and_draft_archived_projects_are_not_found_but_published_archived_ones_are(user):
    # given
    archived = make_project(owner=user, publish=True, title="Lantern kite one", pitch="Flies at night")
    draft_archived = make_project(owner=user, title="Lantern kite two", pitch="Flies at night")
    merged = make_project(owner=user, publish=True, title="Lantern kite three", pitch="Flies at night")
    target = make_project(owner=user, publish=True, title="Lantern kite four", pitch="Flies at night")
    # when
    project_transition(project=archived, to_status=ProjectStatus.ARCHIVED, actor=user, reason="Done")
    project_transition(project=draft_archived, to_status=ProjectStatus.ARCHIVED, actor=user, reason="Never mind")
    merged.merged_into = target
    merged.status = ProjectStatus.ARCHIVED
    merged.save()
    # then
    assert set(found("lantern")) == {key(archived), key(target)}
    assert found("lantern", stage="archived") == [key(archived)]


def test_a_deleted_project_leaves_the_index_with_its_comments():
    # given: rows without ledger entries (the ledger protects projects that have some)
    project = CommentProjectFactory(title="Origami crane", pitch="Folded paper birds")
    comment = CommentFactory(target=project, body="My crane folded itself")
    assert set(found("crane")) == {key(project), key(comment)}
    # when
    project.delete()
    # then
    assert found("crane") == []
    assert indexed("crane") == 0


def test_a_deleted_comment_leaves_the_index():
    # given
    comment = CommentFactory(body="Ephemeral remark")
    assert found("ephemeral") == [key(comment)]
    # when
    comment.delete()
    # then
    assert indexed("ephemeral") == 0


def test_comments_are_indexed_edited_deleted_and_hidden(user, other_user):
    # given
    project = make_project(owner=user, publish=True, title="Bike trailer", pitch="Carries groceries")
    comment = comment_create(author=other_user, target=project, body="Add a rain cover")
    assert found("rain") == [key(comment)]
    # when: edited
    comment_edit(actor=other_user, comment=comment, body="Add a sun shade")
    # then
    assert found("rain") == []
    assert found("shade") == [key(comment)]
    # when: hidden by moderation, then deleted
    comment.refresh_from_db()
    comment.hidden_at = timezone.now()
    comment.save()
    assert found("shade") == []
    comment.hidden_at = None
    comment.save()
    assert found("shade") == [key(comment)]
    comment_delete(actor=other_user, comment=comment)
    assert found("shade") == []


def test_technologies_and_challenges_are_found_unless_drafts(user, other_user):
    # given
    technology = TechnologyFactory(name="Hydroponic kit", summary="Grow herbs in water")
    draft = TechnologyFactory(name="Hydroponic prototype", status=TechnologyStatus.DRAFT)
    challenge = ChallengeFactory(technology=technology, title="Balcony farms", brief="Hydroponic balconies")
    hidden_challenge = ChallengeFactory(technology=technology, title="Hydroponic secret", is_published=False)
    comment = comment_create(author=other_user, target=technology, body="Hydroponic basil tastes great")
    # then
    assert set(found("hydroponic")) == {key(technology), key(challenge), key(comment)}
    assert key(draft) not in found("prototype") and key(hidden_challenge) not in found("secret")
    # when: the technology goes back to draft, its challenge and discussion go with it
    technology.status = TechnologyStatus.DRAFT
    technology.save()
    assert found("hydroponic") == []
    # when: published again
    technology.status = TechnologyStatus.PUBLISHED
    technology.save()
    assert set(found("hydroponic")) == {key(technology), key(challenge), key(comment)}


def test_comments_carry_their_targets_organization(user, other_user):
    # given
    project = make_project(owner=user, publish=True, title="Solar oven", pitch="Bake with sunshine")
    comment = comment_create(author=other_user, target=project, body="Sunshine cookies")
    organization = project.technology.organization
    # then
    assert found("sunshine", organization=organization.slug) == found("sunshine")
    assert set(found("sunshine", organization=organization.slug)) == {key(project), key(comment)}


def test_reindex_rebuilds_the_index_after_a_bulk_load(user, other_user):
    # given: rows loaded with bulk_create send no signal
    technology = TechnologyFactory(name="Ceramics")
    project = make_project(owner=user, technology=technology, publish=True, title="Tea bowl", pitch="Raku fired")
    comment = comment_create(author=other_user, target=project, body="Raku glaze crackles")
    bulk = Project.objects.bulk_create([
        Project(
            title="Raku lantern", slug="raku-lantern", pitch="Glowing clay", technology=technology,
            status=ProjectStatus.PUBLISHED, published_at=timezone.now(), created_by=user,
        ),
        Project(title="Raku draft", slug="raku-draft", pitch="Unfinished", technology=technology, created_by=user),
    ])
    backend().clear()
    assert found("raku") == []
    # when
    call_command("search_reindex", stdout=io.StringIO())
    # then
    assert set(found("raku")) == {key(project), key(comment), key(bulk[0])}
    assert search_reindex() == backend().count()


def test_force_status_back_to_draft_is_caught_by_search_index(user):
    # given
    project = make_project(owner=user, publish=True, title="Tide clock", pitch="Moon driven")
    force_status(project, ProjectStatus.DRAFT)  # update(): no signal
    # when
    search_index(project)
    # then
    assert found("tide") == []
