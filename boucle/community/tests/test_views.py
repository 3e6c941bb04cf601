import pytest
from django.template import Context, RequestContext, Template
from django.test import RequestFactory, override_settings
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.community import services
from boucle.community.models import Comment, Reaction
from boucle.community.tests.factories import CommentProjectFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


def render_thread(target, viewer):
    from django.contrib.auth.models import AnonymousUser

    request = RequestFactory().get(target.get_absolute_url())
    request.user = viewer or AnonymousUser()
    request.htmx = False
    return Template("{% load comments %}{% comments_thread target %}").render(
        RequestContext(request, {"target": target})
    )


def new_comment(project, body, **extra):
    return {"target_type": "project", "target_id": project.pk, "body": body, **extra}


# --- the thread -----------------------------------------------------------------------------------


def test_thread_shows_comments_replies_badges_and_actions_to_the_team(user, other_user, owner, project):
    # given
    first = services.comment_create(author=user, target=project, body="First @bob")
    reply = services.comment_create(author=other_user, target=project, body="A reply", parent=first)
    services.comment_edit(actor=other_user, comment=reply, body="A better reply")
    services.comment_mark_helpful(actor=owner, comment=first)
    services.reaction_toggle(actor=owner, comment=first, kind="idea")

    # when
    html = render_thread(project, owner)

    # then
    assert f'id="comment-{first.pk}"' in html and f'id="comment-{reply.pk}"' in html
    assert (
        html.index(f'id="comment-{first.pk}"')
        < html.index('class="replies"')
        < html.index(f'id="comment-{reply.pk}"')
    )
    assert '<a href="/members/alice/">' in html and 'href="/members/bob/"' in html
    assert "<time datetime=" in html
    assert reverse("comment_history", args=[reply.pk]) in html
    assert "Helpful" in html and "Unmark helpful" in html
    assert 'aria-pressed="true"' in html
    assert reverse("comment_delete", args=[first.pk]) in html  # the team moderates its thread
    assert reverse("comment_edit", args=[first.pk]) not in html  # only the author edits
    assert 'name="body"' in html and 'name="csrfmiddlewaretoken"' in html


def test_thread_invites_visitors_to_log_in(user, project):
    services.comment_create(author=user, target=project, body="Hello")

    html = render_thread(project, None)

    assert "Log in to comment" in html and reverse("account_login") in html
    assert reverse("comment_delete", args=[1]) not in html and 'name="body"' not in html


def test_deleted_comment_leaves_a_placeholder_and_its_replies(user, other_user, project):
    first = services.comment_create(author=user, target=project, body="Secret text")
    services.comment_create(author=other_user, target=project, body="The reply", parent=first)
    services.comment_delete(actor=user, comment=first)

    html = render_thread(project, other_user)

    assert "Comment deleted" in html and "Secret text" not in html and "The reply" in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_payloads_as_comments_leave_no_active_content(user, client_for, project, payload):
    # given
    client = client_for(user)
    comment = services.comment_create(author=user, target=project, body=payload)
    services.comment_edit(actor=user, comment=comment, body=payload + " (edited)")

    # when
    thread = render_thread(project, user)
    fragment = client.post(reverse("comment_create"), new_comment(project, payload), **HTMX).content.decode()
    history = client.get(reverse("comment_history", args=[comment.pk])).content.decode()

    # then
    assert active_content(thread) == []
    assert active_content(fragment) == []
    assert active_content(history) == []


def test_thread_is_read_in_a_bounded_number_of_queries(
    user, other_user, owner, project, django_assert_max_num_queries
):
    # given: many comments, replies, edits, reactions
    for i in range(15):
        c = services.comment_create(
            author=user if i % 2 else other_user, target=project, body=f"Comment {i} @bob"
        )
        r = services.comment_create(author=owner, target=project, body="Reply", parent=c)
        services.comment_edit(actor=owner, comment=r, body="Reply, edited")
        services.reaction_toggle(actor=other_user, comment=c, kind="like")
        services.reaction_toggle(actor=owner, comment=r, kind="love")
    project = type(project).objects.get(pk=project.pk)

    # when / then: the same small number as for one comment
    # (comments, revision counts, reaction counts, own reactions, team, technology, organization, roles)
    with django_assert_max_num_queries(8):
        html = render_thread(project, owner)
    assert html.count('class="comment') >= 30


