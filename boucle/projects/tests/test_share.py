"""A project page has a share link: the Web Share API where the device offers it, a link to copy, an e-mail."""

from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.staticfiles import finders

from boucle.core.templatetags.share import canonical_url, mailto_link, plain_text
from boucle.core.testing import active_content
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db

SITE = "https://boucle.example"


class _Share(HTMLParser):
    def __init__(self):
        super().__init__()
        self.box = None
        self.links = []
        self.scripts = []
        self.buttons = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "data-share" in attrs:
            self.box = attrs
        if tag == "a":
            self.links.append(attrs.get("href", ""))
        if tag == "script":
            self.scripts.append(attrs.get("src", ""))
        if tag == "button":
            self.buttons.append(attrs)


def share_of(html) -> _Share:
    parser = _Share()
    parser.feed(html)
    return parser


def test_a_project_page_offers_to_share_it(client, user, settings):
    # given
    settings.SITE_URL = SITE
    project = make_project(owner=user, publish=True, title="Opening castle", pitch="Walls & gates that open.")
    # when
    html = client.get(project.get_absolute_url()).content.decode()
    # then
    share = share_of(html)
    url = f"{SITE}/projects/{project.slug}/"
    assert share.box["data-share-url"] == url
    assert share.box["data-share-title"] == "Opening castle"
    assert f'value="{url}" readonly' in html  # copyable without JavaScript
    # the Web Share and copy buttons wait for the script to show them (hidden when it cannot run)
    hidden = [b for b in share.buttons if "data-share-native" in b or "data-share-copy" in b]
    assert len(hidden) == 2 and all("hidden" in b for b in hidden)
    mailto = next(link for link in share.links if link.startswith("mailto:"))
    query = parse_qs(urlsplit(mailto).query)
    assert query["subject"] == ["Opening castle"]
    assert query["body"] == [f"Walls & gates that open.\n\n{url}"]


def test_the_share_script_is_a_local_static_file_and_no_third_party_script_loads(client, user):
    project = make_project(owner=user, publish=True)
    html = client.get(project.get_absolute_url()).content.decode()
    scripts = share_of(html).scripts
    assert any(src.endswith("/projects/share.js") for src in scripts)
    assert all(src.startswith("/static/") for src in scripts), scripts
    assert active_content(html) == []
    assert finders.find("projects/share.js")
    script = open(finders.find("projects/share.js")).read()
    assert "navigator.share" in script and "clipboard" in script


def test_a_draft_has_no_share_link(client_for, user):
    project = make_project(owner=user)
    html = client_for(user).get(project.get_absolute_url()).content.decode()
    assert share_of(html).box is None


def test_plain_text_strips_markdown_and_html_and_cuts():
    assert plain_text("**Bold** and [a link](https://x.example) <b>tag</b>") == "Bold and a link tag"
    assert plain_text("<script>alert(1)</script>Hello") == "alert(1)Hello"
    assert plain_text("word " * 100).endswith("…") and len(plain_text("word " * 100)) <= 200
    assert plain_text("") == ""


def test_canonical_url_keeps_only_a_page_number_above_one(rf, settings):
    settings.SITE_URL = SITE + "/"
    assert canonical_url(rf.get("/projects/", {"utm_source": "x", "page": "3"})) == SITE + "/projects/?page=3"
    assert canonical_url(rf.get("/projects/", {"page": "1"})) == SITE + "/projects/"
    assert canonical_url(rf.get("/projects/", {"page": "-2"})) == SITE + "/projects/"
    assert canonical_url(rf.get("/projects/caf%C3%A9/")) == SITE + "/projects/caf%C3%A9/"


def test_mailto_link_encodes_everything():
    link = mailto_link('A & B "quoted"', "Line <one>", "https://x.example/?a=1&b=2")
    assert link.startswith("mailto:?subject=A%20%26%20B%20%22quoted%22&body=")
    assert "<" not in link and '"' not in link
