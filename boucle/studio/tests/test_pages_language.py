"""A design's page speaks its reader's language, whatever the language of whoever saved the revision."""

import pytest
from django.utils import translation

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.tests.factories import make_project
from boucle.studio import pages, services
from boucle.studio.registry import get_kind

pytestmark = pytest.mark.django_db

# Two bricks side by side with nothing joining them: the model "stands apart" (a problem naming a brick).
APART = {
    "parts": [
        {"id": "b1", "part": "3001", "colour": "4", "x": 0, "y": 0, "z": 0, "rot": 0},
        {"id": "b2", "part": "3001", "colour": "4", "x": 10, "y": 10, "z": 0, "rot": 0},
    ],
    "free": [],
}


def test_problems_bom_and_metrics_follow_the_readers_language(client, user):
    # given: a brick model saved while the active language is English
    kind = get_kind("bricks")
    technology = TechnologyFactory()
    services.kit_save(
        actor=technology.organization.created_by, technology=technology, kind="bricks", content=kind.demo_kit()
    )
    project = make_project(owner=user, technology=technology, publish=True)
    with translation.override("en"):
        design = services.design_create(actor=user, project=project, title="Two bricks", content=APART)
    revision = design.head
    assert revision.problems, "the model should have a problem to translate"
    # when
    with translation.override("fr"):
        problems, _bom, metrics = pages.localized(kind, revision)
    # then
    english = {m["key"]: m["label"] for m in revision.metrics}
    french = {m["key"]: m["label"] for m in metrics}
    assert english.keys() == french.keys() and english != french
    assert [p["code"] for p in problems] == [p["code"] for p in revision.problems]
    assert [p["message"] for p in problems] != [p["message"] for p in revision.problems]
    page = client.get(design.get_absolute_url(), headers={"accept-language": "fr"}).content.decode()
    changed = next(k for k in english if english[k] != french[k])
    assert french[changed] in page
    assert problems[0]["message"] in page.replace("&#x27;", "'").replace("&quot;", '"')


def test_the_team_renames_a_design_and_others_cannot(client_for, user, other_user):
    from django.urls import reverse

    from boucle.studio.tests.factories import make_design

    design = make_design(owner=user, title="Fruit basket")
    url = reverse("design_rename", args=[design.project.slug, design.number])
    assert client_for(other_user).post(url, {"title": "Mine now"}).status_code == 403
    assert client_for(user).post(url, {"title": ""}).status_code == 400
    design.refresh_from_db()
    assert design.title == "Fruit basket"
    response = client_for(user).post(url, {"title": "Orchard crate"})
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.title == "Orchard crate"
    assert url in client_for(user).get(design.get_absolute_url()).content.decode()
