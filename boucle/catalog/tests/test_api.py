import pytest

from boucle.catalog.models import Technology
from boucle.catalog.tests.factories import TechnologyFactory, TechnologyVersionFactory
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_list_and_read_are_public_and_hide_drafts(client, user):
    org = OrganizationFactory(owner=user)
    TechnologyFactory(organization=org, name="Shown")
    draft = TechnologyFactory(organization=org, name="Draft", status="draft")
    body = client.get("/api/technologies/").json()
    assert [t["name"] for t in body["items"]] == ["Shown"]
    assert client.get(f"/api/technologies/{draft.slug}").status_code == 404
    assert client.get("/api/technologies/shown").json()["organization"] == org.slug


def test_create_update_status_and_versions(client_for, user):
    org = OrganizationFactory(owner=user)
    owner = client_for(user)
    created = owner.post(
        "/api/technologies/", {"organization": org.slug, "name": "Brew Kit", "support_ladder": "50/30"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert created.json()["status"] == "draft" and created.json()["support_ladder"] == [{"supporters": 50, "days": 30}]
    slug = created.json()["slug"]
    patched = owner.patch(f"/api/technologies/{slug}", {"summary": "Hops"}, content_type="application/json")
    assert patched.status_code == 200 and patched.json()["summary"] == "Hops"
    status = owner.post(f"/api/technologies/{slug}/status", {"status": "published"}, content_type="application/json")
    assert status.status_code == 200 and status.json()["status"] == "published"
    version = owner.post(
        f"/api/technologies/{slug}/versions", {"version": "1.0", "changelog": "Hello"}, content_type="application/json"
    )
    assert version.status_code == 201
    dup = owner.post(f"/api/technologies/{slug}/versions", {"version": "1.0"}, content_type="application/json")
    assert dup.status_code == 409 and dup.json()["errors"]["version"]
    assert owner.get(f"/api/technologies/{slug}/versions").json()["count"] == 1


def test_non_owner_gets_403(client_for, user, other_user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    TechnologyVersionFactory(technology=technology)
    client = client_for(other_user)
    assert client.post(
        "/api/technologies/", {"organization": technology.organization.slug, "name": "X"},
        content_type="application/json",
    ).status_code == 403
    assert client.patch(f"/api/technologies/{technology.slug}", {"name": "X"},
                        content_type="application/json").status_code == 403
    assert client.post(f"/api/technologies/{technology.slug}/status", {"status": "retired"},
                       content_type="application/json").status_code == 403
    assert client.post(f"/api/technologies/{technology.slug}/versions", {"version": "9"},
                       content_type="application/json").status_code == 403
    assert Technology.objects.count() == 1
    technology.refresh_from_db()
    assert technology.status == "published" and technology.versions.count() == 1


def test_bad_input_gets_json_errors(client_for, user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    owner = client_for(user)
    bad_status = owner.post(f"/api/technologies/{technology.slug}/status", {"status": "gone"},
                            content_type="application/json")
    assert bad_status.status_code == 422 and "detail" in bad_status.json()
    bad_ladder = owner.patch(f"/api/technologies/{technology.slug}", {"support_ladder": "1/1,1/1"},
                             content_type="application/json")
    assert bad_ladder.status_code == 400 and "support_ladder" in bad_ladder.json()["errors"]
    unknown_org = owner.post("/api/technologies/", {"organization": "nope", "name": "X"},
                             content_type="application/json")
    assert unknown_org.status_code == 404
    bad_date = owner.post(f"/api/technologies/{technology.slug}/versions", {"version": "1", "released_at": "soon"},
                          content_type="application/json")
    assert bad_date.status_code == 422


def test_nul_byte_in_filter_is_a_bad_request(client):
    assert client.get("/api/technologies/?organization=a%00b").status_code == 400
    assert client.get("/api/technologies/a%00b").status_code == 400
