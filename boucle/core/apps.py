from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "boucle.core"
    label = "core"
