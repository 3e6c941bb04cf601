from django.conf import settings


def boucle(request):
    return {"SITE_URL": settings.SITE_URL, "base_template": "_partial.html" if getattr(request, "htmx", False) else "_base.html"}
