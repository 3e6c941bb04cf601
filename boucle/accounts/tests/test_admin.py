import pytest
from django.urls import reverse

from boucle.accounts.services import token_create
from boucle.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client_for):
    return client_for(UserFactory(username="root", is_staff=True, is_superuser=True))


def test_admin_user_pages_show_profile_fields(admin_client, user):
    token_create(actor=user, name="alice's script")
    assert admin_client.get(reverse("admin:accounts_user_changelist") + "?q=alice").status_code == 200
    html = admin_client.get(reverse("admin:accounts_user_change", args=[user.pk])).content.decode()
    assert 'name="display_name"' in html and 'name="bio"' in html and 'name="skills"' in html
    assert "alice&#x27;s script" in html or "alice's script" in html


def test_admin_token_key_hash_is_read_only(admin_client, user):
    # given
    token, _key = token_create(actor=user, name="ci")

    # when
    html = admin_client.get(reverse("admin:accounts_apitoken_change", args=[token.pk])).content.decode()
    response = admin_client.post(
        reverse("admin:accounts_apitoken_change", args=[token.pk]),
        {"name": "renamed", "key_hash": "0" * 64, "revoked_at_0": "", "revoked_at_1": ""},
    )

    # then
    assert 'name="key_hash"' not in html
    assert token.key_hash in html
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.name == "renamed"
    assert token.key_hash != "0" * 64
    assert admin_client.get(reverse("admin:accounts_apitoken_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_apitoken_add")).status_code == 403
