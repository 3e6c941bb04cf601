from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "boucle.ledger"
    label = "ledger"
