import pytest
from django.contrib.contenttypes.models import ContentType

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.models import TechnologyStatus
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.community import services
from boucle.community.models import Comment, CommentRevision, Mention, Reaction, ReactionKind
from boucle.community.tests.factories import CommentProjectFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.orgs.models import Role
from boucle.orgs.tests.factories import MembershipFactory
from boucle.projects.enums import ProjectStatus

pytestmark = pytest.mark.django_db


def ledger(kind, subject):
    return list(
        Contribution.objects.filter(
            kind=kind, object_type=ContentType.objects.get_for_model(subject), object_id=subject.pk
        ).order_by("id")
    )


# --- create ---------------------------------------------------------------------------------------


def test_comment_links_mentions_of_existing_members_and_records_them(user, other_user, project):
    # given / when
    comment = services.comment_create(author=user, target=project, body="Hi @bob and @nobody, see **this**")

    # then
    assert '<a href="/members/bob/"' in comment.body_html
    assert "/members/nobody/" not in comment.body_html
    assert "<strong>this</strong>" in comment.body_html
    assert list(Mention.objects.filter(comment=comment).values_list("user__username", flat=True)) == ["bob"]
    assert comment.project == project
    assert comment.target == project


def test_comment_appends_a_ledger_row_for_its_author(user, project):
    comment = services.comment_create(author=user, target=project, body="Hello")

    rows = ledger(ContributionKind.COMMENT, comment)
    assert [(r.actor, r.project, r.is_reversal) for r in rows] == [(user, project, False)]


def test_comment_on_technology_and_challenge_has_no_project_in_ledger(user):
    technology = TechnologyFactory()
    challenge = ChallengeFactory()

    on_tech = services.comment_create(author=user, target=technology, body="Nice tech")
    on_challenge = services.comment_create(author=user, target=challenge, body="Nice brief")

    assert on_tech.project is None and on_challenge.project is None
    assert ledger(ContributionKind.COMMENT, on_tech)[0].project is None
    assert ledger(ContributionKind.COMMENT, on_challenge)[0].project is None


def test_comment_on_another_kind_of_object_is_refused(user, other_user):
    with pytest.raises(InvalidInput):
        services.comment_create(author=user, target=other_user, body="Hello")
    assert Comment.objects.count() == 0


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 10001])
def test_empty_or_too_long_body_is_refused_and_nothing_is_written(user, project, body):
    with pytest.raises(InvalidInput) as err:
        services.comment_create(author=user, target=project, body=body)

    assert err.value.field == "body" and str(err.value.message)
    assert Comment.objects.count() == 0 and Contribution.objects.count() == 0


def test_body_of_exactly_ten_thousand_characters_is_accepted(user, project):
    assert services.comment_create(author=user, target=project, body="x" * 10000).pk


def test_draft_project_accepts_comments_from_its_team_only(user, owner):
    draft = CommentProjectFactory(created_by=owner, status=ProjectStatus.DRAFT, published_at=None)

    with pytest.raises(NotAllowed):
        services.comment_create(author=user, target=draft, body="Let me in")
    assert Comment.objects.count() == 0

    assert services.comment_create(author=owner, target=draft, body="Note to self").pk


def test_draft_technology_accepts_comments_from_its_organization_only(user):
    technology = TechnologyFactory(status=TechnologyStatus.DRAFT)

    with pytest.raises(NotAllowed):
        services.comment_create(author=user, target=technology, body="Hello")
    assert services.comment_create(author=technology.organization.created_by, target=technology, body="Hi").pk


def test_anonymous_cannot_comment(project):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.comment_create(author=AnonymousUser(), target=project, body="Hello")
    assert Comment.objects.count() == 0


# --- threading ------------------------------------------------------------------------------------


def test_reply_is_attached_to_its_parent(user, other_user, project):
    first = services.comment_create(author=user, target=project, body="Question?")

    reply = services.comment_create(author=other_user, target=project, body="Answer.", parent=first)

    assert reply.parent == first
    assert list(first.replies.all()) == [reply]


def test_reply_to_a_comment_of_another_target_is_refused(user, project):
    elsewhere = services.comment_create(author=user, target=CommentProjectFactory(), body="Elsewhere")

    with pytest.raises(InvalidInput):
        services.comment_create(author=user, target=project, body="Reply", parent=elsewhere)
    assert Comment.objects.count() == 1


