"""Every public page describes itself to the sites it is shared on: OpenGraph and Twitter card metadata, and a
canonical URL built from SITE_URL. Pages are read as a visitor and their <head> parsed."""

import io
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from boucle.accounts.services import profile_update
from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.services import technology_create, technology_image_add
from boucle.challenges.services import challenge_create
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.orgs.services import organization_create, organization_update
from boucle.projects import services as projects

pytestmark = pytest.mark.django_db

SITE = "https://boucle.example"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta = {}
        self.canonical = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            key = attrs.get("property") or attrs.get("name")
            assert key not in self.meta, f"{key} twice"
            self.meta[key] = attrs.get("content")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])


def head_of(response) -> _Head:
    assert response.status_code == 200
    parser = _Head()
    parser.feed(response.content.decode())
    assert len(parser.canonical) == 1, parser.canonical
    return parser


def png(name="image.png"):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "blue").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


@pytest.fixture
def site(settings):
    settings.SITE_URL = SITE + "/"  # a trailing slash in the setting gives no double slash


@pytest.fixture
def world(site):
    owner = UserFactory(username="owner")
    member = UserFactory(username="member")
    profile_update(actor=member, user=member, display_name="Mia Maker", bio="I **build** castles.", avatar=png())
    org = organization_create(actor=owner, name="Brickworks", description="We make *bricks*.")
    organization_update(actor=owner, organization=org, logo=png())
    tech = technology_create(
        actor=owner, organization=org, name="Bricks", summary="Interlocking bricks.", description="Long text.",
        status="published",
    )
    technology_image_add(actor=owner, technology=tech, image=png())
    now = timezone.now()
    challenge = challenge_create(
        actor=owner, technology=tech, title="Castles", brief="Design a **castle** that opens. " * 20,
        phases={"ideation": (now - timedelta(days=1), now + timedelta(days=10))},
    )
    project = projects.project_create(
        actor=member, title="Opening castle", pitch="A castle whose walls swing open.", body="# Body",
        technology=tech, cover=png(),
    )
    projects.project_publish(actor=member, project=project)
    return {"member": member, "org": org, "tech": tech, "challenge": challenge, "project": project}


def assert_common(head, *, url, title):
    meta = head.meta
    assert head.canonical == [url]
    assert meta["og:url"] == url
    assert meta["og:site_name"] == "Boucle"
    assert meta["og:title"] == meta["twitter:title"] == title
    assert meta["og:description"] and meta["og:description"] == meta["twitter:description"] == meta["description"]
    assert meta["og:type"] in ("website", "article", "profile")
    assert meta["twitter:card"] in ("summary", "summary_large_image")
    if "og:image" in meta:
        assert meta["og:image"].startswith(SITE + "/media/") and meta["twitter:image"] == meta["og:image"]


def test_the_home_page_has_the_sites_metadata(client, site):
    head = head_of(client.get("/"))
    assert_common(head, url=SITE + "/", title="Boucle")
    assert head.meta["og:type"] == "website" and head.meta["twitter:card"] == "summary"
    assert "design products together" in head.meta["og:description"]
    assert head.meta["og:locale"] == "en_US"


def test_a_project_page_is_an_article_with_its_cover_as_a_large_card(client, world):
    project = world["project"]
    head = head_of(client.get(project.get_absolute_url()))
    assert_common(head, url=SITE + f"/projects/{project.slug}/", title="Opening castle")
    assert head.meta["og:description"] == "A castle whose walls swing open."
    assert head.meta["og:type"] == "article"
    assert head.meta["og:image"].endswith(".large.jpg")
    assert head.meta["twitter:card"] == "summary_large_image"


def test_an_organization_page_shows_its_logo_as_a_summary_card(client, world):
    org = world["org"]
    head = head_of(client.get(org.get_absolute_url()))
    assert_common(head, url=SITE + org.get_absolute_url(), title="Brickworks")
    assert head.meta["og:description"] == "We make bricks."  # Markdown stripped
    assert head.meta["og:image"].endswith(".small.jpg") and head.meta["twitter:card"] == "summary"


