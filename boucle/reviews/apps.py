from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "boucle.reviews"
    label = "reviews"