def test_replies_nest_at_most_three_levels_below_the_first_comment(user, project):
    level0 = services.comment_create(author=user, target=project, body="0")
    level1 = services.comment_create(author=user, target=project, body="1", parent=level0)
    level2 = services.comment_create(author=user, target=project, body="2", parent=level1)
    level3 = services.comment_create(author=user, target=project, body="3", parent=level2)

    # when
    deeper = services.comment_create(author=user, target=project, body="4", parent=level3)

    # then
    assert level3.parent == level2
    assert deeper.parent == level2  # beside the comment it answers, at the deepest level


# --- edit -----------------------------------------------------------------------------------------


def test_edit_keeps_the_previous_text_and_updates_mentions(user, other_user, project):
    UserFactory(username="carol")
    comment = services.comment_create(author=user, target=project, body="Hi @bob")

    # when
    edited = services.comment_edit(actor=user, comment=comment, body="Hi @carol")

    # then
    assert edited.body == "Hi @carol" and "/members/carol/" in edited.body_html
    assert edited.edited_at is not None
    assert list(CommentRevision.objects.filter(comment=comment).values_list("body", flat=True)) == ["Hi @bob"]
    assert list(Mention.objects.filter(comment=comment).values_list("user__username", flat=True)) == ["carol"]


def test_edit_without_change_writes_no_revision(user, project):
    comment = services.comment_create(author=user, target=project, body="Same")

    services.comment_edit(actor=user, comment=comment, body="Same")

    comment.refresh_from_db()
    assert comment.edited_at is None and comment.revisions.count() == 0


