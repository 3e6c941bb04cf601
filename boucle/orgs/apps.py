from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "boucle.orgs"
    label = "orgs"
