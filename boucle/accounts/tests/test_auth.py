"""Sign-up, log-in, log-out and password reset: django-allauth's flows, in Boucle's pages."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

from boucle.accounts.models import User
from boucle.core.testing import active_content

pytestmark = pytest.mark.django_db

URL_RE = re.compile(r"https?://[^\s]+")


def link_in(message) -> str:
    urls = URL_RE.findall(message.body)
    assert urls, message.body
    return urls[0]


def path_of(url: str) -> str:
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_use_boucle_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "pico-2.1.1.min.css" in html
    assert 'class="skip-link"' in html
    assert "account-form" in html
    assert "<label" in html
    assert active_content(html) == []


def test_signup_sends_a_verification_mail_whose_link_verifies_and_logs_in(client):
    # when: a visitor signs up
    response = client.post(
        reverse("account_signup"),
        {"email": "carol@example.org", "username": "carol", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )

    # then: no session yet, a mail with a link
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    carol = User.objects.get(username="carol")
    assert not EmailAddress.objects.get(user=carol).verified
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["carol@example.org"]
    assert message.subject.startswith("[Boucle] ")
    assert "Boucle" in message.body
    sent_page = client.get(response["Location"])
    assert sent_page.status_code == 200
    assert "_auth_user_id" not in client.session

    # when: the link is opened and confirmed (a POST, as the page asks)
    confirm_path = path_of(link_in(message))
    page = client.get(confirm_path)
    assert page.status_code == 200
    assert "carol@example.org" in page.content.decode()
    confirmed = client.post(confirm_path)

    # then: verified and logged in
    assert confirmed.status_code == 302
    assert EmailAddress.objects.get(user=carol).verified
    assert int(client.session["_auth_user_id"]) == carol.pk


def test_signup_with_a_taken_username_changes_nothing(client, user):
    response = client.post(
        reverse("account_signup"),
        {"email": "new@example.org", "username": "alice", "password1": "a-long-pass-phrase-9", "password2": "a-long-pass-phrase-9"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["username"]
    assert User.objects.count() == 1
    assert mail.outbox == []


def test_login_with_username(client, user):
    # when
    response = client.post(reverse("account_login"), {"login": "alice", "password": "pass-word-123"})

    # then
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_with_email(client, user):
    response = client.post(reverse("account_login"), {"login": "alice@example.org", "password": "pass-word-123"})
    assert response.status_code == 302
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_with_wrong_password_shows_a_message(client, user):
    response = client.post(reverse("account_login"), {"login": "alice", "password": "wrong"})
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_is_a_post(user_client):
    # given: the confirmation page does not log out
    assert user_client.get(reverse("account_logout")).status_code == 200
    assert "_auth_user_id" in user_client.session

    # when
    response = user_client.post(reverse("account_logout"))

    # then
    assert response.status_code == 302
    assert "_auth_user_id" not in user_client.session


def test_password_reset_mail_link_sets_a_new_password_that_works(client, user):
    # when: a reset is asked for
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.org"})

    # then: a mail with a link
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alice@example.org"]
    reset_path = path_of(link_in(mail.outbox[0]))

    # when: the link is followed (allauth moves the key into the session and redirects) and a password set
    page = client.get(reset_path, follow=True)
    assert page.status_code == 200
    form_path = page.redirect_chain[-1][0] if page.redirect_chain else reset_path
    done = client.post(form_path, {"password1": "brand-new-pass-77", "password2": "brand-new-pass-77"})
    assert done.status_code == 302

    # then: the new password logs in, the old one no longer does
    client.logout()
    assert client.post(reverse("account_login"), {"login": "alice", "password": "pass-word-123"}).status_code == 200
    assert client.post(reverse("account_login"), {"login": "alice", "password": "brand-new-pass-77"}).status_code == 302


def test_password_change_page_uses_boucle_layout_with_settings_links(user_client):
    response = user_client.get(reverse("account_change_password"))
    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("profile_edit") in html and reverse("token_list") in html
    assert "pico-2.1.1.min.css" in html


def test_password_change_works(user_client, user):
    response = user_client.post(
        reverse("account_change_password"),
        {"oldpassword": "pass-word-123", "password1": "another-pass-88", "password2": "another-pass-88"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("another-pass-88")


def test_email_page_renders(user_client):
    response = user_client.get(reverse("account_email"))
    assert response.status_code == 200
    assert "alice@example.org" in response.content.decode()


@override_settings(ACCOUNT_RATE_LIMITS={"login_failed": "2/m/ip"})
def test_repeated_failed_logins_are_refused(client, user):
    # given
    cache.clear()
    for _ in range(2):
        assert client.post(reverse("account_login"), {"login": "alice", "password": "wrong"}).status_code == 200

    # when: even the right password is refused now
    response = client.post(reverse("account_login"), {"login": "alice", "password": "pass-word-123"})

    # then
    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session
    cache.clear()


@override_settings(ACCOUNT_RATE_LIMITS={"login": "2/m/ip"})
def test_too_many_login_requests_get_429(client, user):
    # given
    cache.clear()
    for _ in range(2):
        client.post(reverse("account_login"), {"login": "alice", "password": "wrong"})

    # when
    response = client.post(reverse("account_login"), {"login": "alice", "password": "wrong"})

    # then
    assert response.status_code == 429
    assert "Too many requests" in response.content.decode()
    cache.clear()
