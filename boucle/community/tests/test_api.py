import json

import pytest
from django.test import override_settings

from boucle.accounts.models import ApiToken
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.challenges.tests.factories import ChallengeFactory
from boucle.community import services
from boucle.community.models import Comment, Reaction
from boucle.community.tests.factories import CommentProjectFactory
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import ProjectStatus

pytestmark = pytest.mark.django_db
URL = "/api/comments"


@pytest.fixture
def api(client):
    """api(member) -> call(method, path, body=None) with the member's bearer token (None: anonymous)."""

    def for_member(member):
        headers = {}
        if member is not None:
            key = ApiToken.generate_key()
            ApiToken.objects.create(user=member, name="test", key_hash=ApiToken.hash_key(key), hint=key[:8])
            headers["Authorization"] = f"Bearer {key}"

        def call(method, path, body=None):
            kwargs = {"headers": headers}
            if body is not None:
                kwargs |= {"data": json.dumps(body), "content_type": "application/json"}
            return getattr(client, method)(path, **kwargs)

        return call

    return for_member


def test_list_is_public_paginated_and_in_reading_order(api, user, other_user, project):
    # given
    first = services.comment_create(author=user, target=project, body="First @bob")
    reply = services.comment_create(author=other_user, target=project, body="Reply", parent=first)
    second = services.comment_create(author=other_user, target=project, body="Second")
    services.reaction_toggle(actor=other_user, comment=first, kind="like")

    # when
    response = api(None)("get", f"{URL}?target_type=project&target={project.slug}")

    # then
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 3 and data["page"] == 1
    assert [(c["id"], c["parent"], c["depth"]) for c in data["items"]] == [
        (first.pk, None, 0),
        (reply.pk, first.pk, 1),
        (second.pk, None, 0),
    ]
    top = data["items"][0]
    assert top["author"] == {"username": "alice", "name": user.name, "url": "/members/alice/"}
    assert top["target_type"] == "project" and top["target"] == project.slug
    assert 'href="/members/bob/"' in top["body_html"]
    like = next(r for r in top["reactions"] if r["kind"] == "like")
    assert like["count"] == 1 and like["reacted"] is False


def test_list_pages(api, user, project):
    for i in range(3):
        services.comment_create(author=user, target=project, body=f"Comment {i}")

    data = api(None)("get", f"{URL}?target_type=project&target={project.slug}&page=2&page_size=2").json()

    assert data["count"] == 3 and data["pages"] == 2 and [c["body"] for c in data["items"]] == ["Comment 2"]


def test_list_on_technologies_and_challenges(api, user):
    technology, challenge = TechnologyFactory(), ChallengeFactory()
    services.comment_create(author=user, target=technology, body="On the tech")
    services.comment_create(author=user, target=challenge, body="On the brief")

    tech = api(None)("get", f"{URL}?target_type=technology&target={technology.slug}").json()
    chal = api(None)("get", f"{URL}?target_type=challenge&target={challenge.slug}").json()

    assert [c["body"] for c in tech["items"]] == ["On the tech"]
    assert [c["body"] for c in chal["items"]] == ["On the brief"]


@pytest.mark.parametrize(
    "query,status",
    [
        ("target_type=organization&target=x", 422),
        ("target_type=project", 422),
        ("target_type=project&target=nope", 404),
    ],
)
def test_list_with_bad_target_answers_a_json_error(api, project, query, status):
    response = api(None)("get", f"{URL}?{query}")

    assert response.status_code == status and "detail" in response.json()


def test_comments_of_a_draft_are_hidden_from_outsiders(api, user, owner):
    draft = CommentProjectFactory(created_by=owner, status=ProjectStatus.DRAFT, published_at=None)
    services.comment_create(author=owner, target=draft, body="Private")

    assert api(None)("get", f"{URL}?target_type=project&target={draft.slug}").status_code == 404
    created = api(user)("post", URL, {"target_type": "project", "target": draft.slug, "body": "Hi"})
    assert created.status_code == 404 and Comment.objects.count() == 1


def test_create_and_reply(api, user, other_user, project):
    created = api(user)("post", URL, {"target_type": "project", "target": project.slug, "body": "Hello @bob"})

    assert created.status_code == 201
    body = created.json()
    assert body["author"]["username"] == "alice" and body["depth"] == 0
    comment = Comment.objects.get(pk=body["id"])
    assert comment.mentions.get().user == other_user
    assert Contribution.objects.filter(kind=ContributionKind.COMMENT, actor=user, project=project).count() == 1

    reply = api(other_user)(
        "post", URL, {"target_type": "project", "target": project.slug, "body": "Hi", "parent": comment.pk}
    )
    assert reply.status_code == 201 and reply.json()["parent"] == comment.pk and reply.json()["depth"] == 1