def test_a_technology_page_uses_its_summary_and_first_image(client, world):
    tech = world["tech"]
    head = head_of(client.get(tech.get_absolute_url()))
    assert_common(head, url=SITE + tech.get_absolute_url(), title="Bricks")
    assert head.meta["og:description"] == "Interlocking bricks."
    assert head.meta["og:image"].endswith(".large.jpg")


def test_a_challenge_page_has_its_brief_as_plain_text_cut_short(client, world):
    challenge = world["challenge"]
    head = head_of(client.get(challenge.get_absolute_url()))
    assert_common(head, url=SITE + challenge.get_absolute_url(), title="Castles")
    description = head.meta["og:description"]
    assert description.startswith("Design a castle that opens.") and "*" not in description
    assert len(description) <= 200 and description.endswith("…")
    assert "og:image" not in head.meta and head.meta["twitter:card"] == "summary"


def test_a_member_page_is_a_profile_with_their_avatar(client, world):
    member = world["member"]
    head = head_of(client.get(member.get_absolute_url()))
    assert_common(head, url=SITE + member.get_absolute_url(), title="Mia Maker")
    assert head.meta["og:type"] == "profile"
    assert head.meta["og:description"] == "I build castles."
    assert head.meta["og:image"].endswith(".small.jpg")


def test_the_canonical_url_drops_the_query_string_but_the_page_number(client, world):
    # given
    project = world["project"]
    # when / then
    head = head_of(client.get(project.get_absolute_url(), {"utm_source": "newsletter", "fbclid": "x"}))
    assert head.canonical == [SITE + project.get_absolute_url()]
    head = head_of(client.get(reverse("project_list"), {"sort": "new", "utm_campaign": "x", "page": "1"}))
    assert head.canonical == [SITE + "/projects/"]
    head = head_of(client.get(reverse("project_list"), {"sort": "new", "page": "2"}))
    assert head.canonical == [SITE + "/projects/?page=2"]
    head = head_of(client.get(reverse("project_list"), {"page": "2<script>"}))
    assert head.canonical == [SITE + "/projects/"]


def test_the_canonical_url_ignores_the_host_header(client, world, settings):
    settings.ALLOWED_HOSTS = ["*"]
    project = world["project"]
    head = head_of(client.get(project.get_absolute_url(), HTTP_HOST="evil.example"))
    assert head.canonical == [SITE + project.get_absolute_url()]


def test_xss_in_titles_and_pitches_stays_escaped_in_meta_tags(client, site):
    # given: every payload in the texts a page's metadata is made of
    owner = UserFactory()
    payloads = " ".join(XSS_PAYLOADS)
    org = organization_create(actor=owner, name='Org "><script>alert(1)</script>', description=payloads)
    tech = technology_create(
        actor=owner, organization=org, name="Tech <img src=x onerror=alert(1)>", summary=XSS_PAYLOADS[5],
        description=payloads, status="published",
    )
    member = UserFactory()
    profile_update(actor=member, user=member, display_name='"><svg/onload=alert(1)>', bio=payloads)
    project = projects.project_create(
        actor=member, title='"><script>alert(1)</script>', pitch=XSS_PAYLOADS[1], body=payloads, technology=tech
    )
    projects.project_publish(actor=member, project=project)
    # when / then
    for url in (project.get_absolute_url(), org.get_absolute_url(), tech.get_absolute_url(), member.get_absolute_url()):
        response = client.get(url)
        html = response.content.decode()
        assert active_content(html) == [], url
        head = head_of(response)
        # the values come back intact once parsed: they were escaped, not mangled nor executed
        assert "<" not in head.canonical[0] and '"' not in head.canonical[0]
        for key in ("og:title", "og:description"):
            assert head.meta[key]
    head = head_of(client.get(project.get_absolute_url()))
    assert head.meta["og:title"] == '"><script>alert(1)</script>'
    assert "<img" not in head.meta["og:description"]  # tags are stripped from descriptions
    assert 'content=""><script>' not in client.get(project.get_absolute_url()).content.decode()


def test_the_project_list_describes_itself(client, site):
    head = head_of(client.get(reverse("project_list"), {"page": "2", "ref": "x"}))
    assert_common(head, url=SITE + "/projects/?page=2", title="Projects")
    assert head.meta["og:type"] == "website"
