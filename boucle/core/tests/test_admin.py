import pytest
from django.apps import apps
from django.contrib import admin


def boucle_models():
    return [m for m in apps.get_models() if m.__module__.startswith("boucle.")]


@pytest.mark.parametrize("model", boucle_models(), ids=lambda m: m._meta.label)
def test_every_model_is_in_the_admin(model):
    assert admin.site.is_registered(model), f"{model._meta.label} is not registered in the admin"


@pytest.mark.django_db
@pytest.mark.parametrize("model", boucle_models(), ids=lambda m: m._meta.label)
def test_every_admin_list_page_opens(model, client):
    from boucle.accounts.tests.factories import UserFactory

    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_an_organizations_website_typed_without_scheme_is_taken_as_https(client):
    from boucle.accounts.tests.factories import UserFactory
    from boucle.orgs.tests.factories import OrganizationFactory

    organization = OrganizationFactory()
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    form = client.get(f"/admin/orgs/organization/{organization.pk}/change/").context["adminform"].form
    assert form.fields["website"].assume_scheme == "https"
