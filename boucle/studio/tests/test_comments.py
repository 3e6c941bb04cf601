"""Comments anchored to a design element follow it through later revisions."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.community.models import Comment
from boucle.community.services import comment_delete
from boucle.core.errors import InvalidInput, NotFound
from boucle.studio.models import CommentAnchor
from boucle.studio.selectors import anchored_comments
from boucle.studio.services import design_comment_create, revision_save
from boucle.studio.tests.factories import make_design, tally

pytestmark = pytest.mark.django_db


def test_a_comment_on_an_element_follows_it_until_the_element_goes(user):
    # given a design with an apple (c1) and a pear (c2), and a remark on the pear
    design = make_design(owner=user, counters=[("apple", 3), ("pear", 1)])
    reader = UserFactory()
    first = design.head
    comment = design_comment_create(
        author=reader, design=design, revision=first, element="c2", body="One pear?"
    )
    # then the comment is a comment on the project (threads, notifications) anchored to c2
    assert comment.project == design.project
    anchor = CommentAnchor.objects.get(comment=comment)
    assert (anchor.revision, anchor.element, anchor.element_label) == (first, "c2", "pear (c2)")
    # when revision 2 keeps the pear (more of them), the comment is still beside it
    second = revision_save(actor=user, design=design, content=tally(("apple", 3), ("pear", 4)), parent=1)
    seen = anchored_comments(design=design, revision=second)
    assert [a.comment for a in seen.by_element["c2"]] == [comment] and seen.removed == []
    # when revision 3 drops the pear, the comment is listed as on a removed element
    third = revision_save(actor=user, design=design, content=tally(("apple", 3)), parent=2)
    seen = anchored_comments(design=design, revision=third)
    assert seen.by_element == {} and [a.comment for a in seen.removed] == [comment]


def test_a_comment_made_on_a_later_revision_is_not_shown_on_an_earlier_one(user):
    design = make_design(owner=user, counters=[("apple", 3)])
    second = revision_save(actor=user, design=design, content=tally(("apple", 4)), parent=1)
    design_comment_create(author=user, design=design, revision=second, element="c1", body="Four now")
    assert anchored_comments(design=design, revision=design.revisions.get(number=1)).count == 0
    assert anchored_comments(design=design, revision=second).count == 1


def test_a_bom_line_can_be_commented_and_a_missing_element_cannot(user):
    design = make_design(owner=user, counters=[("apple", 3)])
    design_comment_create(
        author=user, design=design, revision=design.head, element="item:apple", body="Price?"
    )
    with pytest.raises(InvalidInput):
        design_comment_create(author=user, design=design, revision=design.head, element="c9", body="?")
    assert Comment.objects.count() == 1


def test_a_deleted_comment_leaves_the_element(user):
    design = make_design(owner=user, counters=[("apple", 3)])
    comment = design_comment_create(author=user, design=design, revision=design.head, element="c1", body="Hm")
    comment_delete(actor=user, comment=comment)
    assert anchored_comments(design=design, revision=design.head).count == 0


def test_a_drafts_design_cannot_be_commented_by_outsiders(user):
    design = make_design(owner=user, publish=False)
    with pytest.raises(NotFound):
        design_comment_create(
            author=UserFactory(), design=design, revision=design.head, element="c1", body="Hi"
        )


def test_a_suggestion_shows_the_comments_of_the_main_line_it_starts_from_and_its_own(user):
    from boucle.studio.services import suggestion_propose

    design = make_design(owner=user, counters=[("apple", 3)])
    on_main = design_comment_create(
        author=user, design=design, revision=design.head, element="c1", body="Main"
    )
    outsider = UserFactory()
    suggestion = suggestion_propose(
        actor=outsider, design=design, content=tally(("apple", 3), ("pear", 1)), parent=1, message="Pear"
    )
    on_suggestion = design_comment_create(
        author=user, design=design, revision=suggestion.revision, element="c2", body="Why a pear?"
    )
    seen = anchored_comments(design=design, revision=suggestion.revision)
    assert {k: [a.comment for a in v] for k, v in seen.by_element.items()} == {
        "c1": [on_main],
        "c2": [on_suggestion],
    }
    # the main line does not show what was said on the suggestion
    assert [a.comment for a in anchored_comments(design=design, revision=design.head).by_element["c1"]] == [
        on_main
    ]
    assert anchored_comments(design=design, revision=design.head).count == 1
