import pytest
from allauth.account.models import EmailAddress
from django.core.management import call_command
from django.core.management.base import CommandError

from boucle.accounts.models import User

pytestmark = pytest.mark.django_db


def test_createadmin_makes_a_staff_superuser_with_a_verified_address(client):
    # when
    call_command("createadmin", username="root", email="root@example.org", password="admin-pass-123")

    # then
    admin = User.objects.get(username="root")
    assert admin.is_staff and admin.is_superuser and admin.is_active
    assert admin.check_password("admin-pass-123")
    address = EmailAddress.objects.get(user=admin)
    assert (address.email, address.verified, address.primary) == ("root@example.org", True, True)
    # and the verified address lets the administrator log in at once (e-mail verification is mandatory)
    response = client.post("/accounts/login/", {"login": "root", "password": "admin-pass-123"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == admin.pk


def test_createadmin_refuses_a_duplicate_username(db):
    # given
    call_command("createadmin", username="root", email="root@example.org", password="admin-pass-123")

    # when / then
    with pytest.raises(CommandError, match="already exists"):
        call_command("createadmin", username="root", email="other@example.org", password="another-pass-456")
    assert User.objects.filter(username="root").count() == 1
    assert not EmailAddress.objects.filter(email="other@example.org").exists()