@pytest.mark.parametrize(
    "payload,status,field",
    [
        ({"body": ""}, 400, "body"),
        ({"body": "x" * 10001}, 400, "body"),
        ({"body": "Hi", "parent": 999999}, 400, "parent"),
        ({"body": "Hi", "target_type": "user"}, 422, "target_type"),
    ],
)
def test_create_with_bad_input_answers_a_json_error_and_writes_nothing(api, user, project, payload, status, field):
    response = api(user)("post", URL, {"target_type": "project", "target": project.slug} | payload)

    assert response.status_code == status
    assert response.json()["detail"] and field in response.json()["errors"]
    assert Comment.objects.count() == 0 and Contribution.objects.count() == 0


def test_create_needs_authentication(api, project):
    response = api(None)("post", URL, {"target_type": "project", "target": project.slug, "body": "Hi"})

    assert response.status_code == 401 and response.json()["detail"]
    assert Comment.objects.count() == 0


@override_settings(RATELIMIT_ENABLE=True)
def test_the_eleventh_comment_in_a_minute_answers_429(api, user, project):
    call = api(user)
    for i in range(10):
        assert call("post", URL, {"target_type": "project", "target": project.slug, "body": f"{i}"}).status_code == 201

    response = call("post", URL, {"target_type": "project", "target": project.slug, "body": "Too many"})

    assert response.status_code == 429 and response.json()["detail"]
    assert Comment.objects.count() == 10


def test_edit_keeps_revisions_and_only_the_author_may(api, user, other_user, project):
    comment = services.comment_create(author=user, target=project, body="Old")

    refused = api(other_user)("patch", f"{URL}/{comment.pk}", {"body": "Hijack"})
    edited = api(user)("patch", f"{URL}/{comment.pk}", {"body": "New"})
    revisions = api(None)("get", f"{URL}/{comment.pk}/revisions")

    assert refused.status_code == 403 and refused.json()["detail"]
    assert edited.status_code == 200 and edited.json()["body"] == "New" and edited.json()["revisions"] == 1
    assert edited.json()["edited_at"] is not None
    assert [r["body"] for r in revisions.json()] == ["Old"]


def test_edit_with_empty_body_is_refused(api, user, project):
    comment = services.comment_create(author=user, target=project, body="Old")

    response = api(user)("patch", f"{URL}/{comment.pk}", {"body": "  "})

    assert response.status_code == 400 and "body" in response.json()["errors"]
    comment.refresh_from_db()
    assert comment.body == "Old"


def test_delete_by_author_and_refusal_for_others(api, user, other_user, project):
    comment = services.comment_create(author=user, target=project, body="Text")
    services.comment_create(author=other_user, target=project, body="Reply", parent=comment)

    refused = api(other_user)("delete", f"{URL}/{comment.pk}")
    assert refused.status_code == 403
    comment.refresh_from_db()
    assert not comment.is_deleted

    assert api(user)("delete", f"{URL}/{comment.pk}").status_code == 204
    again = api(user)("delete", f"{URL}/{comment.pk}")
    assert again.status_code == 409

    items = api(None)("get", f"{URL}?target_type=project&target={project.slug}").json()["items"]
    assert items[0]["deleted"] is True and items[0]["body"] == "" and items[0]["author"] is None
    assert items[1]["body"] == "Reply"
    assert api(None)("get", f"{URL}/{comment.pk}/revisions").json() == []


def test_reaction_toggle(api, user, other_user, project):
    comment = services.comment_create(author=user, target=project, body="Text")
    call = api(other_user)

    on = call("post", f"{URL}/{comment.pk}/reactions", {"kind": "idea"})
    off = call("post", f"{URL}/{comment.pk}/reactions", {"kind": "idea"})
    bad = call("post", f"{URL}/{comment.pk}/reactions", {"kind": "angry"})

    assert on.json() == {"kind": "idea", "reacted": True, "count": 1}
    assert off.json() == {"kind": "idea", "reacted": False, "count": 0}
    assert bad.status_code == 422 and not Reaction.objects.exists()


def test_helpful_by_team_only(api, user, other_user, owner, project):
    comment = services.comment_create(author=user, target=project, body="Try a hinge")

    refused = api(other_user)("post", f"{URL}/{comment.pk}/helpful")
    marked = api(owner)("post", f"{URL}/{comment.pk}/helpful")
    unmarked = api(owner)("delete", f"{URL}/{comment.pk}/helpful")
    again = api(owner)("delete", f"{URL}/{comment.pk}/helpful")

    assert refused.status_code == 403
    assert marked.status_code == 200 and marked.json()["helpful"] is True
    assert unmarked.status_code == 200 and unmarked.json()["helpful"] is False
    assert again.status_code == 409
    rows = Contribution.objects.filter(kind=ContributionKind.COMMENT_HELPFUL).order_by("id")
    assert [(r.actor, r.is_reversal) for r in rows] == [(user, False), (user, True)]


def test_unknown_comment_answers_404(api, user):
    assert api(user)("patch", f"{URL}/4242", {"body": "x"}).status_code == 404
    assert api(None)("get", f"{URL}/4242/revisions").json()["detail"]


def test_session_writes_need_csrf(user, project):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(user)

    response = client.post(
        URL,
        data=json.dumps({"target_type": "project", "target": project.slug, "body": "Hi"}),
        content_type="application/json",
    )

    assert response.status_code == 403 and Comment.objects.count() == 0
