"""The notifications page, the header badge, the settings page and the unsubscribe page."""

from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail, signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.community.services import comment_create
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.notifications import services
from boucle.notifications.enums import Channel, Kind
from boucle.notifications.models import Notification, NotificationPreference
from boucle.projects.models import Support
from boucle.projects.services import project_update, support_add

pytestmark = pytest.mark.django_db


def notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries if "notifications_notification" in q["sql"]]


@pytest.fixture
def commented(committed, user, other_user, project):
    """bob commented on alice's project: alice has one unread notification."""
    committed(comment_create, author=other_user, target=project, body="Lovely idea.")
    return Notification.objects.get(recipient=user)


# ---------------------------------------------------------------------------------------------- list


def test_the_page_asks_visitors_to_log_in(client):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_page_lists_my_notifications_newest_first_unread_highlighted(
    committed, user_client, user, project, carol
):
    # given
    committed(comment_create, author=carol, target=project, body="First!")
    dave = UserFactory(username="dave", display_name="Dave")
    committed(comment_create, author=dave, target=project, body="Second!")
    first = Notification.objects.get(recipient=user, event__actor=carol)
    services.notification_mark_read(actor=user, notification_id=first.pk)

    # when
    response = user_client.get("/notifications/")

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert html.index("Second!") < html.index("First!")
    assert html.count('class="notification unread"') == 1
    assert "New" in html
    assert f'action="/notifications/{first.pk}/read/"' not in html  # already read: no button


def test_unread_filter_shows_only_unread(committed, user_client, user, commented, carol, project):
    committed(comment_create, author=carol, target=project, body="Another one")
    services.notification_mark_read(actor=user, notification_id=commented.pk)
    html = user_client.get("/notifications/?unread=1").content.decode()
    assert "Another one" in html and "Lovely idea." not in html


def test_others_do_not_see_my_notifications(client_for, commented, other_user):
    html = client_for(other_user).get("/notifications/").content.decode()
    assert "Lovely idea." not in html


def test_the_page_is_paginated(committed, user_client, user, project):
    # given: 25 notifications
    for n in range(25):
        committed(comment_create, author=UserFactory(), target=project, body=f"comment number {n}.")
    # when
    first, second = user_client.get("/notifications/"), user_client.get("/notifications/?page=2")
    # then
    assert first.content.decode().count('id="notification-') == 20
    assert second.content.decode().count('id="notification-') == 5
    assert "comment number 0." in second.content.decode()


def test_query_count_does_not_grow_with_the_number_shown(committed, client_for, user, project, carol, dave):
    # given: alice has notifications of several kinds, also a supporter's one (she supports dave's project)
    from boucle.projects.tests.factories import make_project

    other = make_project(owner=dave, publish=True, title="Dave's boat")
    committed(support_add, actor=user, project=other)
    committed(project_update, actor=dave, project=other, pitch="A boat that sails on its own, with a keel.")
    committed(comment_create, author=carol, target=project, body="@alice hello")
    client = client_for(user)
    client.get("/notifications/")  # warm up (session, content types)
    with CaptureQueriesContext(connection) as few:
        assert client.get("/notifications/").status_code == 200

    # when: many more of every kind
    for n in range(10):
        committed(comment_create, author=UserFactory(), target=project, body=f"@alice comment {n}")
    committed(
        project_update, actor=dave, project=other, pitch="Now a submarine that dives and comes back up."
    )
    with CaptureQueriesContext(connection) as many:
        assert client.get("/notifications/").status_code == 200

    # then
    assert len(many.captured_queries) == len(few.captured_queries)


# ---------------------------------------------------------------------------------------------- marking read


def test_mark_one_read_with_htmx_returns_the_item_and_the_new_badge(client_for, user, commented):
    # when
    response = client_for(user).post(f"/notifications/{commented.pk}/read/", headers={"HX-Request": "true"})

    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert (
        f'id="notification-{commented.pk}"' in html and "unread" not in html.split("notifications-badge")[0]
    )
    assert 'id="notifications-badge" hx-swap-oob="true"' in html
    commented.refresh_from_db()
    assert commented.read_at is not None


