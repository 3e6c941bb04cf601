from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _site_from_settings(sender, **kwargs):
    """Keep django.contrib.sites' row in step with SITE_URL: allauth writes it into mails and links."""
    from urllib.parse import urlsplit

    from django.conf import settings
    from django.contrib.sites.models import Site

    domain = urlsplit(settings.SITE_URL).netloc or "127.0.0.1:8000"
    Site.objects.update_or_create(id=settings.SITE_ID, defaults={"domain": domain, "name": "Boucle"})


class CoreConfig(AppConfig):
    name = "boucle.core"
    label = "core"

    def ready(self):
        post_migrate.connect(_site_from_settings, sender=self)
