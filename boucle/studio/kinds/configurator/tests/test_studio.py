"""The configurator through the studio: the kit save refuses rules without a valid configuration, the check
endpoint answers the fix and the greyed choices, a save naming an unknown choice stores nothing, the edit page
includes the editor with every choice as a real form control."""

import json

import pytest
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import InvalidInput
from boucle.projects.tests.factories import make_project
from boucle.studio import pages, services
from boucle.studio.kinds.configurator import kind
from boucle.studio.models import DesignKit, Revision

pytestmark = pytest.mark.django_db


def configured_design(owner, kit=None):
    technology = TechnologyFactory(name="Trail e-bike platform")
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="configurator",
        content=kit or kind.demo_kit(),
    )
    project = make_project(owner=owner, technology=technology, publish=True)
    title, content = kind.demo_designs()[0]
    return services.design_create(actor=owner, project=project, title=title, content=content)


def test_the_organization_cannot_save_a_kit_whose_rules_admit_no_configuration():
    # given a technology with the demo kit
    technology = TechnologyFactory(name="Trail e-bike platform")
    owner = technology.organization.created_by
    services.kit_save(actor=owner, technology=technology, kind="configurator", content=kind.demo_kit())
    bad = kind.demo_kit()
    bad["rules"].append({"id": "no-frame", "type": "at_most", "group": "frame", "count": 0})
    # when / then
    with pytest.raises(InvalidInput) as error:
        services.kit_save(actor=owner, technology=technology, kind="configurator", content=bad)
    assert "These rules admit no valid configuration at all" in str(error.value)
    assert DesignKit.objects.filter(technology=technology).count() == 1


def test_the_check_answers_rules_fix_and_greyed_choices(user, client_for):
    design = configured_design(user)
    content = {"selections": {**design.head.content["selections"], "battery": ["bat-400"]}}
    response = client_for(user).post(
        reverse("api:design_check", args=[design.pk]), {"content": content}, content_type="application/json"
    )
    assert response.status_code == 200
    data = response.json()
    assert data["valid"] is False
    codes = [p["code"] for p in data["problems"]]
    assert "rule" in codes
    fix = next(p for p in data["problems"] if p["code"] == "fix")
    assert fix["elements"] == ["set:battery:bat-750"]
    greyed = {p["elements"][0] for p in data["problems"] if p["code"] == "unreachable"}
    assert "bat-500" in greyed and "bat-1250" not in greyed
    assert {m["key"] for m in data["metrics"]} >= {"price", "weight", "range_km"}


def test_a_save_naming_an_unknown_choice_is_refused_and_stores_nothing(user, client_for):
    design = configured_design(user)
    content = {"selections": {**design.head.content["selections"], "wheels": ["wheels-99"]}}
    response = client_for(user).post(
        reverse("api:revision_create", args=[design.pk]),
        {"content": content, "parent": 1, "message": "ghost wheels"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "wheels-99" in response.json()["detail"]
    assert Revision.objects.filter(design=design).count() == 1


def test_the_edit_page_includes_the_editor_with_escaped_kit_names(user, client_for):
    kit = kind.demo_kit()
    kit["groups"][4]["choices"][0]["name"] = "</script><img src=x onerror=alert(1)>"
    design = configured_design(user, kit)
    html = (
        client_for(user)
        .get(reverse("design_edit", args=[design.project.slug, design.number]))
        .content.decode()
    )
    assert 'class="configurator-editor"' in html
    assert 'type="radio" name="g-battery" value="bat-750"' in html
    assert 'type="checkbox" name="g-accessories" value="acc-child-seat"' in html
    assert "<img src=x" not in html
    config = html.split('id="ce-config">', 1)[1].split("</script>", 1)[0]
    assert json.loads(config)["layers"].endswith("studio/configurator/")


def test_the_design_page_previews_and_export_show_the_configuration(user, client_for):
    design = configured_design(user)
    client = client_for(user)
    page = client.get(design.get_absolute_url())
    assert page.status_code == 200 and "Long-tail frame" in page.content.decode()
    svg = client.get(reverse("revision_preview_svg", args=[design.head.pk]))
    assert svg.status_code == 200 and b"data:image/png;base64," in svg.content
    png = client.get(reverse("revision_preview_png", args=[design.head.pk]) + "?size=200")
    assert png.status_code == 200 and png.content[:4] == b"\x89PNG"
    export = client.get(reverse("api:revision_export", args=[design.pk, 1]) + "?format=json")
    assert export.status_code == 200 and json.loads(export.content)["selections"]["frame"] == [
        "frame-longtail"
    ]


def problems_html(design, revision=None) -> str:
    """The problems list as the design page (and the suggestion page) renders it."""
    revision = revision or Revision.objects.get(pk=design.head_id)
    view = pages.revision_view(design=design, revision=revision, with_comments=False)
    return render_to_string("studio/_problems.html", {"revision": revision, "view": view})


def test_a_saved_revision_keeps_no_unreachable_warnings_but_the_check_still_greys_them(user, client_for):
    # given a valid design (the long-tail frame rules out the porteur box)
    design = configured_design(user)
    content = design.head.content
    # when the editor checks it live
    live = client_for(user).post(
        reverse("api:design_check", args=[design.pk]), {"content": content}, content_type="application/json"
    )
    # then the check names the choices the configuration rules out (the editor greys them)
    assert "front-box" in {p["elements"][0] for p in live.json()["problems"] if p["code"] == "unreachable"}
    # but the saved revision stores none of them, and is valid
    assert design.head.valid
    assert not [p for p in design.head.problems if p["code"] == "unreachable"]
    # and the design page does not list the options its configuration rules out
    html = problems_html(design)
    assert "Porteur box, 80 l" not in html and "is not possible with" not in html
    assert "No problem found." in html


def test_an_old_revision_stored_with_unreachable_warnings_shows_none_on_its_page(user):
    # given a revision saved before (its stored problems hold unreachable warnings; revisions are immutable, so
    # the old row is written past the guard)
    design = configured_design(user)
    QuerySet.update(
        Revision.objects.filter(pk=design.head_id),
        problems=[
            {
                "code": "unreachable",
                "message": "“Porteur box, 80 l” is not possible with “Long-tail frame”.",
                "elements": ["front-box"],
                "severity": "warning",
            }
        ],
    )
    # when its page is read (the page evaluates again, in the reader's language)
    html = problems_html(design)
    # then it lists no unreachable choice
    assert "is not possible with" not in html


def test_an_invalid_design_page_names_the_fix_in_words_not_ids(user):
    # given a design saved with a battery too small for its motor
    design = configured_design(user)
    content = {"selections": {**design.head.content["selections"], "battery": ["bat-400"]}}
    revision = services.revision_save(actor=user, design=design, content=content, parent=1, message="smaller")
    assert not revision.valid
    # when its page lists the problems
    html = problems_html(design, revision)
    # then the nearest fix is named by the kit's group and choice, never by the editor's raw step id
    assert "set:battery" not in html
    assert "Battery: Battery 750 Wh" in html
