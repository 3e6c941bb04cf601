from django.apps import AppConfig


class RealizationConfig(AppConfig):
    name = "boucle.realization"
    label = "realization"
