from django.apps import AppConfig


class ActivityConfig(AppConfig):
    name = "boucle.activity"
    label = "activity"
