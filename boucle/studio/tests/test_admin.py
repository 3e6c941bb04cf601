import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.studio.services import design_comment_create, suggestion_propose
from boucle.studio.tests.factories import make_design, tally

pytestmark = pytest.mark.django_db


def test_every_model_of_the_studio_is_in_the_admin():
    for model in apps.get_app_config("studio").get_models():
        assert admin.site.is_registered(model), model


def test_admin_pages_open_and_revisions_cannot_be_changed(client_for, user):
    design = make_design(owner=user)
    suggestion_propose(
        actor=UserFactory(), design=design, content=tally(("pear", 1)), parent=1, message="Pear"
    )
    design_comment_create(author=user, design=design, revision=design.head, element="c1", body="Hm")
    c = client_for(UserFactory(is_staff=True, is_superuser=True))
    for model in apps.get_app_config("studio").get_models():
        url = reverse(f"admin:studio_{model._meta.model_name}_changelist")
        assert c.get(url).status_code == 200, url
    assert c.get(reverse("admin:studio_design_change", args=[design.pk])).status_code == 200
    revision_url = reverse("admin:studio_revision_change", args=[design.head.pk])
    assert c.get(revision_url).status_code == 200  # a read-only view
    assert c.post(revision_url, {"message": "rewritten"}).status_code == 403