def test_mark_one_read_without_htmx_goes_back_to_the_list(client_for, user, commented):
    response = client_for(user).post(f"/notifications/{commented.pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"


def test_nobody_marks_another_members_notification(client_for, other_user, commented):
    response = client_for(other_user).post(f"/notifications/{commented.pk}/read/")
    assert response.status_code == 404
    commented.refresh_from_db()
    assert commented.read_at is None


def test_mark_all_read(committed, client_for, user, commented, project, carol):
    committed(comment_create, author=carol, target=project, body="More")
    response = client_for(user).post("/notifications/read-all/")
    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()


def test_mark_read_refuses_get(client_for, user, commented):
    assert client_for(user).get(f"/notifications/{commented.pk}/read/").status_code == 405


def test_opening_a_notification_marks_it_read_and_goes_to_the_comment(client_for, user, commented, project):
    # when
    response = client_for(user).get(f"/notifications/{commented.pk}/open/")
    # then
    comment_id = commented.event.subject_id
    assert response.status_code == 302
    assert response["Location"] == f"{project.get_absolute_url()}#comment-{comment_id}"
    commented.refresh_from_db()
    assert commented.read_at is not None


def test_nobody_opens_another_members_notification(client_for, other_user, commented):
    assert client_for(other_user).get(f"/notifications/{commented.pk}/open/").status_code == 404
    commented.refresh_from_db()
    assert commented.read_at is None


# ---------------------------------------------------------------------------------------------- badge


def test_badge_shows_the_unread_count_with_one_query(client_for, user, commented):
    # given
    client = client_for(user)
    # when
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/projects/").content.decode()
    # then
    assert len(notification_queries(queries.captured_queries)) == 1
    assert 'id="notifications-badge"' in html
    assert 'aria-label="Notifications, 1 unread"' in html
    assert '<span class="badge">1</span>' in html


def test_badge_is_absent_for_visitors_without_a_query(client, commented):
    with CaptureQueriesContext(connection) as queries:
        html = client.get("/projects/").content.decode()
    assert 'id="notifications-badge"' not in html
    assert notification_queries(queries.captured_queries) == []


# ---------------------------------------------------------------------------------------------- supporters


@pytest.fixture
def changed(committed, user, project, carol):
    """carol supports alice's project; alice rewrites its pitch."""
    committed(support_add, actor=carol, project=project)
    committed(
        project_update, actor=user, project=project, pitch="A medieval castle whose drawbridge really lifts."
    )
    return Notification.objects.get(recipient=carol, kind=Kind.SUPPORTED_CHANGED)


def test_supporters_see_the_diff_and_can_keep_or_withdraw(client_for, carol, project, changed):
    # when
    html = client_for(carol).get("/notifications/").content.decode()

    # then
    assert "<del>walls swing open.</del>" in html
    assert "<ins>drawbridge really lifts.</ins>" in html
    assert "Keep my support" in html
    withdraw = reverse("project_support_withdraw", args=[project.slug])
    assert f'action="{withdraw}"' in html


def test_keeping_support_marks_read_and_withdrawing_withdraws(client_for, carol, project, changed):
    client = client_for(carol)
    # keep
    client.post(f"/notifications/{changed.pk}/read/", headers={"HX-Request": "true"})
    changed.refresh_from_db()
    assert changed.read_at is not None and Support.objects.filter(user=carol, project=project).exists()
    # withdraw
    client.post(reverse("project_support_withdraw", args=[project.slug]))
    assert not Support.objects.filter(user=carol, project=project).exists()
    html = client.get("/notifications/").content.decode()
    assert "Withdraw my support" not in html  # nothing left to withdraw


# ---------------------------------------------------------------------------------------------- XSS


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_payloads_in_comments_and_project_text_stay_inert_on_the_page_and_in_mail(
    committed, client_for, user, other_user, project, carol, payload
):
    # given: a mention by e-mail (the excerpt) and a supporter's diff by e-mail
    preferences = {"supported_changed": Channel.EMAIL}
    services.preferences_update(actor=carol, member=carol, channels=preferences)
    committed(support_add, actor=carol, project=project)
    committed(comment_create, author=other_user, target=project, body=f"@alice {payload}")
    committed(comment_create, author=other_user, target=project, body=f"@carol {payload}")
    committed(
        project_update, actor=user, project=project, pitch=f"{payload} castle", body=f"{payload}\n\nmore"
    )

    # when
    pages = [client_for(member).get("/notifications/").content.decode() for member in (user, carol)]

    # then
    assert Notification.objects.filter(recipient=carol).count() == 2
    for html in pages:
        assert active_content(html) == []
    assert len(mail.outbox) == 3  # alice's mention, carol's mention, carol's diff
    for message in mail.outbox:
        assert active_content(message.alternatives[0][0]) == []


# ---------------------------------------------------------------------------------------------- settings


def test_settings_page_shows_a_radio_per_kind_and_channel(client_for, user):
    html = client_for(user).get("/notifications/settings/").content.decode()
    assert html.count('type="radio"') == len(Kind.values) * len(Channel.values)
    assert (
        'name="mention" value="email" id="mention-email" aria-labelledby="kind-mention channel-email" checked'
        in html
    )
    assert (
        'name="reply" value="in_app" id="reply-in_app" aria-labelledby="kind-reply channel-in_app" checked'
        in html
    )
    assert 'href="/notifications/settings/" aria-current="page"' in html  # the settings menu


def test_settings_page_saves_the_choices(client_for, user):
    data = {kind: Channel.IN_APP for kind in Kind.values} | {"reply": Channel.DIGEST, "language": "fr"}
    response = client_for(user).post("/notifications/settings/", data)
    assert response.status_code == 302
    assert services.channels_for(user)[Kind.REPLY] == Channel.DIGEST
    assert services.channels_for(user)[Kind.MENTION] == Channel.IN_APP
    assert services.member_language(user) == "fr"


def test_settings_page_refuses_a_bad_choice_and_changes_nothing(client_for, user):
    data = {kind: Channel.IN_APP for kind in Kind.values} | {"reply": "pigeon", "language": "en"}
    response = client_for(user).post("/notifications/settings/", data)
    assert response.status_code == 400
    assert "pigeon" in response.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_settings_page_asks_visitors_to_log_in(client):
    assert client.get("/notifications/settings/").status_code == 302


# ---------------------------------------------------------------------------------------------- unsubscribe


def test_unsubscribe_link_asks_to_confirm_then_turns_the_kind_off(client, user):
    # given
    url = reverse(
        "notification_unsubscribe", args=[services.unsubscribe_token_make(member=user, kind=Kind.MENTION)]
    )

    # when: the link is opened (a mail scanner would do the same)
    page = client.get(url)

    # then: nothing yet
    assert page.status_code == 200 and "Yes, stop them" in page.content.decode()
    assert services.channels_for(user)[Kind.MENTION] == Channel.EMAIL

    # when: confirmed
    done = client.post(url)

    # then
    assert done.status_code == 200 and "Done" in done.content.decode()
    assert services.channels_for(user)[Kind.MENTION] == Channel.OFF


def test_one_click_unsubscribe_from_a_mail_client(user):
    # RFC 8058: the mail client POSTs List-Unsubscribe=One-Click, without cookie or CSRF token.
    client = Client(enforce_csrf_checks=True)
    url = reverse(
        "notification_unsubscribe", args=[services.unsubscribe_token_make(member=user, kind=Kind.REPLY)]
    )
    response = client.post(
        url, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert services.channels_for(user)[Kind.REPLY] == Channel.OFF


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_tampered_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, user, method):
    token = services.unsubscribe_token_make(member=user, kind=Kind.MENTION)
    url = reverse("notification_unsubscribe", args=[token[:-3] + "abc"])
    response = getattr(client, method)(url)
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    assert NotificationPreference.objects.count() == 0


def test_an_expired_unsubscribe_link_gets_a_clear_page_and_changes_nothing(client, user):
    token = services.unsubscribe_token_make(member=user, kind=Kind.MENTION)
    later = signing.time.time() + services.UNSUBSCRIBE_MAX_AGE.total_seconds() + 60
    with mock.patch.object(signing, "time", SimpleNamespace(time=lambda: later)):
        response = client.post(reverse("notification_unsubscribe", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    assert NotificationPreference.objects.count() == 0
