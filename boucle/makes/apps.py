from django.apps import AppConfig


class MakesConfig(AppConfig):
    name = "boucle.makes"
    label = "makes"
