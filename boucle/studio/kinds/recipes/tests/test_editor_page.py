"""The studio's edit page includes the recipe editor with the recipe, the kit, the styles and its strings; the
check endpoint answers the editor with the recipe's metrics."""

import json

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.testing import active_content
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.kinds.recipes import kind as recipes_kind

pytestmark = pytest.mark.django_db


def recipe_design(owner, kit=None):
    technology = TechnologyFactory(name="Open beer")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="recipes",
        content=kit or recipes_kind.demo_kit(),
    )
    project = make_project(owner=owner, technology=technology, licence=Licence.BY_SA, publish=True)
    _title, content = recipes_kind.demo_designs()[0]
    return services.design_create(actor=owner, project=project, title="Pride", content=content)


def test_the_edit_page_includes_the_recipe_editor(client):
    # given
    alice = UserFactory()
    design = recipe_design(alice)
    client.force_login(alice)
    # when
    response = client.get(reverse("design_edit", args=[design.project.slug, design.number]))
    # then
    html = response.content.decode()
    assert response.status_code == 200
    assert 'class="recipe-editor"' in html and "studio/recipes/editor.js" in html
    assert '<option value="11B">11B Best Bitter</option>' in html
    assert '<option value="Cascade">' in html
    assert 'id="re-styles"' in html and 'id="re-constants"' in html


def test_a_kit_ingredient_named_with_markup_stays_text(client):
    alice = UserFactory()
    kit = recipes_kind.demo_kit()
    kit["hops"][0]["name"] = "</script><img src=x onerror=alert(1)>"
    design = recipe_design(alice, kit)
    client.force_login(alice)
    html = client.get(reverse("design_edit", args=[design.project.slug, design.number])).content.decode()
    assert not active_content(html)


def test_the_check_endpoint_answers_with_the_metrics_and_style_warnings(client):
    alice = UserFactory()
    design = recipe_design(alice)
    client.force_login(alice)
    content = design.head.content
    content["hops"][0]["amount"] = 60.0
    response = client.post(
        f"/api/designs/{design.pk}/check", json.dumps({"content": content}), content_type="application/json"
    )
    data = response.json()
    assert response.status_code == 200
    metrics = {m["key"]: m["value"] for m in data["metrics"]}
    assert metrics["ibu"] == "54.9" and metrics["og"] == "1.0495"
    assert "style_ibu" in [p["code"] for p in data["problems"]]
    bad = {**content, "efficiency": 0}
    response = client.post(
        f"/api/designs/{design.pk}/check", json.dumps({"content": bad}), content_type="application/json"
    )
    assert response.status_code == 400 and "content.efficiency" in response.json()["errors"]


def _project(owner):
    technology = TechnologyFactory(name="Open beer")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="recipes",
        content=recipes_kind.demo_kit(),
    )
    return make_project(owner=owner, technology=technology, licence=Licence.BY_SA, publish=True)


def test_a_beerxml_file_imports_through_the_api_and_exports_back(client):
    # given
    from boucle.studio.models import Design

    from .helpers import BREWING

    alice = UserFactory()
    project = _project(alice)
    client.force_login(alice)
    data = (BREWING / "brewcalc-fixtures" / "RRSummerBitter.xml").read_bytes()
    # when
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        f"/api/projects/{project.slug}/designs/import",
        {
            "file": SimpleUploadedFile("RRSummerBitter.xml", data),
            "format": "beerxml",
            "title": "Summer bitter",
        },
    )
    # then
    assert response.status_code == 201, response.content
    design = Design.objects.get(pk=response.json()["id"])
    assert design.kind == "recipes" and design.head.valid
    assert [h["ingredient"] for h in design.head.content["hops"]] == ["target", "ekg", "ekg"]
    exported = client.get(f"/api/designs/{design.pk}/revisions/1/export", {"format": "beerxml"})
    assert exported.status_code == 200 and b"<NAME>Summer bitter</NAME>" in exported.content


def test_a_hostile_beerxml_file_is_refused_and_nothing_is_stored(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from boucle.studio.models import Design

    alice = UserFactory()
    project = _project(alice)
    client.force_login(alice)
    xxe = b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><RECIPES><RECIPE><NAME>&x;</NAME></RECIPE></RECIPES>'
    response = client.post(
        f"/api/projects/{project.slug}/designs/import",
        {"file": SimpleUploadedFile("evil.xml", xxe), "format": "beerxml", "title": "Evil"},
    )
    assert response.status_code == 400 and "DTD or entities" in response.json()["detail"]
    assert not Design.objects.exists()