# --- creating -------------------------------------------------------------------------------------


def test_posting_a_comment_without_js_redirects_to_its_anchor(user_client, project):
    response = user_client.post(reverse("comment_create"), new_comment(project, "Hello there"))

    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{project.get_absolute_url()}#comment-{comment.pk}"
    assert comment.body == "Hello there" and comment.target == project


def test_posting_with_htmx_answers_the_thread(user_client, project):
    response = user_client.post(reverse("comment_create"), new_comment(project, "Hello htmx"), **HTMX)

    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith(f'<section id="comments-project-{project.pk}"')
    assert "Hello htmx" in html and "<html" not in html


def test_replying_through_the_page(user, other_user, client_for, project):
    first = services.comment_create(author=user, target=project, body="Question")

    client_for(other_user).post(reverse("comment_create"), new_comment(project, "Answer", parent=first.pk))

    assert Comment.objects.get(body="Answer").parent == first


@pytest.mark.parametrize("body", ["", "x" * 10001])
def test_bad_body_gets_a_message_and_writes_nothing(user_client, project, body):
    plain = user_client.post(reverse("comment_create"), new_comment(project, body))
    htmx = user_client.post(reverse("comment_create"), new_comment(project, body), **HTMX)

    assert plain.status_code == 400 and 'role="alert"' in plain.content.decode()
    assert htmx.status_code == 200 and 'class="errorlist" role="alert"' in htmx.content.decode()
    assert Comment.objects.count() == 0 and Contribution.objects.count() == 0


@pytest.mark.parametrize(
    "data,status",
    [
        ({"target_type": "organization", "target_id": 1}, 400),
        ({"target_type": "project", "target_id": "abc"}, 400),
        ({"target_type": "project", "target_id": 999999}, 404),
    ],
)
def test_bad_target_is_refused(user_client, project, data, status):
    response = user_client.post(reverse("comment_create"), {"body": "Hello", **data})

    assert response.status_code == status
    assert Comment.objects.count() == 0


def test_draft_project_is_not_found_for_outsiders(user_client, owner):
    draft = CommentProjectFactory(created_by=owner, status=ProjectStatus.DRAFT, published_at=None)

    response = user_client.post(reverse("comment_create"), new_comment(draft, "Hello"))

    assert response.status_code == 404 and Comment.objects.count() == 0


def test_visitors_are_sent_to_log_in(client, project):
    response = client.post(reverse("comment_create"), new_comment(project, "Hello"))

    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    assert Comment.objects.count() == 0


@override_settings(RATELIMIT_ENABLE=True)
def test_the_eleventh_comment_in_a_minute_is_refused(user_client, project):
    for i in range(10):
        assert (
            user_client.post(reverse("comment_create"), new_comment(project, f"Comment {i}")).status_code
            == 302
        )

    response = user_client.post(reverse("comment_create"), new_comment(project, "One too many"))

    assert response.status_code == 429
    assert Comment.objects.count() == 10


# --- editing, deleting, reacting, helpful --------------------------------------------------------------


def test_author_edits_through_the_page(user, user_client, project):
    comment = services.comment_create(author=user, target=project, body="Typo")

    form = user_client.get(reverse("comment_edit", args=[comment.pk]))
    response = user_client.post(reverse("comment_edit", args=[comment.pk]), {"body": "Fixed"})

    assert form.status_code == 200 and "Typo" in form.content.decode()
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Fixed" and comment.revisions.get().body == "Typo"
    history = user_client.get(reverse("comment_history", args=[comment.pk])).content.decode()
    assert "Fixed" in history and "Typo" in history