def test_only_the_author_edits(user, other_user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Mine")

    for actor in (other_user, owner):
        with pytest.raises(NotAllowed):
            services.comment_edit(actor=actor, comment=comment, body="Theirs")

    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.revisions.count() == 0


def test_edit_with_empty_body_is_refused(user, project):
    comment = services.comment_create(author=user, target=project, body="Mine")

    with pytest.raises(InvalidInput):
        services.comment_edit(actor=user, comment=comment, body=" ")

    comment.refresh_from_db()
    assert comment.body == "Mine" and comment.revisions.count() == 0


def test_deleted_comment_cannot_be_edited(user, project):
    comment = services.comment_create(author=user, target=project, body="Mine")
    services.comment_delete(actor=user, comment=comment)

    with pytest.raises(Conflict):
        services.comment_edit(actor=user, comment=comment, body="Back")


# --- delete ---------------------------------------------------------------------------------------


def test_soft_delete_keeps_replies_and_appends_a_ledger_reversal(user, other_user, project):
    parent = services.comment_create(author=user, target=project, body="Parent")
    reply = services.comment_create(author=other_user, target=project, body="Reply", parent=parent)

    # when
    services.comment_delete(actor=user, comment=parent)

    # then
    parent.refresh_from_db()
    assert parent.is_deleted and parent.deleted_by == user
    assert list(parent.replies.all()) == [reply]
    rows = ledger(ContributionKind.COMMENT, parent)
    assert len(rows) == 2 and rows[1].reverses == rows[0] and rows[1].actor == user
    assert rows[1].project == project


def _moderator(project):
    return MembershipFactory(organization=project.technology.organization, role=Role.MODERATOR).user


@pytest.mark.parametrize("who", ["author", "team", "moderator", "org_owner", "staff"])
def test_who_may_delete(user, owner, project, who):
    comment = services.comment_create(author=user, target=project, body="Text")
    actor = {
        "author": lambda: user,
        "team": lambda: owner,
        "moderator": lambda: _moderator(project),
        "org_owner": lambda: project.technology.organization.created_by,
        "staff": lambda: UserFactory(is_staff=True),
    }[who]()

    services.comment_delete(actor=actor, comment=comment)

    comment.refresh_from_db()
    assert comment.is_deleted and comment.deleted_by == actor


@pytest.mark.parametrize("who", ["other_member", "reviewer"])
def test_others_may_not_delete_and_nothing_changes(user, other_user, project, who):
    comment = services.comment_create(author=user, target=project, body="Text")
    actor = (
        other_user
        if who == "other_member"
        else MembershipFactory(organization=project.technology.organization, role=Role.REVIEWER).user
    )

    with pytest.raises(NotAllowed):
        services.comment_delete(actor=actor, comment=comment)

    comment.refresh_from_db()
    assert not comment.is_deleted
    assert len(ledger(ContributionKind.COMMENT, comment)) == 1


def test_team_of_a_project_cannot_delete_comments_on_the_technology(user, owner, project):
    comment = services.comment_create(author=user, target=project.technology, body="Text")

    with pytest.raises(NotAllowed):
        services.comment_delete(actor=owner, comment=comment)


def test_deleting_twice_is_a_conflict(user, project):
    comment = services.comment_create(author=user, target=project, body="Text")
    services.comment_delete(actor=user, comment=comment)

    with pytest.raises(Conflict):
        services.comment_delete(actor=user, comment=comment)
    assert len(ledger(ContributionKind.COMMENT, comment)) == 2


# --- helpful --------------------------------------------------------------------------------------


def test_team_marks_helpful_and_the_ledger_credits_the_comments_author(user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Try a hinge")

    services.comment_mark_helpful(actor=owner, comment=comment)

    comment.refresh_from_db()
    assert comment.is_helpful and comment.helpful_marked_by == owner
    rows = ledger(ContributionKind.COMMENT_HELPFUL, comment)
    assert [(r.actor, r.project, r.is_reversal) for r in rows] == [(user, project, False)]


def test_unmarking_helpful_appends_a_reversal(user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Try a hinge")
    services.comment_mark_helpful(actor=owner, comment=comment)

    services.comment_unmark_helpful(actor=owner, comment=comment)

    comment.refresh_from_db()
    assert not comment.is_helpful
    rows = ledger(ContributionKind.COMMENT_HELPFUL, comment)
    assert len(rows) == 2 and rows[1].reverses == rows[0] and rows[1].actor == user


def test_helpful_is_refused_to_others_on_own_comments_and_outside_projects(user, other_user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Idea")
    own = services.comment_create(author=owner, target=project, body="My own idea")
    on_tech = services.comment_create(author=user, target=project.technology, body="Tech idea")
    moderator = _moderator(project)

    for actor, target in [(other_user, comment), (moderator, comment), (owner, own), (owner, on_tech)]:
        with pytest.raises(NotAllowed):
            services.comment_mark_helpful(actor=actor, comment=target)

    assert not Comment.objects.filter(helpful_marked_at__isnull=False).exists()
    assert not Contribution.objects.filter(kind=ContributionKind.COMMENT_HELPFUL).exists()


def test_helpful_twice_is_a_conflict_and_deleted_comments_cannot_be_marked(user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Idea")
    services.comment_mark_helpful(actor=owner, comment=comment)
    with pytest.raises(Conflict):
        services.comment_mark_helpful(actor=owner, comment=comment)

    gone = services.comment_create(author=user, target=project, body="Gone")
    services.comment_delete(actor=user, comment=gone)
    with pytest.raises(Conflict):
        services.comment_mark_helpful(actor=owner, comment=gone)
    assert len(ledger(ContributionKind.COMMENT_HELPFUL, comment)) == 1
    assert ledger(ContributionKind.COMMENT_HELPFUL, gone) == []


def test_deleting_a_helpful_comment_reverses_its_helpful_mark(user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Idea")
    services.comment_mark_helpful(actor=owner, comment=comment)

    services.comment_delete(actor=user, comment=comment)

    rows = ledger(ContributionKind.COMMENT_HELPFUL, comment)
    assert len(rows) == 2 and rows[1].reverses == rows[0]


# --- reactions ------------------------------------------------------------------------------------


def test_reaction_toggles(user, other_user, project):
    comment = services.comment_create(author=user, target=project, body="Idea")

    assert services.reaction_toggle(actor=other_user, comment=comment, kind=ReactionKind.LOVE) is True
    assert Reaction.objects.filter(comment=comment, user=other_user, kind="love").count() == 1

    assert services.reaction_toggle(actor=other_user, comment=comment, kind=ReactionKind.LOVE) is False
    assert not Reaction.objects.filter(comment=comment).exists()


def test_unknown_reaction_kind_is_refused(user, project):
    comment = services.comment_create(author=user, target=project, body="Idea")

    with pytest.raises(InvalidInput):
        services.reaction_toggle(actor=user, comment=comment, kind="angry")
    assert not Reaction.objects.exists()
