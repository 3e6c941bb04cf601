from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "boucle.search"
    label = "search"

    def ready(self):
        from boucle.search import signals

        signals.connect(self)