def test_others_cannot_edit(user, other_user, client_for, project):
    comment = services.comment_create(author=user, target=project, body="Mine")

    response = client_for(other_user).post(reverse("comment_edit", args=[comment.pk]), {"body": "Theirs"})
    htmx = client_for(other_user).post(reverse("comment_edit", args=[comment.pk]), {"body": "Theirs"}, **HTMX)

    assert response.status_code == 403 and htmx.status_code == 200
    assert "Only the author can edit" in htmx.content.decode()
    comment.refresh_from_db()
    assert comment.body == "Mine"


def test_delete_through_the_page(user, user_client, project):
    comment = services.comment_create(author=user, target=project, body="Oops")

    response = user_client.post(reverse("comment_delete", args=[comment.pk]), **HTMX)

    assert response.status_code == 200 and "Comment deleted" in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_deleted


def test_others_cannot_delete_through_the_page(user, other_user, client_for, project):
    comment = services.comment_create(author=user, target=project, body="Mine")

    response = client_for(other_user).post(reverse("comment_delete", args=[comment.pk]))

    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_deleted


def test_react_toggles_through_the_page(user, other_user, client_for, project):
    comment = services.comment_create(author=user, target=project, body="Nice")
    client = client_for(other_user)

    first = client.post(reverse("comment_react", args=[comment.pk]), {"kind": "like"})
    assert first.status_code == 302 and Reaction.objects.filter(comment=comment, user=other_user).exists()

    client.post(reverse("comment_react", args=[comment.pk]), {"kind": "like"}, **HTMX)
    assert not Reaction.objects.exists()

    bad = client.post(reverse("comment_react", args=[comment.pk]), {"kind": "angry"})
    assert bad.status_code == 400 and not Reaction.objects.exists()


def test_team_marks_and_unmarks_helpful_through_the_page(user, owner, client_for, project):
    comment = services.comment_create(author=user, target=project, body="Try a hinge")
    client = client_for(owner)

    client.post(reverse("comment_helpful", args=[comment.pk]), {"action": "mark"})
    comment.refresh_from_db()
    assert comment.is_helpful

    client.post(reverse("comment_helpful", args=[comment.pk]), {"action": "unmark"}, **HTMX)
    comment.refresh_from_db()
    assert not comment.is_helpful
    assert Contribution.objects.filter(kind=ContributionKind.COMMENT_HELPFUL, actor=user).count() == 2


def test_outsider_cannot_mark_helpful(user, other_user, client_for, project):
    comment = services.comment_create(author=user, target=project, body="Try a hinge")

    response = client_for(other_user).post(reverse("comment_helpful", args=[comment.pk]), {"action": "mark"})

    assert response.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_helpful


def test_unknown_comment_is_404(user_client):
    assert user_client.post(reverse("comment_delete", args=[4242])).status_code == 404
    assert user_client.get(reverse("comment_history", args=[4242])).status_code == 404


def test_get_on_a_post_only_action_is_405(user, user_client, project):
    comment = services.comment_create(author=user, target=project, body="Hi")
    assert user_client.get(reverse("comment_delete", args=[comment.pk])).status_code == 405


def test_comments_of_a_draft_are_hidden_from_outsiders(owner, client_for):
    draft = CommentProjectFactory(created_by=owner, status=ProjectStatus.DRAFT, published_at=None)
    comment = services.comment_create(author=owner, target=draft, body="Private note")

    response = client_for(UserFactory()).get(reverse("comment_history", args=[comment.pk]))

    assert response.status_code == 404


@override_settings(RATELIMIT_ENABLE=True)
def test_too_fast_with_htmx_shows_the_message_and_keeps_the_text(user_client, project):
    for i in range(10):
        user_client.post(reverse("comment_create"), new_comment(project, f"Comment {i}"), **HTMX)

    response = user_client.post(reverse("comment_create"), new_comment(project, "Kept text"), **HTMX)

    html = response.content.decode()
    assert "too fast" in html and "Kept text</textarea>" in html
    assert Comment.objects.count() == 10


def test_thread_renders_without_a_request_in_the_context(user, project):
    services.comment_create(author=user, target=project, body="Hello")

    html = Template("{% load comments %}{% comments_thread target %}").render(
        Context({"target": project})
    )

    assert "Hello" in html and "Log in to comment" in html
