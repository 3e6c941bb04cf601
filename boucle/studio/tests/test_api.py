"""The studio's JSON API: kinds, kits, designs, the editor's check, revisions (409 on a stale parent), forks,
suggestions, exports and imports. Errors are JSON with the right status; malformed input never answers 500."""

import json

import pytest
from django.test import Client

from boucle.accounts.models import ApiToken
from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio.models import Design, DesignKit, Revision, Suggestion
from boucle.studio.services import suggestion_propose
from boucle.studio.tests.factories import TALLY_KIT, make_design, make_kit, tally

pytestmark = pytest.mark.django_db


def post(client, url, data, **extra):
    return client.post(url, json.dumps(data), content_type="application/json", **extra)


@pytest.fixture
def design(user):
    return make_design(owner=user, counters=[("apple", 3)])


def test_the_installed_kinds_are_listed(client):
    kinds = client.get("/api/design-kinds").json()
    tally_kind = next(k for k in kinds if k["name"] == "tally")
    assert tally_kind["gallery_metrics"] == ["total", "price"]
    assert tally_kind["importers"][0]["name"] == "tally"


def test_an_organization_owner_saves_a_kit_and_anyone_reads_it(client, client_for):
    technology = TechnologyFactory()
    owner = technology.organization.created_by
    url = f"/api/technologies/{technology.slug}/kit"
    assert client.get(url).status_code == 404
    response = client_for(owner).put(
        url, json.dumps({"kind": "tally", "content": TALLY_KIT}), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == 1
    read = client.get(url).json()
    assert (read["kind"], read["number"], read["content"]["items"][0]["price"]) == ("tally", 1, "0.50")
    assert client.get(f"/api/technologies/{technology.slug}/kits").json()["count"] == 1


def test_a_kit_is_refused_to_non_owners_and_when_it_does_not_fit_its_schema(client_for, user):
    technology = TechnologyFactory()
    url = f"/api/technologies/{technology.slug}/kit"
    response = client_for(user).put(
        url, json.dumps({"kind": "tally", "content": TALLY_KIT}), content_type="application/json"
    )
    assert response.status_code == 403
    owner = client_for(technology.organization.created_by)
    bad = {"kind": "tally", "content": {"items": [{"name": "apple", "price": "-1"}]}}
    response = owner.put(url, json.dumps(bad), content_type="application/json")
    assert response.status_code == 400
    assert "content.items.0.price" in response.json()["errors"]
    response = owner.put(url, json.dumps({"kind": "nope", "content": {}}), content_type="application/json")
    assert response.status_code == 400 and "kind" in response.json()["errors"]
    assert not DesignKit.objects.exists()


def test_the_team_creates_a_design_and_anyone_reads_it(client, client_for, user):
    project = make_project(owner=user, publish=True)
    make_kit(project.technology)
    response = post(
        client_for(user),
        f"/api/projects/{project.slug}/designs",
        {"title": "Basket", "content": tally(("pear", 2))},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["title"], body["kind"], body["head"], body["project"]) == (
        "Basket",
        "tally",
        1,
        project.slug,
    )
    assert body["head_revision"]["totals"] == {"price": "1.40", "quantity": "2", "complete": True}
    read = client.get(f"/api/designs/{body['id']}").json()
    assert read["metrics"][0] == {
        "key": "total",
        "label": "Total count",
        "value": 2,
        "unit": "",
        "sortable": True,
    }
    assert client.get(f"/api/projects/{project.slug}/designs").json()[0]["id"] == body["id"]


def test_a_drafts_design_is_not_found_by_others(client, client_for, user):
    design = make_design(owner=user, publish=False)
    assert client.get(f"/api/designs/{design.pk}").status_code == 404
    assert client_for(UserFactory()).get(f"/api/designs/{design.pk}").status_code == 404
    assert client_for(user).get(f"/api/designs/{design.pk}").status_code == 200
    assert client.get("/api/designs").json()["count"] == 0


def test_the_check_answers_problems_bom_metrics_and_totals_without_saving(client_for, user, design):
    content = tally(("apple", 2), ("cherry", 1))
    before = Revision.objects.count()
    response = post(client_for(user), f"/api/designs/{design.pk}/check", {"content": content})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["valid"] is False
    assert body["problems"] == [
        {
            "code": "not_in_kit",
            "message": "“cherry” is not in the kit.",
            "elements": ["c2"],
            "severity": "error",
        }
    ]
    assert [
        (line["part"], line["quantity"], line["total_price"], line["in_kit"]) for line in body["bom"]
    ] == [
        ("apple", "2", "1.00", True),
        ("cherry", "1", None, False),
    ]
    assert body["totals"] == {"price": "1.00", "quantity": "3", "complete": False}
    assert {m["key"]: m["value"] for m in body["metrics"]} == {"total": 3, "price": "1.00", "counters": 2}
    assert Revision.objects.count() == before


def test_the_check_reads_a_few_rows_and_writes_none(client_for, user, design, django_assert_max_num_queries):
    client = client_for(user)
    client.get("/api/design-kinds")  # the session is loaded once
    with django_assert_max_num_queries(8):
        response = post(client, f"/api/designs/{design.pk}/check", {"content": tally(("apple", 9))})
    assert response.status_code == 200


def test_session_writes_need_the_csrf_token(user, design):
    # given the editor's browser session
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(user)
    browser.get("/api/design-kinds")
    url = f"/api/designs/{design.pk}/check"
    # when it posts without the CSRF header, it is refused
    assert post(browser, url, {"content": tally(("apple", 1))}).status_code == 403
    # with the token in X-CSRFToken (read from the csrftoken cookie), it works
    from django.middleware.csrf import _get_new_csrf_string

    token = _get_new_csrf_string()
    browser.cookies["csrftoken"] = token
    response = post(browser, url, {"content": tally(("apple", 1))}, HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 200, response.content
    saved = post(
        browser,
        f"/api/designs/{design.pk}/revisions",
        {"content": tally(("apple", 1)), "parent": 1, "message": "Fewer"},
        HTTP_X_CSRFTOKEN=token,
    )
    assert saved.status_code == 201, saved.content


def test_a_personal_token_writes_without_csrf(user, design):
    key = ApiToken.generate_key()
    ApiToken.objects.create(user=user, name="t", key_hash=ApiToken.hash_key(key), hint=key[:12])
    response = post(
        Client(enforce_csrf_checks=True),
        f"/api/designs/{design.pk}/revisions",
        {"content": tally(("apple", 7)), "parent": 1},
        HTTP_AUTHORIZATION=f"Bearer {key}",
    )
    assert response.status_code == 201, response.content
    assert response.json()["author"] == user.username


def test_saving_answers_201_then_409_on_a_stale_parent(client_for, user, design):
    client = client_for(user)
    url = f"/api/designs/{design.pk}/revisions"
    first = post(client, url, {"content": tally(("apple", 4)), "parent": 1, "message": "More"})
    assert first.status_code == 201
    assert (first.json()["number"], first.json()["parent"]) == (2, {"design": design.pk, "number": 1})
    stale = post(client, url, {"content": tally(("apple", 5)), "parent": 1})
    assert stale.status_code == 409
    assert "revision 2" in stale.json()["detail"] and "parent" in stale.json()["errors"]
    same = post(client, url, {"content": tally(("apple", 4)), "parent": 2})
    assert same.status_code == 400
    history = client.get(url).json()
    assert [r["number"] for r in history["items"]] == [2, 1]


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 401), ("stranger", 403)],
)
def test_saving_needs_the_team(client, client_for, design, who, status):
    c = client if who == "anonymous" else client_for(UserFactory())
    response = post(c, f"/api/designs/{design.pk}/revisions", {"content": tally(("apple", 9)), "parent": 1})
    assert response.status_code == status
    assert "detail" in response.json()
    assert Revision.objects.filter(design=design).count() == 1


