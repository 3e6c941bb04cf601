import pytest
from django.contrib.sites.models import Site


@pytest.mark.django_db
def test_the_site_row_names_boucle_and_the_configured_address(settings):
    site = Site.objects.get(id=settings.SITE_ID)
    assert site.name == "Boucle"
    assert site.domain == "127.0.0.1:8000"
