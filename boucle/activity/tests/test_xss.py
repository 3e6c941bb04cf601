"""Payloads in titles, names and comments stay text in every feed page."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.services import follow
from boucle.community.services import comment_create
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.projects.services import project_update
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_feed_pages_carry_no_active_content(client, client_for, payload):
    # given: a member whose name, project title, pitch and comment are the payload
    author = UserFactory(username="mallory", display_name=payload[:60])
    watcher = UserFactory(username="watcher")
    project = make_project(owner=author, publish=True, title=payload[:140], tags="xss")
    project_update(actor=author, project=project, pitch=payload[:280])
    comment_create(author=author, target=project, body=payload)
    follow(actor=author, target=watcher)
    follow(actor=watcher, target=author)
    organization = project.technology.organization
    pages = {
        "/feed/": client_for(watcher),
        "/": client_for(watcher),
        f"/projects/{project.slug}/activity/": client,
        project.get_absolute_url(): client,
        f"/orgs/{organization.slug}/activity/": client,
        organization.get_absolute_url(): client,
        "/members/watcher/followers/": client,
        "/members/mallory/following/": client,
        "/members/mallory/": client,
        "/projects/?tag=xss": client,
    }
    for url, c in pages.items():
        # when
        response = c.get(url)
        # then
        assert response.status_code == 200, url
        html = response.content.decode()
        assert active_content(html) == [], url
    feed = client_for(watcher).get("/feed/").content.decode()
    assert "commented on" in feed and "published" in feed
