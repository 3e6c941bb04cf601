"""Each member's channel per kind: off, in-app, e-mail right away, daily digest; unsubscribe links."""

import json
from datetime import datetime, timedelta
from types import SimpleNamespace
from unittest import mock

import pytest
from django.core import mail, signing
from django.utils import timezone

from boucle.community.services import comment_create
from boucle.core.errors import InvalidInput, NotFound
from boucle.notifications import services
from boucle.notifications.enums import Channel, Kind
from boucle.notifications.models import Notification, NotificationPreference, NotificationSettings
from boucle.notifications.services import (
    DIGEST_ALL,
    digests_send_due,
    preferences_update,
    unsubscribe,
    unsubscribe_token_make,
    unsubscribe_token_read,
)

pytestmark = pytest.mark.django_db


def choose(member, **channels):
    preferences_update(actor=member, member=member, channels=channels)


def at(day: int, hour: int):
    """A moment in the site's time zone (digests are daily in that zone)."""
    return timezone.make_aware(datetime(2031, 3, day, hour, 5))


def frozen_signing_clock(seconds_from_now: float):
    """Patch the clock django.core.signing reads (its module's ``time``), not time.time itself."""
    frozen = signing.time.time() + seconds_from_now
    return mock.patch.object(signing, "time", SimpleNamespace(time=lambda: frozen))


# ---------------------------------------------------------------------------------------------- defaults


def test_defaults_are_email_for_mentions_and_decisions_in_app_for_the_rest(user):
    channels = services.channels_for(user)
    assert channels[Kind.MENTION] == Channel.EMAIL
    assert channels[Kind.REVIEW_DECISION] == Channel.EMAIL
    assert {channels[k] for k in Kind.values if k not in (Kind.MENTION, Kind.REVIEW_DECISION)} == {
        Channel.IN_APP
    }


def test_bad_preferences_are_refused_and_change_nothing(user):
    with pytest.raises(InvalidInput) as error:
        preferences_update(
            actor=user, member=user, channels={"reply": "pigeon", "nonsense": "off"}, language="xx"
        )
    assert set(error.value.errors) == {"reply", "nonsense", "language"}
    assert NotificationPreference.objects.count() == 0
    assert NotificationSettings.objects.count() == 0


def test_nobody_changes_another_members_preferences(user, other_user):
    with pytest.raises(NotFound):
        preferences_update(actor=other_user, member=user, channels={"reply": "off"})
    assert NotificationPreference.objects.count() == 0


# ---------------------------------------------------------------------------------------------- channels


def test_off_writes_nothing(committed, user, other_user, project):
    # given
    choose(user, project_comment=Channel.OFF)
    # when
    committed(comment_create, author=other_user, target=project, body="Hello")
    # then
    assert Notification.objects.filter(recipient=user).count() == 0
    assert mail.outbox == []


def test_in_app_writes_a_notification_and_sends_no_mail(committed, user, other_user, project):
    committed(comment_create, author=other_user, target=project, body="Hello")
    assert Notification.objects.get(recipient=user).channel == Channel.IN_APP
    assert mail.outbox == []


def test_email_sends_one_mail_with_an_unsubscribe_link_and_header(committed, user, other_user, project):
    # given: mentions are e-mailed by default
    # when
    committed(comment_create, author=other_user, target=project, body="@alice look at the gate")

    # then
    notification = Notification.objects.get(recipient=user)
    assert notification.kind == Kind.MENTION and notification.emailed_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["alice@example.org"]
    assert message.subject == f"{other_user.name} mentioned you in a comment on A castle that opens"
    assert "look at the gate" in message.body
    header = message.extra_headers["List-Unsubscribe"]
    assert header.startswith("<http") and "/notifications/unsubscribe/" in header
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = header.strip("<>")
    assert link in message.body
    html = message.alternatives[0][0]
    assert f'href="{link}"' in html
    assert unsubscribe_token_read(link.rstrip("/").rsplit("/", 1)[1]) == (user, Kind.MENTION)


def test_an_email_is_written_in_the_recipients_language(committed, user, other_user, project):
    # given
    preferences_update(actor=user, member=user, language="fr")
    # when
    committed(comment_create, author=other_user, target=project, body="@alice regarde")
    # then
    # (the French words arrive with the catalog; the page language proves the mail was rendered in French)
    message = mail.outbox[0]
    assert 'lang="fr"' in message.alternatives[0][0]


def test_an_email_is_not_sent_twice(committed, user, other_user, project):
    # given
    committed(comment_create, author=other_user, target=project, body="@alice hi")
    notification = Notification.objects.get(recipient=user)
    # when
    sent = services.notification_email_send(notification_id=notification.pk)
    # then
    assert sent is False
    assert len(mail.outbox) == 1


