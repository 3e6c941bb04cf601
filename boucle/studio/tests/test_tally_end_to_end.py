"""A kind the studio does not know — the tally test package (tests/kinds/boucle-kind-tally), installed into the
environment and found through its entry point, not a patched registry — lives a design's whole life through
the API: kit, design, revisions, check, BOM, suggestion, fork, export and import."""

import json

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.ledger.models import Contribution, ContributionKind
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import registry
from boucle.studio.models import Design

pytestmark = pytest.mark.django_db


def test_the_tally_kind_from_its_own_package_works_end_to_end(client, client_for):
    # given a registry that looks for kinds afresh, in the installed packages' entry points
    registry.reset_kinds()
    kind = registry.get_kind("tally")
    assert type(kind).__module__ == "boucle_kind_tally"
    technology = TechnologyFactory()
    owner, alice, bob = technology.organization.created_by, UserFactory(), UserFactory()

    def call(who, method, url, data=None):
        c = client_for(who) if who else client
        if method == "get":
            response = c.get(url)
        else:
            response = getattr(c, method)(url, json.dumps(data or {}), content_type="application/json")
        assert response.status_code < 300, (url, response.status_code, response.content[:400])
        return response.json()

    # the organization's owner gives the technology a tally kit
    kit = {"items": [{"name": "apple", "price": "0.50", "stock": 5}, {"name": "pear", "price": "0.70"}]}
    assert (
        call(owner, "put", f"/api/technologies/{technology.slug}/kit", {"kind": "tally", "content": kit})[
            "number"
        ]
        == 1
    )
    # alice starts a design in her project, checks a change live, then saves it
    project = make_project(owner=alice, technology=technology, licence=Licence.BY_SA, publish=True)
    design = call(alice, "post", f"/api/projects/{project.slug}/designs", {"title": "Basket"})
    assert design["kind"] == "tally" and design["head_revision"]["number"] == 1
    content = {"counters": [{"id": "a", "name": "apple", "count": 6}]}
    check = call(alice, "post", f"/api/designs/{design['id']}/check", {"content": content})
    assert check["bom"][0]["available"] is False  # 6 apples, 5 in stock
    assert check["totals"]["price"] == "3.00"
    saved = call(
        alice,
        "post",
        f"/api/designs/{design['id']}/revisions",
        {"content": content, "parent": 1, "message": "Apples"},
    )
    assert saved["number"] == 2
    # bob suggests a pear; alice merges it: bob is credited
    more = {"counters": [*content["counters"], {"id": "p", "name": "pear", "count": 1}]}
    suggestion = call(
        bob,
        "post",
        f"/api/designs/{design['id']}/suggestions",
        {"content": more, "parent": 2, "message": "A pear"},
    )
    call(alice, "post", f"/api/suggestions/{suggestion['id']}/merge")
    assert Contribution.objects.filter(actor=bob, kind=ContributionKind.SUGGESTION_MERGED).count() == 1
    assert Contribution.objects.filter(actor=alice, kind=ContributionKind.DESIGN_REVISION).count() == 2
    # its BOM as CSV
    bom = client.get(f"/api/designs/{design['id']}/revisions/3/bom?format=csv").content.decode()
    assert "item:pear,pear,Pear,,1,pcs,0.70,0.70,,yes" in bom and "total,,,,7,,,3.70,," in bom
    # bob forks revision 3 into his own share-alike project, then changes it
    bobs = make_project(owner=bob, technology=technology, licence=Licence.BY_SA, publish=True, title="Bob's")
    fork = call(bob, "post", f"/api/designs/{design['id']}/fork", {"project": bobs.slug, "revision": 3})
    assert fork["forked_from"]["revision"] == 3
    call(
        bob,
        "post",
        f"/api/designs/{fork['id']}/revisions",
        {"content": {"counters": []}, "parent": 1, "message": "Empty"},
    )
    attribution = call(None, "get", f"/api/designs/{fork['id']}/attribution")
    assert [a["username"] for a in attribution["authors"]] == [alice.username, bob.username]
    # exported with its attribution, imported again as a new design
    exported = client.get(f"/api/designs/{design['id']}/revisions/3/export?format=tally").content
    assert alice.name.encode() in exported and b"apple 6" in exported
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("basket.tally", exported, content_type="text/plain")
    response = client_for(alice).post(
        f"/api/projects/{project.slug}/designs/import", {"file": upload, "format": "tally", "title": "Again"}
    )
    assert response.status_code == 201, response.content
    again = Design.objects.get(pk=response.json()["id"])
    assert again.head.bom == Design.objects.get(pk=design["id"]).head.bom
