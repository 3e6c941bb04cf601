import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from boucle.accounts.models import ApiToken
from boucle.accounts.services import profile_update, token_create, token_revoke
from boucle.projects.enums import ProjectStatus

pytestmark = pytest.mark.django_db


def bearer(key):
    return {"Authorization": f"Bearer {key}"}


@pytest.fixture
def alice_key(user):
    _token, key = token_create(actor=user, name="tests")
    return key


# --- /api/me ----------------------------------------------------------------------------------------


def test_me_with_a_bearer_token(client, user, alice_key):
    # when
    response = client.get("/api/me", headers=bearer(alice_key))

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "alice"
    assert body["email"] == "alice@example.org"
    assert body["profile_url"] == "/members/alice/"
    assert ApiToken.objects.get(user=user).last_used_at is not None


def test_me_with_the_browser_session(user_client):
    response = user_client.get("/api/me")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_me_without_credentials_is_401_json(client, db):
    response = client.get("/api/me")
    assert response.status_code == 401
    assert response.json() == {"detail": "Authentication required."}


def test_me_with_an_unknown_token_is_401(client, db):
    assert client.get("/api/me", headers=bearer("bcl_not-a-real-token")).status_code == 401


def test_revoked_token_gets_401(client, user, alice_key):
    # given
    token = ApiToken.objects.get(user=user)
    token_revoke(actor=user, token_id=token.pk)

    # when
    response = client.get("/api/me", headers=bearer(alice_key))

    # then
    assert response.status_code == 401
    assert "detail" in response.json()


def test_token_of_an_inactive_member_gets_401(client, user, alice_key):
    user.is_active = False
    user.save()
    assert client.get("/api/me", headers=bearer(alice_key)).status_code == 401


def test_patch_me_updates_the_profile(client, user, alice_key):
    # when
    response = client.patch(
        "/api/me",
        {"display_name": "Alice API", "skills": [" bricks ", "brewing"], "links": ["https://alice.example"]},
        content_type="application/json",
        headers=bearer(alice_key),
    )

    # then
    assert response.status_code == 200
    assert response.json()["display_name"] == "Alice API"
    assert response.json()["skills"] == ["bricks", "brewing"]
    user.refresh_from_db()
    assert user.display_name == "Alice API"
    assert user.links == ["https://alice.example"]


def test_patch_me_leaves_fields_not_given_unchanged(client, user, alice_key):
    profile_update(actor=user, user=user, bio="kept", skills="kept skill")
    response = client.patch("/api/me", {"display_name": "New"}, content_type="application/json", headers=bearer(alice_key))
    assert response.status_code == 200
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.skills) == ("New", "kept", ["kept skill"])


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"links": ["javascript:alert(1)"]}, "links"),
        ({"links": [f"https://{i}.example" for i in range(11)]}, "links"),
        ({"skills": [f"s{i}" for i in range(21)]}, "skills"),
        ({"skills": ["x" * 41]}, "skills"),
        ({"bio": "x" * 4001}, "bio"),
        ({"display_name": "x" * 81}, "display_name"),
    ],
)
def test_patch_me_rejects_bad_values_with_a_json_400_and_changes_nothing(client, user, alice_key, payload, field):
    # given
    user.refresh_from_db()
    before = (user.display_name, user.bio, user.skills, user.links)

    # when
    response = client.patch(
        "/api/me", {"display_name": "Changed", **payload}, content_type="application/json", headers=bearer(alice_key)
    )

    # then
    assert response.status_code == 400
    body = response.json()
    assert body["detail"]
    assert body["errors"][field]
    user.refresh_from_db()
    assert (user.display_name, user.bio, user.skills, user.links) == before


@pytest.mark.parametrize(
    "payload", [{"skills": "not a list"}, {"display_name": 12}, {"links": [1, 2]}], ids=["skills", "name", "links"]
)
def test_patch_me_rejects_wrong_types_with_json_422(client, user, alice_key, payload):
    response = client.patch("/api/me", payload, content_type="application/json", headers=bearer(alice_key))
    assert response.status_code == 422
    assert response.json()["detail"] == "Invalid input."


def test_patch_me_with_a_broken_body_is_4xx_json(client, user, alice_key):
    response = client.patch("/api/me", "{not json", content_type="application/json", headers=bearer(alice_key))
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_patch_me_with_session_needs_csrf(user):
    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(user)
    response = csrf_client.patch("/api/me", {"display_name": "x"}, content_type="application/json")
    assert response.status_code == 403
    user.refresh_from_db()
    assert user.display_name != "x"