def test_unknown_designs_and_revisions_are_404(client):
    assert client.get("/api/designs/999999").status_code == 404
    assert client.get("/api/designs/999999/revisions/1").status_code == 404
    assert client.get("/api/suggestions/999999").status_code == 404


@pytest.mark.parametrize(
    "body",
    [
        b"{not json",
        b"[]",
        b'{"content": "text", "parent": 1}',
        b'{"content": {"counters": [{"id": "c1", "name": "apple", "count": 1e400}]}, "parent": 1}',
        b'{"content": {"counters": [{"id": "\\u0000", "name": "apple", "count": 1}]}, "parent": 1}',
        b'{"content": {"counters": [' + b"[" * 5000 + b"]" * 5000 + b']}, "parent": 1}',
        b'{"content": {"counters": []}, "parent": "one"}',
        b'{"content": {"counters": []}, "parent": 99999999999999999999999}',
        b'{"content": {"x": NaN}, "parent": 1}',
    ],
)
def test_malformed_json_is_refused_without_a_server_error(client_for, user, design, body):
    client = client_for(user)
    saved = client.post(f"/api/designs/{design.pk}/revisions", body, content_type="application/json")
    assert 400 <= saved.status_code < 500, (saved.status_code, saved.content[:300])
    assert "detail" in saved.json()
    checked = client.post(f"/api/designs/{design.pk}/check", body, content_type="application/json")
    assert checked.status_code < 500, (checked.status_code, checked.content[:300])
    assert Revision.objects.filter(design=design).count() == 1


