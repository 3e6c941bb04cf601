from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "boucle.notifications"
    label = "notifications"

    def ready(self):
        from boucle.activity.services import event_subscribe
        from boucle.notifications.handlers import event_enqueue_fan_out

        event_subscribe(event_enqueue_fan_out)