def test_avatar_upload_and_removal(client, user, alice_key, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path
    buf = io.BytesIO()
    Image.new("RGB", (64, 64), (0, 120, 0)).save(buf, "JPEG")

    # when
    response = client.post(
        "/api/me/avatar", {"avatar": SimpleUploadedFile("a.jpg", buf.getvalue(), "image/jpeg")}, headers=bearer(alice_key)
    )

    # then
    assert response.status_code == 200
    assert response.json()["avatar_url"].endswith(".small.jpg")
    user.refresh_from_db()
    assert user.avatar.startswith("avatars/")

    # when
    response = client.delete("/api/me/avatar", headers=bearer(alice_key))

    # then
    assert response.status_code == 200
    assert response.json()["avatar_url"] == ""


def test_avatar_upload_rejects_a_non_image(client, user, alice_key, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = client.post(
        "/api/me/avatar", {"avatar": SimpleUploadedFile("a.png", b"GIF89 nope", "image/png")}, headers=bearer(alice_key)
    )
    assert response.status_code == 400
    assert response.json()["errors"]["avatar"]
    user.refresh_from_db()
    assert user.avatar == ""


# --- /api/members/{username} ------------------------------------------------------------------------


def test_member_is_public(client, user):
    # given
    from boucle.accounts.tests.test_views import make_project

    profile_update(actor=user, user=user, bio="Hi <script>alert(1)</script> **there**", skills="bricks")
    make_project(user, title="Public One", status=ProjectStatus.PUBLISHED)
    make_project(user, title="Draft One", status=ProjectStatus.DRAFT)

    # when
    response = client.get("/api/members/alice")

    # then
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "alice"
    assert body["skills"] == ["bricks"]
    assert "<script>" not in body["bio_html"] and "<strong>there</strong>" in body["bio_html"]
    assert [p["title"] for p in body["projects"]] == ["Public One"]
    assert body["supports_count"] == 0
    assert "email" not in body


def test_unknown_member_is_404_json(client, db):
    response = client.get("/api/members/nobody")
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


# --- /api/me/tokens ---------------------------------------------------------------------------------


def test_create_token_returns_the_key_once_and_it_works(client, user, alice_key):
    # when
    response = client.post("/api/me/tokens", {"name": "ci"}, content_type="application/json", headers=bearer(alice_key))

    # then
    assert response.status_code == 201
    body = response.json()
    new_key = body["key"]
    assert new_key.startswith("bcl_") and body["name"] == "ci" and body["revoked_at"] is None
    assert ApiToken.objects.get(pk=body["id"]).key_hash == ApiToken.hash_key(new_key)
    assert client.get("/api/me", headers=bearer(new_key)).json()["username"] == "alice"
    listing = client.get("/api/me/tokens", headers=bearer(new_key)).json()
    assert listing["count"] == 2
    assert all("key" not in item for item in listing["items"])


def test_create_token_with_a_blank_name_is_400(client, user, alice_key):
    response = client.post("/api/me/tokens", {"name": " "}, content_type="application/json", headers=bearer(alice_key))
    assert response.status_code == 400
    assert response.json()["errors"]["name"]
    assert ApiToken.objects.count() == 1


def test_create_token_needs_auth(client, db):
    response = client.post("/api/me/tokens", {"name": "x"}, content_type="application/json")
    assert response.status_code == 401
    assert ApiToken.objects.count() == 0


def test_delete_token_revokes_it(client, user, alice_key):
    # given
    other, other_key = token_create(actor=user, name="other")

    # when
    response = client.delete(f"/api/me/tokens/{other.pk}", headers=bearer(alice_key))

    # then
    assert response.status_code == 204
    other.refresh_from_db()
    assert other.revoked_at is not None
    assert client.get("/api/me", headers=bearer(other_key)).status_code == 401


def test_delete_another_members_token_is_404_and_changes_nothing(client, user, other_user, alice_key):
    theirs, _key = token_create(actor=other_user, name="bob's")
    response = client.delete(f"/api/me/tokens/{theirs.pk}", headers=bearer(alice_key))
    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


def test_tokens_list_only_shows_mine(client, user, other_user, alice_key):
    token_create(actor=other_user, name="bob's")
    items = client.get("/api/me/tokens", headers=bearer(alice_key)).json()["items"]
    assert [t["name"] for t in items] == ["tests"]


def test_openapi_schema_lists_the_accounts_endpoints(client, db):
    paths = client.get("/api/openapi.json").json()["paths"]
    for path in ["/api/me", "/api/me/avatar", "/api/members/{username}", "/api/me/tokens", "/api/me/tokens/{token_id}"]:
        assert path in paths


def test_the_api_documentation_page_names_its_language_and_fits_a_phone(client, db):
    from boucle.demo.tests.a11y import page_problems

    html = client.get("/api/docs").content.decode()
    assert '<html lang="en"' in html and 'name="viewport"' in html and 'id="swagger-ui"' in html
    client.cookies["django_language"] = "fr"
    html = client.get("/api/docs", HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr"' in html
    assert page_problems(html) == []
