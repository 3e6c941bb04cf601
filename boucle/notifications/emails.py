"""Notification e-mails: text and HTML bodies, in the recipient's language, with a one-click unsubscribe
(RFC 8058: ``List-Unsubscribe`` and ``List-Unsubscribe-Post`` headers, and a link in the body)."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from boucle.notifications.enums import Kind
from boucle.notifications.texts import notification_changes, notification_excerpt, notification_text


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def unsubscribe_url(*, member, kind: str) -> str:
    from boucle.notifications.services import unsubscribe_token_make

    return absolute(
        reverse("notification_unsubscribe", args=[unsubscribe_token_make(member=member, kind=kind)])
    )


def _item(notification) -> dict:
    return {
        "text": notification_text(notification),
        "excerpt": notification_excerpt(notification),
        "changes": notification_changes(notification),
        "url": absolute(reverse("notification_open", args=[notification.pk])),
    }


def _send(*, member, subject: str, template: str, context: dict, unsubscribe: str) -> None:
    context = {
        **context,
        "member": member,
        "unsubscribe_url": unsubscribe,
        "settings_url": absolute(reverse("notification_settings")),
        "site_url": settings.SITE_URL,
    }
    message = EmailMultiAlternatives(
        subject=subject,
        body=render_to_string(f"notifications/email/{template}.txt", context),
        to=[member.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
    message.attach_alternative(render_to_string(f"notifications/email/{template}.html", context), "text/html")
    message.send()


def send_notification_email(notification) -> None:
    from boucle.notifications.services import member_language

    member = notification.recipient
    with translation.override(member_language(member)):
        item = _item(notification)
        _send(
            member=member,
            subject=item["text"][:150],
            template="notification",
            context={"item": item, "kind_label": Kind(notification.kind).label},
            unsubscribe=unsubscribe_url(member=member, kind=notification.kind),
        )


def send_digest_email(*, member, notifications) -> None:
    """One e-mail listing the notifications, grouped by kind (``notifications`` ordered by kind)."""
    from boucle.notifications.services import DIGEST_ALL, member_language

    with translation.override(member_language(member)):
        groups = []
        for notification in notifications:
            if not groups or groups[-1]["kind"] != notification.kind:
                groups.append(
                    {
                        "kind": notification.kind,
                        "label": Kind(notification.kind).label,
                        "unsubscribe_url": unsubscribe_url(member=member, kind=notification.kind),
                        "items": [],
                    }
                )
            groups[-1]["items"].append(_item(notification))
        count = len(notifications)
        _send(
            member=member,
            subject=translation.ngettext(
                "Your Boucle digest: %(count)d notification",
                "Your Boucle digest: %(count)d notifications",
                count,
            )
            % {"count": count},
            template="digest",
            context={"groups": groups, "count": count, "list_url": absolute(reverse("notification_list"))},
            unsubscribe=unsubscribe_url(member=member, kind=DIGEST_ALL),
        )
