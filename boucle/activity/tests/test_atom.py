"""Atom feeds of a project, a challenge, a tag, an organization and a member."""

import xml.etree.ElementTree as ET

import pytest
from django.conf import settings

from boucle.activity.services import follow
from boucle.community.services import comment_create
from boucle.core.testing import XSS_PAYLOADS
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content)  # our own output: valid XML or this raises


def entries(root):
    return root.findall(f"{ATOM}entry")


def test_project_feed_has_one_entry_per_event(client, user, project):
    # given
    comment_create(author=user, target=project, body="Walls now swing both ways")
    # when
    root = parse(client.get(f"/projects/{project.slug}/feed.atom"))
    # then
    assert project.title in root.find(f"{ATOM}title").text
    items = entries(root)
    assert len(items) == 2
    newest = items[0]
    assert "commented on" in newest.find(f"{ATOM}title").text
    assert newest.find(f"{ATOM}link").get("href").startswith(f"{settings.SITE_URL}/projects/{project.slug}/")
    assert "#comment-" in newest.find(f"{ATOM}link").get("href")
    assert newest.find(f"{ATOM}id").text.startswith("urn:boucle:event:")
    assert newest.find(f"{ATOM}summary").text == "Walls now swing both ways"


def test_every_kind_has_a_feed(client, user, other_user, project):
    from boucle.challenges.tests.factories import ChallengeFactory

    challenge = ChallengeFactory(technology=project.technology)
    make_project(owner=user, challenge=challenge, publish=True, title="In the challenge")
    follow(actor=user, target=other_user)
    for url in (
        f"/orgs/{project.technology.organization.slug}/feed.atom",
        f"/challenges/{challenge.slug}/feed.atom",
        "/tags/castle/feed.atom",
        f"/members/{user.username}/feed.atom",
    ):
        assert entries(parse(client.get(url))), url


@pytest.mark.parametrize(
    "url", ["/projects/nope/feed.atom", "/orgs/nope/feed.atom", "/challenges/nope/feed.atom", "/tags/nope/feed.atom", "/members/nobody/feed.atom"]
)
def test_unknown_feeds_are_404(client, url):
    assert client.get(url).status_code == 404


def test_a_draft_has_no_feed(client, draft):
    assert client.get(f"/projects/{draft.slug}/feed.atom").status_code == 404


def test_member_page_links_its_feed(client, user):
    html = client.get(f"/members/{user.username}/").content.decode()
    assert f'<link rel="alternate" type="application/atom+xml" href="/members/{user.username}/feed.atom"' in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_atom_output_is_escaped(client, user, payload):
    # given
    project = make_project(owner=user, publish=True, title=payload[:140], tags="xss")
    comment_create(author=user, target=project, body=payload)
    # when
    response = client.get(f"/projects/{project.slug}/feed.atom")
    root = parse(response)
    # then: the text comes back as text, never as markup
    titles = [e.find(f"{ATOM}title").text for e in entries(root)]
    assert any(payload[:140] in t for t in titles)
    raw = response.content.decode()
    assert "<script" not in raw and "<img" not in raw and "<svg" not in raw and "<iframe" not in raw
    summary = entries(root)[0].find(f"{ATOM}summary")
    # <summary type="html"> is read as HTML by feed readers: it holds the escaped text
    assert summary.get("type") == "html" and "<" not in summary.text.replace("&lt;", "")
