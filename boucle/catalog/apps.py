from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "boucle.catalog"
    label = "catalog"
