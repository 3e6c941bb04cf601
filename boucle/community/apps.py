from django.apps import AppConfig


class CommunityConfig(AppConfig):
    name = "boucle.community"
    label = "community"
