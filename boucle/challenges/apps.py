from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "boucle.challenges"
    label = "challenges"
