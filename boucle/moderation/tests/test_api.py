import json

import pytest

from boucle.moderation import services
from boucle.moderation.models import ModerationAction, OrganizationBan, Report

pytestmark = pytest.mark.django_db


def _post(client, url, data):
    return client.post(url, json.dumps(data), content_type="application/json")


def test_report_through_the_api(world, client_for):
    # when
    response = _post(client_for(world.visitor), "/api/moderation/reports",
                     {"type": "comment", "id": world.comment.pk, "reason": "abuse", "text": "Rude"})
    # then
    assert response.status_code == 201
    body = response.json()
    assert body["type"] == "comment" and body["target_id"] == world.comment.pk and body["text"] == "Rude"
    assert Report.objects.get().reporter == world.visitor


def test_report_errors_are_json(world, client, client_for):
    visitor = client_for(world.visitor)
    cases = [
        (client, {"type": "project", "id": world.project.pk, "reason": "spam"}, 401),
        (client_for(world.author), {"type": "project", "id": world.project.pk, "reason": "spam"}, 403),
        (visitor, {"type": "project", "id": 999999, "reason": "spam"}, 404),
        (visitor, {"type": "planet", "id": 1, "reason": "spam"}, 422),
        (visitor, {"type": "project", "id": world.project.pk, "reason": "other"}, 400),
    ]
    for c, data, status in cases:
        response = _post(c, "/api/moderation/reports", data)
        assert response.status_code == status, (data, response.content)
        assert response.json()["detail"]
    assert Report.objects.count() == 0
    assert _post(visitor, "/api/moderation/reports", {"type": "project", "id": world.project.pk,
                                                      "reason": "spam"}).status_code == 201
    again = _post(visitor, "/api/moderation/reports", {"type": "project", "id": world.project.pk, "reason": "spam"})
    assert again.status_code == 409 and "already reported" in again.json()["detail"]


def test_the_queue_through_the_api(world, client, client_for):
    # given
    services.report_create(reporter=world.reporters[0], target=world.project, reason="spam", text="Spam!")
    services.report_create(reporter=world.reporters[1], target=world.author, reason="abuse")
    # when
    org_queue = client_for(world.moderator).get("/api/moderation/queue", {"organization": "brickworks"})
    site_queue = client_for(world.staff).get("/api/moderation/queue")
    # then
    assert org_queue.status_code == 200
    items = org_queue.json()["items"]
    assert [(i["type"], i["id"]) for i in items] == [("project", world.project.pk)]
    assert items[0]["reports"][0]["text"] == "Spam!" and items[0]["authors"] == ["author"]
    assert {i["type"] for i in site_queue.json()["items"]} == {"project", "member"}
    # moderators only
    assert client.get("/api/moderation/queue").status_code == 401
    assert client_for(world.moderator).get("/api/moderation/queue").status_code == 403
    assert client_for(world.other_mod).get("/api/moderation/queue", {"organization": "brickworks"}).status_code == 403
    assert client_for(world.staff).get("/api/moderation/queue", {"organization": "nope"}).status_code == 404


def test_actions_through_the_api(world, client_for):
    # given
    moderator = client_for(world.moderator)
    services.report_create(reporter=world.reporters[0], target=world.project, reason="spam")
    # when
    hidden = _post(moderator, "/api/moderation/actions", {"action": "hide", "type": "project", "id": world.project.pk,
                                                          "reason": "Spam"})
    restored = _post(moderator, "/api/moderation/actions", {"action": "restore", "type": "project",
                                                            "id": world.project.pk})
    banned = _post(moderator, "/api/moderation/actions", {"action": "ban_org", "type": "member",
                                                          "id": world.author.pk, "organization": "brickworks",
                                                          "reason": "Spam"})
    # then
    assert (hidden.status_code, restored.status_code, banned.status_code) == (201, 201, 201)
    assert hidden.json()["action"] == "hide" and hidden.json()["moderator"] == "mod"
    assert banned.json()["organization"] == "brickworks"
    assert OrganizationBan.objects.filter(member=world.author, lifted_at__isnull=True).exists()
    assert ModerationAction.objects.count() == 3


def test_refused_actions_are_json_and_change_nothing(world, client_for):
    services.report_create(reporter=world.reporters[0], target=world.project, reason="spam")
    cases = [
        (world.other_mod, {"action": "hide", "type": "project", "id": world.project.pk}, 403),
        (world.moderator, {"action": "ban_site", "type": "member", "id": world.author.pk, "reason": "x"}, 403),
        (world.moderator, {"action": "restore", "type": "project", "id": world.project.pk}, 409),
        (world.moderator, {"action": "ban_org", "type": "member", "id": world.author.pk}, 400),
        (world.moderator, {"action": "hide", "type": "project", "id": 999999}, 404),
        (world.moderator, {"action": "explode", "type": "project", "id": world.project.pk}, 422),
    ]
    for member, data, status in cases:
        response = _post(client_for(member), "/api/moderation/actions", data)
        assert response.status_code == status, (data, response.content)
        assert response.json()["detail"]
    world.project.refresh_from_db()
    assert world.project.hidden_at is None
    assert ModerationAction.objects.count() == 0 and OrganizationBan.objects.count() == 0


def test_the_log_through_the_api_is_staff_only(world, client_for):
    # given
    services.content_hide(moderator=world.moderator, target=world.project, reason="<script>x</script>")
    services.member_ban_site(moderator=world.staff, member=world.commenter, reason="Spam")
    # when
    response = client_for(world.staff).get("/api/moderation/log", {"action": "ban_site"})
    # then
    assert response.status_code == 200
    assert [(a["action"], a["target_label"]) for a in response.json()["items"]] == [("ban_site", "@commenter")]
    assert response.json()["count"] == 1
    assert client_for(world.staff).get("/api/moderation/log").json()["count"] == 2
    assert client_for(world.moderator).get("/api/moderation/log").status_code == 403


def test_a_site_banned_members_token_stops_working(world, client):
    from boucle.accounts.services import token_create

    _token, key = token_create(actor=world.author, name="cli")
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 200
    services.member_ban_site(moderator=world.staff, member=world.author, reason="Spam")
    assert client.get("/api/me", HTTP_AUTHORIZATION=f"Bearer {key}").status_code == 401
