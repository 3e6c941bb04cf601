from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "boucle.demo"
    label = "demo"
