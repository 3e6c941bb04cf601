from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "boucle.search"
    label = "search"
