"""Reads of the notifications app, already joined for their templates."""

from django.db.models import QuerySet
from django.urls import reverse

from boucle.notifications.enums import Kind
from boucle.notifications.models import Notification
from boucle.projects.enums import ProjectStatus


def notification_list(*, member, unread_only: bool = False) -> QuerySet[Notification]:
    """The member's notifications, newest first, with what their sentences need (no query per row)."""
    qs = Notification.objects.filter(recipient=member).select_related("event__actor", "event__project")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs.order_by("-created_at", "-id")


def unread_count(*, member) -> int:
    return Notification.objects.filter(recipient=member, read_at__isnull=True).count()


def withdrawable_project_ids(*, member, notifications) -> set[int]:
    """Among the projects of these "supported project changed" notifications, those the member still
    supports and may still withdraw from (the project collects supports): one query."""
    from boucle.projects.models import Support

    project_ids = {
        n.event.project_id for n in notifications if n.kind == Kind.SUPPORTED_CHANGED and n.event.project_id
    }
    if not project_ids:
        return set()
    return set(
        Support.objects.filter(
            user=member, project_id__in=project_ids, project__status=ProjectStatus.PUBLISHED
        ).values_list("project_id", flat=True)
    )


def notification_target_url(notification) -> str:
    """Where a notification leads: the comment in its discussion, the follower's profile, the project."""
    event = notification.event
    if notification.kind in (Kind.ORDER_UPDATE, Kind.ORDER_SALE):
        from boucle.orders.notify import order_notification_url

        if url := order_notification_url(notification):
            return url
    if notification.kind == Kind.ROYALTY_PAYOUT:
        from boucle.ledger.notify import payout_url

        return payout_url(notification)
    if notification.kind in (Kind.MENTION, Kind.REPLY, Kind.PROJECT_COMMENT) and event.subject_id:
        from boucle.community.models import Comment

        comment = Comment.objects.filter(pk=event.subject_id).first()
        target = comment.target if comment is not None else None
        if target is not None:
            return f"{target.get_absolute_url()}#comment-{comment.pk}"
    if notification.kind == Kind.FOLLOWER and event.actor_id:
        return event.actor.get_absolute_url()
    if notification.kind in (Kind.SUPPORTED_REVISION, Kind.DESIGN_SUGGESTION, Kind.SUGGESTION_DECIDED):
        from boucle.activity.lines import event_url

        if url := event_url(event):  # the design's page
            return url
    if notification.kind in (Kind.PROJECT_MADE, Kind.VERSION_INSPIRED):
        from boucle.activity.lines import event_url

        if url := event_url(event):  # the make's page, the technology's versions
            return url
    if notification.kind == Kind.PROJECT_ADOPTED:
        from boucle.activity.lines import event_url

        if url := event_url(event):  # the realization's page
            return url
    if event.project_id:
        return event.project.get_absolute_url()
    return reverse("notification_list")
