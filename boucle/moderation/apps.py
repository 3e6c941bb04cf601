from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "boucle.moderation"
    label = "moderation"
