"""The JSON API of follows, feeds and activity streams."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity import selectors
from boucle.activity.models import Follow
from boucle.activity.services import follow
from boucle.community.services import comment_create

pytestmark = pytest.mark.django_db


def post_follow(c, target_type, target):
    return c.post("/api/follows", {"target_type": target_type, "target": target}, content_type="application/json")


def test_follow_and_unfollow_through_the_api(client_for, user, other_user, project):
    c = client_for(other_user)
    # when
    created = post_follow(c, "project", project.slug)
    again = post_follow(c, "project", project.slug)
    # then
    assert created.status_code == 201 and again.status_code == 200
    assert created.json() == {
        "target_type": "project",
        "target": project.slug,
        "title": project.title,
        "url": f"/projects/{project.slug}/",
        "following": True,
        "followers": 1,
    }
    assert Follow.objects.count() == 1
    gone = c.delete(f"/api/follows?target_type=project&target={project.slug}")
    assert gone.status_code == 200 and gone.json()["following"] is False and gone.json()["followers"] == 0
    assert not Follow.objects.exists()
    assert c.delete(f"/api/follows?target_type=project&target={project.slug}").status_code == 200


def test_follow_errors_are_4xx_json_and_change_nothing(client, client_for, user, project):
    c = client_for(user)
    cases = [
        (post_follow(c, "member", "alice"), 400),  # oneself
        (post_follow(c, "member", "nobody"), 404),
        (post_follow(c, "project", "nope"), 404),
        (post_follow(c, "spaceship", "x"), 422),
        (c.post("/api/follows", "not json", content_type="application/json"), 400),
        (post_follow(client, "project", project.slug), 401),  # a visitor
        (c.delete("/api/follows?target_type=tag&target=nope"), 404),
    ]
    for response, status in cases:
        assert response.status_code == status, response.content
        assert "detail" in response.json()
    assert not Follow.objects.exists()


def test_followers_and_following_are_public_and_paginated(client, user, other_user, project):
    # given
    fans = [UserFactory() for _ in range(3)]
    for fan in fans:
        follow(actor=fan, target=user)
    follow(actor=other_user, target=project)
    follow(actor=other_user, target=project.technology.organization)
    # when
    followers = client.get("/api/members/alice/followers?page_size=2").json()
    following = client.get("/api/members/bob/following").json()
    # then
    assert followers["count"] == 3 and len(followers["items"]) == 2 and followers["pages"] == 2
    assert followers["items"][0]["username"] == fans[-1].username
    assert [(i["target_type"], i["target"]) for i in following["items"]] == [
        ("organization", project.technology.organization.slug),
        ("project", project.slug),
    ]
    assert client.get("/api/members/nobody/followers").status_code == 404


def test_my_feed_through_the_api_with_a_cursor(client_for, user, other_user, project):
    # given
    follow(actor=other_user, target=project)
    for i in range(5):
        comment_create(author=user, target=project, body=f"News {i}")
    c = client_for(other_user)
    # when
    first = c.get("/api/feed?limit=4").json()
    second = c.get(f"/api/feed?limit=4&cursor={first['next_cursor']}").json()
    # then
    assert [i["text"].split("“")[1] for i in first["items"][:2]] == ["News 4”", "News 3”"]
    assert len(first["items"]) == 4 and len(second["items"]) == 2 and second["next_cursor"] is None
    item = first["items"][0]
    assert item["verb"] == "comment_posted" and item["actor"] == "alice" and item["project"] == project.slug
    assert item["url"].startswith(f"/projects/{project.slug}/#comment-")
    assert item["data"]["excerpt"] == "News 4"


def test_the_feed_is_only_ever_ones_own(client, client_for, user, other_user, project):
    # given: bob follows the project, alice follows nothing
    follow(actor=other_user, target=project)
    comment_create(author=user, target=project, body="For bob's eyes")
    # then: no parameter reaches another member's feed, and visitors get 401
    assert client.get("/api/feed").status_code == 401
    alice = client_for(user)
    for query in ("", "?user=bob", "?username=bob", "?follower=2"):
        assert alice.get(f"/api/feed{query}").json()["items"] == []
    assert client.get("/feed/").status_code == 302


def test_a_bad_cursor_is_400(client_for, user):
    response = client_for(user).get("/api/feed?cursor=nonsense")
    assert response.status_code == 400 and response.json()["errors"]["cursor"]


def test_public_activity_streams(client, user, project, draft):
    comment_create(author=user, target=project, body="Public news")
    body = client.get(f"/api/projects/{project.slug}/activity").json()
    assert [i["verb"] for i in body["items"]] == ["comment_posted", "project_published"]
    org = client.get(f"/api/orgs/{project.technology.organization.slug}/activity").json()
    assert {i["project"] for i in org["items"]} == {project.slug}
    assert client.get(f"/api/projects/{draft.slug}/activity").status_code == 404
    assert client.get("/api/orgs/nope/activity").status_code == 404
    # the project router's own paths still answer
    assert client.get(f"/api/projects/{project.slug}").status_code == 200
    assert client.get("/api/members/alice").status_code == 200


def test_follow_state_is_visible_to_selectors(client_for, user, project):
    post_follow(client_for(user), "tag", "castle")
    from boucle.projects.models import Tag

    assert selectors.is_following(user=user, target=Tag.objects.get(slug="castle"))
