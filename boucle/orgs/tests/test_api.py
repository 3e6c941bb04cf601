import pytest

from boucle.accounts.models import ApiToken
from boucle.orgs import services
from boucle.orgs.models import Invitation, Membership, Organization, Role
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_list_and_read_are_public(client, user):
    org = OrganizationFactory(owner=user, name="Brick Works")
    listing = client.get("/api/orgs/")
    assert listing.status_code == 200
    assert listing.json()["count"] == 1 and listing.json()["items"][0]["slug"] == "brick-works"
    detail = client.get(f"/api/orgs/{org.slug}")
    assert detail.status_code == 200 and detail.json()["name"] == "Brick Works"
    assert client.get("/api/orgs/nope").status_code == 404


def test_create_needs_authentication(client):
    response = client.post("/api/orgs/", {"name": "X"}, content_type="application/json")
    assert response.status_code == 401
    assert Organization.objects.count() == 0


def test_create_with_a_token(client, user):
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, name="cli", key_hash=ApiToken.hash_key(key))
    response = client.post(
        "/api/orgs/", {"name": "Token Org"}, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {key}"
    )
    assert response.status_code == 201, response.content
    assert Membership.objects.filter(organization__slug="token-org", user=user, role=Role.OWNER).exists()


def test_create_bad_input_gets_json_error(client_for, user):
    response = client_for(user).post("/api/orgs/", {"name": "  "}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["name"]
    missing = client_for(user).post("/api/orgs/", {}, content_type="application/json")
    assert missing.status_code == 422 and "detail" in missing.json()


def test_update_by_owner_and_403_for_others(client_for, user, other_user):
    org = OrganizationFactory(owner=user)
    ok = client_for(user).patch(
        f"/api/orgs/{org.slug}", {"name": "New name", "support_ladder": "10/20"}, content_type="application/json"
    )
    assert ok.status_code == 200 and ok.json()["support_ladder"] == [{"supporters": 10, "days": 20}]
    refused = client_for(other_user).patch(f"/api/orgs/{org.slug}", {"name": "X"}, content_type="application/json")
    assert refused.status_code == 403 and "detail" in refused.json()
    bad = client_for(user).patch(f"/api/orgs/{org.slug}", {"support_ladder": "zzz"}, content_type="application/json")
    assert bad.status_code == 400 and "support_ladder" in bad.json()["errors"]
    org.refresh_from_db()
    assert org.name == "New name"


def test_members_invitations_and_roles(client_for, user, other_user):
    org = OrganizationFactory(owner=user)
    owner = client_for(user)
    created = owner.post(
        f"/api/orgs/{org.slug}/invitations", {"email": "bob@example.org", "role": "reviewer"},
        content_type="application/json",
    )
    assert created.status_code == 201
    assert owner.get(f"/api/orgs/{org.slug}/invitations").json()["count"] == 1
    assert client_for(other_user).get(f"/api/orgs/{org.slug}/invitations").status_code == 403
    token = Invitation.objects.get().token
    accepted = client_for(other_user).post(f"/api/orgs/invitations/{token}/accept")
    assert accepted.status_code == 201 and accepted.json()["role"] == "reviewer"
    assert client_for(other_user).post(f"/api/orgs/invitations/{token}/accept").status_code == 409
    members = owner.get(f"/api/orgs/{org.slug}/members").json()["items"]
    assert {m["username"]: m["roles"] for m in members} == {user.username: ["owner"], other_user.username: ["reviewer"]}
    added = owner.post(
        f"/api/orgs/{org.slug}/members/{other_user.username}/roles", {"role": "owner"}, content_type="application/json"
    )
    assert added.status_code == 201
    removed = owner.delete(f"/api/orgs/{org.slug}/members/{user.username}/roles/owner")
    assert removed.status_code == 204
    last = owner.delete(f"/api/orgs/{org.slug}/members/{other_user.username}/roles/owner")
    assert last.status_code == 403  # user is no longer an owner
    last = client_for(other_user).delete(f"/api/orgs/{org.slug}/members/{other_user.username}/roles/owner")
    assert last.status_code == 409
    assert Membership.objects.filter(organization=org, role="owner").count() == 1


def test_invalid_role_and_revoke(client_for, user):
    org = OrganizationFactory(owner=user)
    owner = client_for(user)
    bad = owner.post(
        f"/api/orgs/{org.slug}/invitations", {"email": "a@example.org", "role": "emperor"},
        content_type="application/json",
    )
    assert bad.status_code == 422
    invitation = services.invitation_create(actor=user, organization=org, email="a@example.org", role="moderator")
    revoked = owner.delete(f"/api/orgs/{org.slug}/invitations/{invitation.pk}")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    assert owner.delete(f"/api/orgs/{org.slug}/members/{user.username}/roles/emperor").status_code == 400


def test_nul_bytes_in_paths_and_text_are_answered_not_crashed(client_for, user):
    org = OrganizationFactory(owner=user)
    owner = client_for(user)
    assert owner.get("/api/orgs/a%00b").status_code == 400
    assert owner.post("/api/orgs/invitations/a%00b/accept").status_code == 400
    assert owner.get("/orgs/invitations/a%00b/").status_code == 400
    response = owner.post("/api/orgs/", {"name": "Nul\x00Org"}, content_type="application/json")
    assert response.status_code == 400
    too_long = owner.post(f"/api/orgs/{org.slug}/invitations", {"email": "a" * 250 + "@example.org", "role": "owner"},
                          content_type="application/json")
    assert too_long.status_code == 400
    assert Organization.objects.count() == 1
