"""/api/notifications: your own notifications only; another member's is a 404."""

import pytest

from boucle.accounts.services import token_create
from boucle.community.services import comment_create
from boucle.notifications.enums import Channel, Kind
from boucle.notifications.models import Notification, NotificationPreference
from boucle.projects.services import project_update, support_add

pytestmark = pytest.mark.django_db


def bearer(member) -> dict:
    _token, key = token_create(actor=member, name="tests")
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def two(committed, user, other_user, project, carol):
    """alice has two notifications: bob's comment (read) and carol's mention (unread)."""
    committed(comment_create, author=other_user, target=project, body="Lovely idea.")
    committed(comment_create, author=carol, target=project, body="@alice <script>alert(1)</script>")
    Notification.objects.filter(recipient=user, kind=Kind.PROJECT_COMMENT).update(read_at="2030-01-01T00:00Z")
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")


def test_list_is_mine_newest_first_paginated(client, user, two):
    # when
    response = client.get("/api/notifications?page_size=1", headers=bearer(user))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2 and body["pages"] == 2 and len(body["items"]) == 1
    item = body["items"][0]
    mention = two[0]
    assert item == {
        "id": mention.pk,
        "kind": "mention",
        "kind_label": "Someone mentions me in a comment",
        "text": f"{mention.event.actor.name} mentioned you in a comment on A castle that opens",
        "excerpt": "@alice <script>alert(1)</script>",  # plain text: JSON clients escape it
        "changes": [],
        "actor": {"username": "carol", "name": mention.event.actor.name, "url": "/members/carol/"},
        "project": {
            "slug": "a-castle-that-opens",
            "title": "A castle that opens",
            "url": "/projects/a-castle-that-opens/",
        },
        "url": f"/notifications/{mention.pk}/open/",
        "read": False,
        "read_at": None,
        "created_at": item["created_at"],
    }


def test_unread_filter(client, user, two):
    body = client.get("/api/notifications?unread=true", headers=bearer(user)).json()
    assert [i["kind"] for i in body["items"]] == ["mention"]


def test_others_get_an_empty_list(client, other_user, two):
    body = client.get("/api/notifications", headers=bearer(other_user)).json()
    assert body["count"] == 0


def test_visitors_get_401(client, two):
    assert client.get("/api/notifications").status_code == 401
    assert client.post("/api/notifications/read-all").status_code == 401


def test_mark_one_read(client, user, two):
    mention = two[0]
    response = client.post(f"/api/notifications/{mention.pk}/read", headers=bearer(user))
    assert response.status_code == 200 and response.json()["read"] is True
    mention.refresh_from_db()
    assert mention.read_at is not None


def test_marking_another_members_notification_is_404_and_changes_nothing(client, other_user, two):
    mention = two[0]
    response = client.post(f"/api/notifications/{mention.pk}/read", headers=bearer(other_user))
    assert response.status_code == 404 and response.json() == {"detail": "No such notification."}
    mention.refresh_from_db()
    assert mention.read_at is None


def test_unknown_notification_is_404(client, user, db):
    assert client.post("/api/notifications/999999/read", headers=bearer(user)).status_code == 404


def test_read_all_marks_only_mine(committed, client, user, other_user, two, project):
    # given: bob has one too
    committed(comment_create, author=user, target=project, body="@bob thanks")
    # when
    response = client.post("/api/notifications/read-all", headers=bearer(user))
    # then
    assert response.json() == {"marked": 1}
    assert Notification.objects.filter(recipient=other_user, read_at__isnull=True).count() == 1


def test_a_supporters_notification_carries_the_diff(committed, client, user, project, carol):
    committed(support_add, actor=carol, project=project)
    committed(project_update, actor=user, project=project, pitch="A medieval castle whose drawbridge lifts.")
    item = client.get("/api/notifications", headers=bearer(carol)).json()["items"][0]
    assert item["kind"] == "supported_changed"
    assert item["changes"] == [
        {
            "field": "pitch",
            "label": "Pitch",
            "segments": [
                {"op": "equal", "text": "A medieval castle whose"},
                {"op": "delete", "text": "walls swing open."},
                {"op": "insert", "text": "drawbridge lifts."},
            ],
        }
    ]


def test_preferences_get_and_put(client, user):
    # when
    before = client.get("/api/notifications/preferences", headers=bearer(user)).json()
    response = client.put(
        "/api/notifications/preferences",
        {"channels": {"reply": "digest", "mention": "off"}, "language": "fr"},
        content_type="application/json",
        headers=bearer(user),
    )

    # then
    assert before["channels"]["mention"] == "email" and before["language"] == "en"
    assert response.status_code == 200
    after = response.json()
    assert after["channels"]["reply"] == "digest" and after["channels"]["mention"] == "off"
    assert after["channels"]["follower"] == "in_app"  # untouched
    assert after["language"] == "fr"
    assert {k["kind"] for k in after["kinds"]} == set(Kind.values)
    assert after["channel_choices"] == list(Channel.values)


@pytest.mark.parametrize(
    "payload",
    [
        {"channels": {"reply": "pigeon"}},
        {"channels": {"nonsense": "off"}},
        {"language": "klingon"},
        {"channels": "off"},
    ],
)
def test_bad_preferences_are_4xx_json_and_change_nothing(client, user, payload):
    response = client.put(
        "/api/notifications/preferences", payload, content_type="application/json", headers=bearer(user)
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    assert NotificationPreference.objects.count() == 0