def test_an_oversized_content_is_refused_with_a_message(client_for, user, design):
    huge = {"counters": [{"id": f"c{i}", "name": "apple" * 10, "count": 1} for i in range(40_000)]}
    response = post(client_for(user), f"/api/designs/{design.pk}/revisions", {"content": huge, "parent": 1})
    assert response.status_code == 400
    assert "too large" in response.json()["detail"]


def test_a_fork_through_the_api_keeps_its_parent_and_refuses_with_a_reason(client_for, user):
    technology = TechnologyFactory()
    make_kit(technology)
    source = make_design(owner=user, technology=technology, licence=Licence.BY_SA)
    bob = UserFactory()
    ok = make_project(owner=bob, technology=technology, licence=Licence.BY_SA, publish=True, title="Bob's")
    wrong = make_project(
        owner=bob, technology=technology, licence=Licence.BY, publish=True, title="Bob's other"
    )
    client = client_for(bob)
    refused = post(client, f"/api/designs/{source.pk}/fork", {"project": wrong.slug})
    assert refused.status_code == 400 and "share-alike" in refused.json()["detail"]
    response = post(
        client, f"/api/designs/{source.pk}/fork", {"project": ok.slug, "revision": 1, "title": "Mine"}
    )
    assert response.status_code == 201, response.content
    fork = response.json()
    assert fork["forked_from"] == {
        "design": source.pk,
        "revision": 1,
        "title": source.title,
        "project": source.project.slug,
    }
    assert fork["head_revision"]["parent"] == {"design": source.pk, "number": 1}
    lineage = client.get(f"/api/designs/{fork['id']}/lineage").json()
    assert lineage["tree"]["design"] == source.pk and lineage["tree"]["children"][0]["design"] == fork["id"]
    attribution = client.get(f"/api/designs/{fork['id']}/attribution").json()
    assert [a["username"] for a in attribution["authors"]] == [user.username]


def test_suggestions_through_the_api(client_for, user, other_user, design):
    outsider = client_for(other_user)
    response = post(
        outsider,
        f"/api/designs/{design.pk}/suggestions",
        {"content": tally(("apple", 3), ("pear", 1)), "parent": 1, "message": "A pear"},
    )
    assert response.status_code == 201, response.content
    suggestion = response.json()
    assert (suggestion["state"], suggestion["parent"], suggestion["revision"]["number"]) == ("open", 1, None)
    assert client_for(user).get(f"/api/designs/{design.pk}/suggestions?state=open").json()["count"] == 1
    assert post(outsider, f"/api/suggestions/{suggestion['id']}/merge", {}).status_code == 403
    merged = post(client_for(user), f"/api/suggestions/{suggestion['id']}/merge", {})
    assert merged.status_code == 200, merged.content
    assert (merged.json()["state"], merged.json()["merged_revision"]) == ("merged", 2)
    again = post(client_for(user), f"/api/suggestions/{suggestion['id']}/decline", {"reason": "no"})
    assert again.status_code == 409


def test_merging_a_stale_suggestion_is_409(client_for, user, other_user, design):
    suggestion = suggestion_propose(
        actor=other_user, design=design, content=tally(("pear", 1)), parent=1, message="P"
    )
    post(
        client_for(user), f"/api/designs/{design.pk}/revisions", {"content": tally(("apple", 9)), "parent": 1}
    )
    response = post(client_for(user), f"/api/suggestions/{suggestion.pk}/merge", {})
    assert response.status_code == 409
    declined = post(client_for(user), f"/api/suggestions/{suggestion.pk}/decline", {"reason": "Out of date"})
    assert declined.json()["state"] == "declined"
    assert Suggestion.objects.get(pk=suggestion.pk).reason == "Out of date"


