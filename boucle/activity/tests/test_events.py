"""Each service that changes something writes its event, with the data a feed line needs."""

import pytest

from boucle.activity.models import Event, Verb
from boucle.activity.services import follow
from boucle.community.services import comment_create
from boucle.orgs.models import Role
from boucle.projects.enums import ProjectStatus
from boucle.projects.services import project_archive, project_publish, project_update, support_add
from boucle.projects.tests.factories import force_status, make_project
from boucle.reviews.services import review_decide
from boucle.reviews.tests.factories import member_with_role

pytestmark = pytest.mark.django_db

REASON = "A clear and well argued decision for the team."


def events(verb):
    return list(Event.objects.filter(verb=verb).order_by("id"))


def test_publishing_records_project_published(user, draft):
    # when
    project_publish(actor=user, project=draft)
    # then
    (event,) = events(Verb.PROJECT_PUBLISHED)
    assert event.actor == user and event.project == draft and event.subject == draft
    assert event.organization == draft.technology.organization
    assert event.data["project"]["title"] == "Secret draft"
    assert event.data["actor"] == {"username": "alice", "name": user.name}
    assert not events(Verb.PROJECT_STATUS)


def test_editing_pitch_records_before_and_after(user, project):
    # when
    project_update(actor=user, project=project, pitch="Now with a drawbridge.", title="Castle with a bridge")
    # then
    (event,) = events(Verb.PROJECT_EDITED)
    assert event.actor == user and event.project == project
    assert sorted(event.data["changed"]) == ["pitch", "title"]
    assert event.data["before"] == {"pitch": "A medieval castle whose walls swing open.", "body": ""}
    assert event.data["after"] == {"pitch": "Now with a drawbridge.", "body": ""}
    assert event.data["project"]["title"] == "Castle with a bridge"


def test_editing_only_tags_records_no_texts(user, project):
    project_update(actor=user, project=project, tags="castle")
    (event,) = events(Verb.PROJECT_EDITED)
    assert event.data["changed"] == ["tags"]
    assert "before" not in event.data and "after" not in event.data


def test_an_edit_that_changes_nothing_or_a_draft_edit_records_nothing(user, project, draft):
    project_update(actor=user, project=project, pitch=project.pitch)
    project_update(actor=user, project=draft, pitch="Another pitch")
    assert not events(Verb.PROJECT_EDITED)


def test_reaching_a_tier_records_a_milestone(user):
    # given
    project = make_project(
        owner=user, publish=True, ladder=[{"supporters": 1, "days": 10}, {"supporters": 3, "days": 10}]
    )
    from boucle.accounts.tests.factories import UserFactory

    # when
    support_add(actor=UserFactory(), project=project)
    # then
    (event,) = events(Verb.PROJECT_MILESTONE)
    assert event.actor is None and event.project == project
    assert event.data["tier"] == 0 and event.data["supporters"] == 1
    # the last tier is a milestone and a status change
    support_add(actor=UserFactory(), project=project)
    support_add(actor=UserFactory(), project=project)
    assert [e.data["tier"] for e in events(Verb.PROJECT_MILESTONE)] == [0, 1]
    (status,) = events(Verb.PROJECT_STATUS)
    assert status.data["from"] == "published" and status.data["to"] == "supported"


def test_every_other_status_change_records_project_status(user, project):
    # when
    project_archive(actor=user, project=project, reason="We merged it with another idea.")
    # then
    (event,) = events(Verb.PROJECT_STATUS)
    assert event.actor == user
    assert event.data["from"] == "published" and event.data["to"] == "archived"
    assert event.data["reason"] == "We merged it with another idea."
    assert event.data["project"]["status"] == "archived"


def test_a_comment_records_comment_posted_with_mentions_and_parent(user, other_user, project):
    # given
    first = comment_create(author=other_user, target=project, body="Love it")
    # when
    reply = comment_create(author=user, target=project, body="Thanks @bob, " + "x" * 300, parent=first)
    # then
    posted = events(Verb.COMMENT_POSTED)
    assert len(posted) == 2
    event = posted[1]
    assert event.subject == reply and event.actor == user and event.project == project
    assert event.data["mentions"] == [other_user.pk]
    assert event.data["parent_author"] == other_user.pk
    assert event.data["excerpt"] == ("Thanks @bob, " + "x" * 300)[:200]
    assert event.data["target"] == {"kind": "project", "title": project.title, "slug": project.slug}
    assert posted[0].data["parent_author"] is None and posted[0].data["mentions"] == []


def test_a_comment_on_a_technology_or_challenge_is_scoped_to_its_organization(user, project):
    from boucle.challenges.tests.factories import ChallengeFactory

    technology = project.technology
    challenge = ChallengeFactory(technology=technology)
    comment_create(author=user, target=technology, body="About the bricks")
    comment_create(author=user, target=challenge, body="About the brief")
    on_tech, on_challenge = events(Verb.COMMENT_POSTED)
    assert on_tech.project is None and on_tech.organization == technology.organization
    assert on_tech.data["target"]["kind"] == "technology"
    assert on_challenge.challenge == challenge and on_challenge.organization == technology.organization
    assert on_challenge.data["target"]["kind"] == "challenge"


def test_a_review_decision_records_review_decided(user, project):
    # given
    organization = project.technology.organization
    reviewer = member_with_role(organization, Role.REVIEWER)
    force_status(project, ProjectStatus.IN_REVIEW)
    # when
    decision = review_decide(actor=reviewer, project=project, decision="declined", reason=REASON)
    # then
    (event,) = events(Verb.REVIEW_DECIDED)
    assert event.subject == decision and event.actor == reviewer and event.project == project
    assert event.data["decision"] == "declined" and event.data["reason"] == REASON
    # One decision, one line in feeds: no "changed status" event beside it.
    assert not [e for e in events(Verb.PROJECT_STATUS) if e.data.get("to") == "declined"]
    assert project.transitions.filter(to_status="declined").count() == 1  # the timeline still records it


def test_following_a_member_records_member_followed(user, other_user, project):
    # when
    row, created = follow(actor=user, target=other_user)
    follow(actor=user, target=project)
    # then
    (event,) = events(Verb.MEMBER_FOLLOWED)
    assert created and event.subject == row and event.actor == user
    assert event.data["member"] == {"username": "bob", "name": other_user.name, "id": other_user.pk}


def test_a_failed_service_leaves_no_event(user, other_user, project):
    from boucle.core.errors import NotAllowed

    with pytest.raises(NotAllowed):
        project_update(actor=other_user, project=project, pitch="Hijacked")
    assert not events(Verb.PROJECT_EDITED)
