"""Each kind of notification comes from its event, reaches the right members, never the actor, once."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.activity.services import follow
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.services import comment_create
from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.notifications.services import notifications_fan_out
from boucle.orgs.models import Role
from boucle.projects.services import project_update, support_add, team_add
from boucle.projects.tests.factories import make_project
from boucle.reviews.services import review_decide
from boucle.reviews.tests.factories import ProjectInReviewFactory, member_with_role

pytestmark = pytest.mark.django_db


def received(member) -> list[str]:
    return sorted(Notification.objects.filter(recipient=member).values_list("kind", flat=True))


def test_a_comment_on_a_project_tells_its_team_but_not_the_author(
    committed, user, other_user, project, carol
):
    # given: carol co-authors alice's project
    team_add(actor=user, project=project, username="carol")

    # when: bob comments
    committed(comment_create, author=other_user, target=project, body="Lovely idea.")

    # then
    assert received(user) == [Kind.PROJECT_COMMENT]
    assert received(carol) == [Kind.PROJECT_COMMENT]
    assert received(other_user) == []


def test_a_team_member_commenting_on_their_own_project_is_not_told(committed, user, project):
    committed(comment_create, author=user, target=project, body="Update: new photos.")
    assert received(user) == []


def test_a_reply_tells_the_author_of_the_comment_answered(committed, user, other_user, project, carol):
    # given
    parent = committed(comment_create, author=other_user, target=project, body="How tall is it?")
    Notification.objects.all().delete()

    # when: carol (not in the team) answers bob
    committed(comment_create, author=carol, target=project, body="About 30 cm.", parent=parent)

    # then: bob hears of the reply, alice of a comment on her project, carol of nothing
    assert received(other_user) == [Kind.REPLY]
    assert received(user) == [Kind.PROJECT_COMMENT]
    assert received(carol) == []


def test_a_mention_wins_over_the_other_kinds_one_notification_per_member(
    committed, user, other_user, project, carol
):
    # when: bob mentions alice (team) and carol, and himself
    comment = committed(
        comment_create, author=other_user, target=project, body="@alice @carol @bob what do you think?"
    )

    # then
    assert received(user) == [Kind.MENTION]
    assert received(carol) == [Kind.MENTION]
    assert received(other_user) == []
    event = Event.objects.get(verb=Verb.COMMENT_POSTED, subject_id=comment.pk)
    assert Notification.objects.filter(event=event).count() == 2


def test_a_mention_in_a_draft_discussion_does_not_reach_outsiders(committed, user, carol):
    # given
    draft = make_project(owner=user)
    # when
    committed(comment_create, author=user, target=draft, body="@carol will love this")
    # then
    assert received(carol) == []


def test_a_reply_on_a_technology_discussion_names_the_technology(committed, user, other_user):
    # given
    technology = TechnologyFactory(name="Bricks")
    parent = committed(comment_create, author=user, target=technology, body="Which colours exist?")

    # when
    committed(comment_create, author=other_user, target=technology, body="Twelve.", parent=parent)

    # then
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == Kind.REPLY
    from boucle.notifications.texts import notification_text

    assert notification_text(notification) == f"{other_user.name} replied to your comment on Bricks"


def test_a_support_milestone_tells_the_team_only(committed, user, project, carol, dave):
    # when: the second supporter reaches the first tier
    committed(support_add, actor=carol, project=project)
    committed(support_add, actor=dave, project=project)

    # then
    assert received(user) == [Kind.MILESTONE]
    assert received(carol) == [] and received(dave) == []


def test_a_review_decision_tells_the_team_not_the_reviewer(committed):
    # given
    project = ProjectInReviewFactory()
    reviewer = member_with_role(project.technology.organization, Role.REVIEWER, username="rita")

    # when
    committed(
        review_decide,
        actor=reviewer,
        project=project,
        decision="accepted",
        reason="A clever design that our production line can make as it is.",
    )

    # then
    assert received(project.created_by) == [Kind.REVIEW_DECISION]
    assert received(reviewer) == []


def test_a_new_follower_is_told_to_the_member_followed(committed, user, other_user, project):
    # when
    committed(follow, actor=other_user, target=user)
    committed(follow, actor=user, target=project)  # following a project tells no one

    # then
    assert received(user) == [Kind.FOLLOWER]
    assert received(other_user) == []


def test_followers_of_a_member_hear_of_their_new_project(committed, user, other_user, carol):
    # given: bob follows alice, carol follows nobody
    committed(follow, actor=other_user, target=user)
    draft = make_project(owner=user, title="Smoked rye porter")

    # when
    from boucle.projects.services import project_publish

    committed(project_publish, actor=user, project=draft)

    # then
    assert received(other_user) == [Kind.FOLLOWED_PUBLISHED]
    assert received(carol) == []
    from boucle.notifications.texts import notification_text

    notification = Notification.objects.get(recipient=other_user)
    assert notification_text(notification) == f"{user.name} published a new project: Smoked rye porter"


def test_an_inactive_member_is_not_told(committed, user, other_user, project):
    # given
    user.is_active = False
    user.save(update_fields=["is_active"])
    # when
    committed(comment_create, author=other_user, target=project, body="Anyone here?")
    # then
    assert received(user) == []


def test_running_the_fan_out_twice_writes_nothing_more(committed, user, other_user, project):
    # given
    committed(comment_create, author=other_user, target=project, body="Hello")
    event = Event.objects.get(verb=Verb.COMMENT_POSTED)

    # when
    count = notifications_fan_out(event_id=event.pk)

    # then
    assert count == 1
    assert Notification.objects.filter(event=event).count() == 1


def test_events_without_a_kind_tell_no_one(committed, user, project):
    # when: a status change nobody is told of (the support deadline passing is the platform's, for instance)
    from boucle.projects.services import project_archive

    UserFactory()
    committed(project_archive, actor=user, project=project, reason="We stop here.")
    # then
    assert Notification.objects.count() == 0


def test_supporters_hear_of_a_material_change_not_the_editor(committed, user, project, carol, dave):
    # given: carol supports, dave does not
    committed(support_add, actor=carol, project=project)

    # when
    committed(
        project_update, actor=user, project=project, pitch="A medieval castle whose drawbridge really lifts."
    )

    # then
    assert received(carol) == [Kind.SUPPORTED_CHANGED]
    assert received(dave) == []
    assert received(user) == []


@pytest.mark.parametrize(
    "before, after",
    [
        ("A medieval castle.\n\nWith towers.", "A medieval castle.\n\n\nWith   towers.  "),  # whitespace only
        (
            " ".join(["A long description of the castle and its walls."] * 20),
            " ".join(
                ["A long description of the castle and its walls."] * 19
                + ["A long description of the castle and its wall."]
            ),
        ),  # one word in 180
    ],
    ids=["whitespace", "tiny"],
)
def test_supporters_are_not_told_of_a_trivial_change(committed, user, project, carol, before, after):
    # given
    project_update(actor=user, project=project, body=before)
    committed(support_add, actor=carol, project=project)

    # when
    committed(project_update, actor=user, project=project, body=after)

    # then
    assert received(carol) == []


def test_a_change_of_title_only_tells_no_supporter(committed, user, project, carol):
    committed(support_add, actor=carol, project=project)
    committed(project_update, actor=user, project=project, title="A castle that really opens")
    assert received(carol) == []