def test_bom_csv_and_json_carry_totals_and_attribution(client, design):
    csv_response = client.get(f"/api/designs/{design.pk}/revisions/1/bom?format=csv")
    assert csv_response.status_code == 200
    assert csv_response["Content-Type"] == "text/csv"
    assert "attachment" in csv_response["Content-Disposition"]
    rows = csv_response.content.decode().splitlines()
    assert rows[0] == "key,part,name,variant,quantity,unit,unit price,total price,stock,in kit"
    assert rows[1] == "item:apple,apple,Apple,,3,pcs,0.50,1.50,100,yes"
    assert rows[2] == "total,,,,3,,,1.50,,"
    assert any(r.startswith("attribution,") for r in rows)
    data = json.loads(client.get(f"/api/designs/{design.pk}/revisions/1/bom").content)
    assert data["totals"]["price"] == "1.50" and data["licence"] == "CC-BY-SA-4.0"
    assert data["attribution"] and data["lines"][0]["key"] == "item:apple"


def test_export_then_import_a_file(client, client_for, user, design):
    exported = client.get(f"/api/designs/{design.pk}/revisions/1/export?format=tally")
    assert exported.status_code == 200
    text = exported.content.decode()
    assert "apple 3" in text and text.startswith("# Fruit basket")
    assert client.get(f"/api/designs/{design.pk}/revisions/1/export?format=ldraw").status_code == 400
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("basket.tally", b"apple 2\npear 5\n", content_type="text/plain")
    response = client_for(user).post(
        f"/api/projects/{design.project.slug}/designs/import",
        {"file": upload, "format": "tally", "title": "Imported"},
    )
    assert response.status_code == 201, response.content
    imported = Design.objects.get(pk=response.json()["id"])
    assert imported.head.content == tally(("apple", 2), ("pear", 5))
    bad = SimpleUploadedFile("bad.tally", b"apple two\n", content_type="text/plain")
    refused = client_for(user).post(
        f"/api/projects/{design.project.slug}/designs/import",
        {"file": bad, "format": "tally", "title": "Bad"},
    )
    assert refused.status_code == 400
    assert "Line 1" in refused.json()["detail"]
    assert Design.objects.count() == 2


def test_diff_previews_and_anchored_comments(client, client_for, user, design):
    post(
        client_for(user),
        f"/api/designs/{design.pk}/revisions",
        {"content": tally(("apple", 5), ("pear", 1)), "parent": 1},
    )
    diff = client.get(f"/api/designs/{design.pk}/diff?from=1&to=2").json()
    assert [(c["action"], c["element"]) for c in diff["changes"]] == [("changed", "c1"), ("added", "c2")]
    svg = client.get(f"/api/designs/{design.pk}/revisions/2/preview.svg")
    assert svg.status_code == 200 and svg["Content-Type"] == "image/svg+xml" and b"<svg" in svg.content
    png = client.get(f"/api/designs/{design.pk}/revisions/2/thumbnail.png?size=200")
    assert png.status_code == 200 and png.content.startswith(b"\x89PNG")
    comment = post(
        client_for(UserFactory()),
        f"/api/designs/{design.pk}/revisions/2/comments",
        {"element": "c2", "body": "Nice pear"},
    )
    assert comment.status_code == 201, comment.content
    assert (
        post(
            client_for(user), f"/api/designs/{design.pk}/revisions/2/comments", {"element": "zz", "body": "?"}
        ).status_code
        == 400
    )
    comments = client.get(f"/api/designs/{design.pk}/revisions/2/comments").json()
    assert [c["body_html"].strip() for c in comments["elements"]["c2"]] == ["<p>Nice pear</p>"]


def test_the_gallery_filters_and_sorts_by_metric(client, user):
    technology = TechnologyFactory()
    make_kit(technology)
    cheap = make_design(owner=user, technology=technology, counters=[("plum", 1)], title="Cheap")
    dear = make_design(owner=UserFactory(), technology=technology, counters=[("pear", 10)], title="Dear")
    middle = make_design(
        owner=UserFactory(), technology=technology, counters=[("apple", 4)], licence=Licence.BY, title="Mid"
    )

    def titles(query):
        response = client.get(f"/api/designs?{query}")
        assert response.status_code == 200, response.content
        return [d["title"] for d in response.json()["items"]]

    assert titles("sort=metric&metric=price&order=asc") == ["Cheap", "Mid", "Dear"]
    assert titles("sort=metric&metric=price&order=desc") == ["Dear", "Mid", "Cheap"]
    assert titles("metric=price&min=1&max=5&sort=metric") == ["Mid"]
    assert titles(f"licence=CC-BY-4.0&technology={technology.slug}") == ["Mid"]
    assert titles("kind=tally&sort=new") == ["Mid", "Dear", "Cheap"]
    assert titles("kind=bricks-that-do-not-exist") == []
    assert client.get("/api/designs?sort=bogus").status_code == 422
    assert {cheap.pk, dear.pk, middle.pk} == {d["id"] for d in client.get("/api/designs").json()["items"]}
