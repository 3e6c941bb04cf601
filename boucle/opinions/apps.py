from django.apps import AppConfig


class OpinionsConfig(AppConfig):
    name = "boucle.opinions"
    label = "opinions"
