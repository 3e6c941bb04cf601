from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "boucle.orders"
    label = "orders"
