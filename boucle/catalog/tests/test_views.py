import pytest

from boucle.catalog import services
from boucle.catalog.models import Technology, TechnologyImage
from boucle.catalog.tests.factories import TechnologyFactory, TechnologyVersionFactory
from boucle.catalog.tests.test_services import png
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.models import Project

pytestmark = pytest.mark.django_db


def make_project(technology, title, status="published"):
    return Project.objects.create(
        title=title, slug=title.lower().replace(" ", "-"), pitch="A pitch", technology=technology,
        created_by=technology.created_by, status=status,
    )


def test_list_hides_drafts_except_from_their_organization(client, client_for, user, other_user):
    org = OrganizationFactory(owner=user)
    TechnologyFactory(organization=org, name="Public Bricks")
    TechnologyFactory(organization=org, name="Hidden Bricks", status="draft")
    assert "Hidden Bricks" not in client.get("/technologies/").content.decode()
    assert "Hidden Bricks" not in client_for(other_user).get("/technologies/").content.decode()
    html = client_for(user).get("/technologies/").content.decode()
    assert "Hidden Bricks" in html and "Public Bricks" in html


def test_detail_shows_versions_ladder_and_projects(client, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user), description="Use *bricks*.",
                                   support_ladder=[{"supporters": 7, "days": 9}])
    TechnologyVersionFactory(technology=technology, version="2.0", changelog="**Bigger** bricks")
    make_project(technology, "Castle")
    make_project(technology, "Secret draft", status="draft")
    make_project(technology, "Old thing", status="archived")
    response = client.get(f"/technologies/{technology.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<em>bricks</em>" in html and "<strong>Bigger</strong>" in html
    assert "7 supporters within 9 days" in html
    assert "Castle" in html and "Secret draft" not in html and "Old thing" not in html


def test_draft_is_404_for_visitors_and_unknown_slug_is_helpful(client, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user), status="draft")
    assert client.get(f"/technologies/{technology.slug}/").status_code == 404
    response = client.get("/technologies/nothing/")
    assert response.status_code == 404 and "Page not found" in response.content.decode()


def test_owner_creates_and_non_owner_gets_403(client_for, user, other_user):
    org = OrganizationFactory(owner=user)
    Membership.objects.create(organization=org, user=other_user, role=Role.REVIEWER)
    url = f"/orgs/{org.slug}/technologies/new/"
    assert client_for(other_user).get(url).status_code == 403
    response = client_for(user).post(url, {"name": "Brew Kit", "status": "published", "support_ladder": ""})
    assert response.status_code == 302
    assert Technology.objects.get().status == "published"


def test_create_form_shows_errors(client_for, user):
    org = OrganizationFactory(owner=user)
    response = client_for(user).post(
        f"/orgs/{org.slug}/technologies/new/", {"name": "Kit", "status": "draft", "support_ladder": "lots"}
    )
    assert response.status_code == 400 and "supporters/days" in response.content.decode()
    assert Technology.objects.count() == 0


def test_manage_page_edit_status_version_and_image(client_for, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    owner = client_for(user)
    assert owner.get(f"/technologies/{technology.slug}/edit/").status_code == 200
    assert owner.post(f"/technologies/{technology.slug}/edit/", {"name": "Renamed"}).status_code == 302
    assert owner.post(f"/technologies/{technology.slug}/status/", {"status": "retired"}).status_code == 302
    assert owner.post(f"/technologies/{technology.slug}/versions/", {"version": "3.1", "changelog": "x"}).status_code == 302
    dup = owner.post(f"/technologies/{technology.slug}/versions/", {"version": "3.1"})
    assert dup.status_code == 400 and "already exists" in dup.content.decode()
    upload = owner.post(f"/technologies/{technology.slug}/images/", {"image": png(), "caption": "Front"})
    assert upload.status_code == 302
    image = TechnologyImage.objects.get()
    assert owner.post(f"/technologies/{technology.slug}/images/{image.pk}/remove/").status_code == 302
    technology.refresh_from_db()
    assert (technology.name, technology.status, technology.versions.count(), technology.images.count()) == (
        "Renamed", "retired", 1, 0)


def test_non_owner_cannot_manage(client_for, user, other_user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    client = client_for(other_user)
    assert client.get(f"/technologies/{technology.slug}/edit/").status_code == 403
    assert client.post(f"/technologies/{technology.slug}/status/", {"status": "retired"}).status_code == 403
    technology.refresh_from_db()
    assert technology.status == "published"


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_active_content_from_technology_text(client, client_for, user, payload):
    org = OrganizationFactory(owner=user)
    technology = services.technology_create(
        actor=user, organization=org, name=f"T {payload}", summary=payload, description=payload, status="published"
    )
    services.technology_version_add(actor=user, technology=technology, version=f"v{payload}"[:40], changelog=payload)
    for url in ("/technologies/", f"/technologies/{technology.slug}/", f"/orgs/{org.slug}/"):
        assert active_content(client.get(url).content.decode()) == []
    assert active_content(client_for(user).get(f"/technologies/{technology.slug}/edit/").content.decode()) == []

