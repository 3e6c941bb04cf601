"""Background jobs of notifications: the fan-out of each event, the immediate e-mails, the hourly digest
run. Each wraps a service function (tested directly)."""

from datetime import timedelta

from django_tasks import task

from boucle.core.periodic import periodic
from boucle.notifications import services


@task()
def event_fan_out(event_id: int):
    return services.notifications_fan_out(event_id=event_id)


@task()
def notification_email_send(notification_id: int):
    return services.notification_email_send(notification_id=notification_id)


@periodic(every=timedelta(hours=1))
@task()
def digests_send_due():
    return services.digests_send_due()