def test_digest_sends_nothing_now_then_one_mail_when_the_job_runs_then_nothing_more_that_day(
    committed, user, other_user, project, carol
):
    # given
    choose(user, project_comment=Channel.DIGEST, mention=Channel.DIGEST)
    committed(comment_create, author=other_user, target=project, body="First comment")
    committed(comment_create, author=carol, target=project, body="@alice second, a mention")
    assert mail.outbox == []
    assert Notification.objects.filter(recipient=user, channel=Channel.DIGEST).count() == 2

    # when: the hourly job runs in the morning
    assert digests_send_due(now=at(10, 9)) == 1

    # then: one mail with both, grouped by kind
    assert len(mail.outbox) == 1
    digest = mail.outbox[0]
    assert digest.to == ["alice@example.org"]
    assert "First comment" in digest.body and "second, a mention" in digest.body
    assert "/notifications/unsubscribe/" in digest.extra_headers["List-Unsubscribe"]
    assert not Notification.objects.filter(recipient=user, emailed_at__isnull=True).exists()

    # when: more comes, and the job runs again the same day
    committed(comment_create, author=other_user, target=project, body="Third")
    assert digests_send_due(now=at(10, 10)) == 0
    assert digests_send_due(now=at(10, 23)) == 0
    assert len(mail.outbox) == 1

    # then: the next morning it leaves
    assert digests_send_due(now=at(11, 9)) == 1
    assert len(mail.outbox) == 2 and "Third" in mail.outbox[1].body


def test_digest_waits_for_the_morning(committed, user, other_user, project):
    choose(user, project_comment=Channel.DIGEST)
    committed(comment_create, author=other_user, target=project, body="Night owl")
    assert digests_send_due(now=at(10, services.DIGEST_HOUR - 1)) == 0
    assert mail.outbox == []


def test_digest_leaves_out_what_was_already_read(committed, user, other_user, project):
    # given
    choose(user, project_comment=Channel.DIGEST)
    committed(comment_create, author=other_user, target=project, body="Seen it")
    services.notifications_mark_all_read(actor=user)
    # when
    sent = digests_send_due(now=at(10, 9))
    # then
    assert sent == 0 and mail.outbox == []


def test_the_periodic_job_is_registered_hourly():
    from boucle.core.periodic import jobs

    job = next(j for j in jobs() if j.name.endswith("notifications.tasks.digests_send_due"))
    assert job.every == timedelta(hours=1)


# ---------------------------------------------------------------------------------------------- unsubscribe


def test_a_valid_token_turns_its_kind_off(user):
    # given
    token = unsubscribe_token_make(member=user, kind=Kind.MENTION)
    # when
    member, kinds = unsubscribe(token=token)
    # then
    assert member == user and kinds == [Kind.MENTION]
    assert services.channels_for(user)[Kind.MENTION] == Channel.OFF
    assert services.channels_for(user)[Kind.REPLY] == Channel.IN_APP


def test_a_digest_token_turns_off_every_kind_in_the_digest(user):
    choose(user, reply=Channel.DIGEST, follower=Channel.DIGEST)
    unsubscribe(token=unsubscribe_token_make(member=user, kind=DIGEST_ALL))
    channels = services.channels_for(user)
    assert channels[Kind.REPLY] == channels[Kind.FOLLOWER] == Channel.OFF
    assert channels[Kind.MENTION] == Channel.EMAIL


def test_a_token_works_until_it_expires(user):
    token = unsubscribe_token_make(member=user, kind=Kind.MENTION)
    with frozen_signing_clock(services.UNSUBSCRIBE_MAX_AGE.total_seconds() - 60):
        assert unsubscribe_token_read(token) == (user, Kind.MENTION)


def test_an_expired_token_is_refused_and_changes_nothing(user):
    # given
    token = unsubscribe_token_make(member=user, kind=Kind.MENTION)
    # when
    with (
        frozen_signing_clock(services.UNSUBSCRIBE_MAX_AGE.total_seconds() + 60),
        pytest.raises(InvalidInput) as e,
    ):
        unsubscribe(token=token)
    # then
    assert "expired" in str(e.value.message)
    assert NotificationPreference.objects.count() == 0


@pytest.mark.parametrize(
    "tamper",
    [
        lambda t: t[:-2] + ("AA" if not t.endswith("AA") else "BB"),  # signature changed
        lambda t: "x" + t,  # payload changed
        lambda t: signing.dumps({"m": 1, "k": "mention"}, salt="another.salt"),
        lambda t: "not-a-token",
        lambda t: "",
    ],
    ids=["signature", "payload", "salt", "garbage", "empty"],
)
def test_a_tampered_token_is_refused_and_changes_nothing(user, tamper):
    token = tamper(unsubscribe_token_make(member=user, kind=Kind.MENTION))
    with pytest.raises(InvalidInput):
        unsubscribe(token=token)
    assert NotificationPreference.objects.count() == 0


@pytest.mark.parametrize("payload", [{"m": "other", "k": "mention"}, {"m": "self", "k": "reply"}])
def test_a_token_for_another_member_or_kind_cannot_be_forged(user, other_user, payload):
    # given: a real token, whose payload is swapped for another member's or another kind, signature kept
    token = unsubscribe_token_make(member=user, kind=Kind.MENTION)
    _payload, timestamp, signature = token.split(":")
    payload = {"m": other_user.pk if payload["m"] == "other" else user.pk, "k": payload["k"]}
    forged_payload = signing.b64_encode(json.dumps(payload, separators=(",", ":")).encode()).decode()
    # when / then
    with pytest.raises(InvalidInput):
        unsubscribe(token=f"{forged_payload}:{timestamp}:{signature}")
    assert NotificationPreference.objects.count() == 0
