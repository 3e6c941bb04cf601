"""The usual XSS payloads, written into every text of the studio a person can fill (design and project titles,
revision and suggestion messages, a decline's reason, anchored comments, the names inside a design's content and
a kit), leave no script in any studio page, read by a visitor, a member, the team and the organization's owner.
"""

import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.tests.factories import TALLY_KIT

pytestmark = pytest.mark.django_db

NAMES = [p[:60] for p in XSS_PAYLOADS]


def counters(names, start=1):
    return {"counters": [{"id": f"c{i}", "name": n, "count": i} for i, n in enumerate(names, start)]}


@pytest.fixture
def world():
    technology = TechnologyFactory(name="Tech <script>alert(1)</script>")
    owner = technology.organization.created_by
    kit = {"items": TALLY_KIT["items"] + [{"name": n, "price": "1.00"} for n in NAMES[:5]], "max_total": 1000}
    services.kit_save(actor=owner, technology=technology, kind="tally", content=kit)
    team = UserFactory(username="team", display_name=XSS_PAYLOADS[0][:80])
    member = UserFactory(username="member", display_name=XSS_PAYLOADS[1][:80])
    project = make_project(
        owner=team,
        technology=technology,
        title="Project <svg/onload=alert(1)>",
        licence=Licence.BY,
        publish=True,
    )
    design = services.design_create(
        actor=team,
        project=project,
        title=XSS_PAYLOADS[5][:140],
        content=counters(NAMES),
        message=XSS_PAYLOADS[0],
    )
    services.revision_save(
        actor=team, design=design, content=counters(NAMES[2:]), parent=1, message=XSS_PAYLOADS[1][:500]
    )
    design.refresh_from_db()
    for payload in XSS_PAYLOADS:
        services.design_comment_create(
            author=member, design=design, revision=design.head, element="c1", body=payload
        )
        services.design_comment_create(
            author=member, design=design, revision=design.head, element=f"item:{NAMES[3]}", body=payload
        )
    first = services.suggestion_propose(
        actor=member, design=design, content=counters(NAMES[:4]), parent=2, message=XSS_PAYLOADS[6]
    )
    services.suggestion_decline(actor=team, suggestion=first, reason=" ".join(XSS_PAYLOADS))
    open_one = services.suggestion_propose(
        actor=member, design=design, content=counters(NAMES[1:]), parent=2, message=XSS_PAYLOADS[2]
    )
    mine = make_project(
        owner=member, technology=technology, title="<b>Mine</b>", licence=Licence.BY, publish=True
    )
    fork = services.design_fork(
        actor=member, revision=design.head, into_project=mine, title=XSS_PAYLOADS[8][:140]
    )
    return {
        "owner": owner,
        "team": team,
        "member": member,
        "design": design,
        "fork": fork,
        "suggestion": open_one,
        "declined": first,
        "technology": technology,
    }


def studio_pages(w):
    design, fork = w["design"], w["fork"]
    args = [design.project.slug, design.number]
    slug = w["technology"].slug
    return [
        reverse("design_gallery"),
        f"{reverse('design_gallery')}?kind=%3Cscript%3E&sort=%3Cscript%3E",
        design.project.get_absolute_url(),
        design.get_absolute_url(),
        fork.get_absolute_url(),
        reverse("revision_detail", args=[*args, 1]),
        reverse("design_history", args=args),
        reverse("design_compare", args=args) + "?from=1&to=2",
        reverse("design_compare", args=args) + "?from=%3Cscript%3E",
        reverse("design_lineage", args=args),
        reverse("design_lineage", args=[fork.project.slug, fork.number]),
        reverse("design_suggestions", args=args),
        reverse("suggestion_detail", args=[*args, w["suggestion"].pk]),
        reverse("suggestion_detail", args=[*args, w["declined"].pk]),
        reverse("kit_detail", args=[slug]),
        reverse("kit_version", args=[slug, 1]),
        w["technology"].get_absolute_url(),
    ]


def test_no_studio_page_carries_a_script_from_user_text(world, client, client_for):
    design = world["design"]
    args = [design.project.slug, design.number]
    readers = {
        "visitor": (client, []),
        "member": (
            client_for(world["member"]),
            [reverse("design_suggest", args=args), reverse("design_fork", args=args)],
        ),
        "team": (
            client_for(world["team"]),
            [reverse("design_edit", args=args), reverse("design_create", args=[design.project.slug])],
        ),
        "owner": (client_for(world["owner"]), [reverse("kit_edit", args=[world["technology"].slug])]),
    }
    checked = 0
    for name, (reader, extra) in readers.items():
        for url in studio_pages(world) + extra:
            response = reader.get(url)
            assert response.status_code in (200, 400), (name, url, response.status_code)
            html = response.content.decode()
            assert active_content(html) == [], (name, url, active_content(html))
            assert "<script>alert" not in html, (name, url)
            checked += 1
    assert checked >= 70
    # the payloads are there, escaped: names in the BOM and problems, comments, messages
    html = client.get(design.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(" in html and "&lt;svg/onload=alert(1)&gt;" in html


def test_a_refused_form_echoes_the_payload_escaped(client_for, world):
    design = world["design"]
    args = [design.project.slug, design.number]
    team = client_for(world["team"])
    response = team.post(
        reverse("design_edit", args=args),
        {"content": XSS_PAYLOADS[0], "parent": 2, "message": XSS_PAYLOADS[1]},
    )
    assert response.status_code == 400
    assert active_content(response.content.decode()) == []
    response = team.post(
        reverse("design_comment", args=args), {"element": XSS_PAYLOADS[0], "body": XSS_PAYLOADS[4]}
    )
    assert response.status_code == 400
    assert active_content(response.content.decode()) == []
