import pytest
from django.contrib import admin
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.projects import models
from boucle.projects.services import support_add
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def test_every_model_of_the_app_is_in_the_admin():
    from django.apps import apps

    for model in apps.get_app_config("projects").get_models():
        assert admin.site.is_registered(model), model


def test_admin_pages_open(client_for, user):
    project = make_project(owner=user, publish=True)
    support_add(actor=UserFactory(), project=project)
    c = client_for(UserFactory(is_staff=True, is_superuser=True))
    for model in (
        models.Project,
        models.Tag,
        models.ProjectMember,
        models.Transition,
        models.Support,
        models.SecondChanceRound,
        models.SecondChanceVote,
    ):
        url = reverse(f"admin:projects_{model._meta.model_name}_changelist")
        assert c.get(url).status_code == 200, url
    assert c.get(reverse("admin:projects_project_change", args=[project.pk])).status_code == 200
