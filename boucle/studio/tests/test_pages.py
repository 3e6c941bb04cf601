"""The studio's HTML pages, read and used as a visitor, a member, the design's team and an organization owner:
the gallery, a design, its history and diffs, old revisions, the lineage, suggestions, editing (the JSON editor
of a kind without a loadable editor: the tally test kind), forks, anchored comments, new designs and imports,
and the kit pages. Bad input gets a message and changes nothing; nothing answers 500."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.models import Comment
from boucle.projects.enums import Licence
from boucle.projects.tests.factories import make_project
from boucle.studio import services
from boucle.studio.models import CommentAnchor, Design, DesignKit, Revision, Suggestion
from boucle.studio.tests.factories import TALLY_KIT, make_design, make_kit, tally

pytestmark = pytest.mark.django_db


def url(name, design, *args):
    return reverse(name, args=[design.project.slug, design.number, *args])


@pytest.fixture
def design(user):
    return make_design(owner=user, counters=[("apple", 3), ("pear", 2)])


def save(design, actor, *pairs, message="More"):
    design.refresh_from_db()
    return services.revision_save(
        actor=actor, design=design, content=tally(*pairs), parent=design.revision_count, message=message
    )


# ---------------------------------------------------------------------------------------------- the design page


def test_a_visitor_sees_the_preview_bom_licence_and_attribution(client, design):
    # when
    response = client.get(design.get_absolute_url())
    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert design.title in html
    assert reverse("revision_preview_svg", args=[design.head_id]) in html
    assert "Apple" in html and "Pear" in html  # BOM lines
    assert "1.50" in html and "1.40" in html and "2.90" in html  # line totals and the BOM total
    assert "https://creativecommons.org/licenses/by-sa/4.0/" in html
    assert design.created_by.name in html  # the attribution chain
    assert "Log in to fork" in html
    assert "Edit</a>" not in html


def test_the_design_page_links_its_downloads(client, design):
    html = client.get(design.get_absolute_url()).content.decode()
    bom = reverse("api:revision_bom", args=[design.pk, 1])
    assert f"{bom}?format=csv" in html and f"{bom}?format=json" in html
    assert reverse("api:revision_export", args=[design.pk, 1]) + "?format=tally" in html
    assert client.get(f"{bom}?format=csv").status_code == 200


def test_the_team_sees_edit_and_a_member_sees_suggest_and_fork(client_for, user, other_user, design):
    team_html = client_for(user).get(design.get_absolute_url()).content.decode()
    assert url("design_edit", design) in team_html
    assert url("design_suggest", design) not in team_html
    member_html = client_for(other_user).get(design.get_absolute_url()).content.decode()
    assert url("design_suggest", design) in member_html
    assert url("design_edit", design) not in member_html
    assert 'id="fork"' in member_html


def test_validation_problems_name_the_elements_at_fault(client, user):
    # given: a counter of something the kit does not hold
    design = make_design(owner=user, counters=[("apple", 3), ("banana", 2)])
    # when
    html = client.get(design.get_absolute_url()).content.decode()
    # then
    assert "has problems" in html
    assert "“banana” is not in the kit." in html
    assert "banana (c2)" in html  # the element at fault, by its label
    assert "not in the kit" in html  # and its BOM line says so


def test_designs_of_a_draft_project_are_secret(client, client_for, user, other_user):
    design = make_design(owner=user, publish=False)
    for page in (
        design.get_absolute_url(),
        url("design_history", design),
        url("design_lineage", design),
        url("design_suggestions", design),
        reverse("revision_preview_svg", args=[design.head_id]),
        reverse("revision_preview_png", args=[design.head_id]),
    ):
        assert client.get(page).status_code == 404, page
        assert client_for(other_user).get(page).status_code == 404, page
        assert client_for(user).get(page).status_code == 200, page


def test_unknown_designs_and_revisions_are_not_found(client, design):
    assert client.get(reverse("design_detail", args=[design.project.slug, 99])).status_code == 404
    assert client.get(reverse("design_detail", args=["no-such-project", 1])).status_code == 404
    assert client.get(url("revision_detail", design, 7)).status_code == 404
    assert client.get(reverse("revision_preview_svg", args=[999999])).status_code == 404


# ---------------------------------------------------------------------------------------------- previews


def test_previews_are_cached_by_the_content_hash(client, design):
    # when
    response = client.get(reverse("revision_preview_svg", args=[design.head_id]))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["ETag"].startswith(f'"{design.head.content_hash[:40]}')
    assert "public" in response["Cache-Control"]
    again = client.get(
        reverse("revision_preview_svg", args=[design.head_id]), HTTP_IF_NONE_MATCH=response["ETag"]
    )
    assert again.status_code == 304
    png = client.get(reverse("revision_preview_png", args=[design.head_id]) + "?size=200")
    assert png.status_code == 200 and png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert client.get(reverse("revision_preview_png", args=[design.head_id]) + "?size=x").status_code == 200


def test_a_drafts_preview_is_private_to_caches(client_for, user):
    design = make_design(owner=user, publish=False)
    response = client_for(user).get(reverse("revision_preview_svg", args=[design.head_id]))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private")


# ---------------------------------------------------------------------------------------------- gallery


def test_the_gallery_filters_by_kind_technology_licence_and_metric_range(client, user):
    # given
    cheap = make_design(owner=user, counters=[("plum", 2)], title="Cheap plums")  # 0.40
    dear = make_design(owner=user, counters=[("pear", 10)], title="Dear pears", licence=Licence.BY)  # 7.00
    gallery = reverse("design_gallery")
    # when / then
    html = client.get(gallery).content.decode()
    assert "Cheap plums" in html and "Dear pears" in html
    html = client.get(gallery, {"metric": "price", "min": "1"}).content.decode()
    assert "Dear pears" in html and "Cheap plums" not in html
    html = client.get(gallery, {"metric": "price", "max": "1"}).content.decode()
    assert "Cheap plums" in html and "Dear pears" not in html
    html = client.get(gallery, {"licence": Licence.BY}).content.decode()
    assert "Dear pears" in html and "Cheap plums" not in html
    html = client.get(gallery, {"technology": cheap.technology.slug}).content.decode()
    assert "Cheap plums" in html and "Dear pears" not in html
    html = client.get(gallery, {"kind": "tally"}).content.decode()
    assert "Cheap plums" in html and "Dear pears" in html
    assert dear.title in html


def test_the_gallery_sorts_by_each_metric_both_ways(client, user):
    make_design(owner=user, counters=[("plum", 2)], title="Cheap plums")
    make_design(owner=user, counters=[("pear", 10)], title="Dear pears")
    gallery = reverse("design_gallery")
    up = client.get(gallery, {"sort": "price:asc"}).content.decode()
    assert up.index("Cheap plums") < up.index("Dear pears")
    down = client.get(gallery, {"sort": "price:desc"}).content.decode()
    assert down.index("Dear pears") < down.index("Cheap plums")
    # a range on one metric and a sort on another
    both = client.get(gallery, {"sort": "total:desc", "metric": "price", "max": "1"}).content.decode()
    assert "Cheap plums" in both and "Dear pears" not in both


def test_the_gallery_shows_no_draft_and_survives_bad_filters(client, user):
    make_design(owner=user, publish=False, title="Secret draft")
    gallery = reverse("design_gallery")
    assert "Secret draft" not in client.get(gallery).content.decode()
    for query in (
        {"sort": "nope"},
        {"sort": "price:sideways"},
        {"metric": "x" * 300, "min": "abc"},
        {"min": "NaN"},
        {"max": "1e400"},
        {"page": "-4"},
        {"page": "x"},
        {"kind": "<script>"},
        {"licence": "GPL"},
    ):
        assert client.get(gallery, query).status_code == 200, query
    assert client.get(gallery, {"technology": "\x00"}).status_code == 400  # the NUL middleware's answer


def test_the_gallery_answers_htmx_with_its_results_only(client, design):
    response = client.get(reverse("design_gallery"), HTTP_HX_REQUEST="true", HTTP_HX_TARGET="design-results")
    assert response.status_code == 200
    assert b"<html" not in response.content
    assert design.title.encode() in response.content


# ---------------------------------------------------------------------------------------------- history and diffs


def test_the_history_lists_every_revision_and_compares_two(client, user, design):
    # given
    save(design, user, ("apple", 5), ("pear", 2), message="More apples")
    save(design, user, ("apple", 5), message="No pears")
    # when
    html = client.get(url("design_history", design)).content.decode()
    # then
    assert "More apples" in html and "No pears" in html and "Revision 3" in html
    diff = client.get(url("design_compare", design), {"from": 1, "to": 3}).content.decode()
    assert "apple: 3 → 5" in diff
    assert "Removed pear" in diff


def test_an_old_revision_shows_its_own_bom_and_downloads(client, user, design):
    save(design, user, ("apple", 5), message="More apples")
    html = client.get(url("revision_detail", design, 1)).content.decode()
    assert "an earlier revision" in html
    assert "Pear" in html  # revision 1 still had pears
    assert reverse("api:revision_bom", args=[design.pk, 1]) in html


def test_comparing_bad_revisions_says_so(client, design):
    for query in ({}, {"from": "x", "to": 1}, {"from": 1, "to": 50}, {"from": 0, "to": -1}):
        response = client.get(url("design_compare", design), query)
        assert response.status_code == 400, query
        assert b'role="alert"' in response.content


# ---------------------------------------------------------------------------------------------- editing


def test_the_team_saves_a_revision_with_the_json_editor(client_for, user, design):
    page = client_for(user).get(url("design_edit", design))
    assert page.status_code == 200
    assert b'name="content"' in page.content
    response = client_for(user).post(
        url("design_edit", design),
        {"content": json.dumps(tally(("apple", 9))), "parent": 1, "message": "Nine apples"},
    )
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.revision_count == 2
    assert design.head.message == "Nine apples"


def test_a_stale_save_is_a_conflict_that_keeps_the_content(client_for, user, design):
    # given: someone saved revision 2 meanwhile
    save(design, user, ("apple", 4), message="Meanwhile")
    mine = json.dumps(tally(("apple", 100)))
    # when
    response = client_for(user).post(
        url("design_edit", design), {"content": mine, "parent": 1, "message": "Mine"}
    )
    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert "saved revision 2 since you started from revision 1" in html
    assert url("revision_detail", design, 2) in html
    assert "&quot;count&quot;: 100" in html  # the member's content is still in the editor
    assert Revision.objects.filter(design=design).count() == 2


def test_the_json_editor_refuses_bad_json_and_bad_content(client_for, user, design):
    client = client_for(user)
    for content, expected in (
        ("{not json", "not valid JSON"),
        ("[1, 2]", "JSON object"),
        ('{"counters": [{"id": "c1", "name": "apple", "count": -1}]}', "does not fit its schema"),
        ('{"counters": NaN}', "not valid JSON"),
        ("", "required"),
    ):
        response = client.post(url("design_edit", design), {"content": content, "parent": 1, "message": "x"})
        assert response.status_code == 400, content
        assert expected in response.content.decode(), content
    response = client.post(url("design_edit", design), {"content": "{}", "parent": "abc"})
    assert response.status_code == 400
    assert Revision.objects.filter(design=design).count() == 1


def test_outsiders_cannot_edit(client, client_for, other_user, design):
    assert client.get(url("design_edit", design)).status_code == 302  # to log in
    member = client_for(other_user)
    assert member.get(url("design_edit", design)).status_code == 302  # to "suggest a change"
    response = member.post(url("design_edit", design), {"content": "{}", "parent": 1})
    assert response.status_code == 403
    assert Revision.objects.filter(design=design).count() == 1


def test_the_edit_page_gives_the_editor_its_urls(client_for, user, design):
    response = client_for(user).get(url("design_edit", design))
    urls = response.context["urls"]
    assert urls["check"] == f"/api/designs/{design.pk}/check"
    assert urls["save"] == f"/api/designs/{design.pk}/revisions"
    assert urls["suggest"] == f"/api/designs/{design.pk}/suggestions"
    assert urls["design"] == design.get_absolute_url()
    context = response.context
    assert context["revision"].pk == design.head_id
    assert context["content"] == design.head.content
    assert context["kit"] == TALLY_KIT | {"items": context["kit"]["items"]}
    assert context["kind"].name == "tally" and context["mode"] == "save"


# ---------------------------------------------------------------------------------------------- suggestions


def suggest(design, actor, *pairs, message="Add plums"):
    design.refresh_from_db()
    return services.suggestion_propose(
        actor=actor, design=design, content=tally(*pairs), parent=design.revision_count, message=message
    )


def test_a_member_suggests_a_change_and_the_team_merges_it(client_for, user, other_user, design):
    # when: a member outside the team suggests through the JSON editor
    response = client_for(other_user).post(
        url("design_suggest", design),
        {
            "content": json.dumps(tally(("apple", 3), ("pear", 2), ("plum", 1))),
            "parent": 1,
            "message": "Add a plum",
        },
    )
    assert response.status_code == 302
    suggestion = Suggestion.objects.get(design=design)
    # then: the team sees it and merges it
    listing = client_for(user).get(url("design_suggestions", design)).content.decode()
    assert "Add a plum" in listing
    detail = client_for(user).get(url("suggestion_detail", design, suggestion.pk)).content.decode()
    assert "Added plum: 1" in detail
    response = client_for(user).post(url("suggestion_merge", design, suggestion.pk))
    assert response.status_code == 302
    design.refresh_from_db()
    assert design.revision_count == 2 and design.head.author == other_user
    # and the member sees the outcome
    mine = client_for(other_user).get(url("suggestion_detail", design, suggestion.pk)).content.decode()
    assert "merged" in mine and "as revision 2" in mine


def test_merging_after_the_head_moved_is_a_conflict(client_for, user, other_user, design):
    suggestion = suggest(design, other_user, ("plum", 1))
    save(design, user, ("apple", 7))
    page = client_for(user).get(url("suggestion_detail", design, suggestion.pk)).content.decode()
    assert "The design moved on" in page
    response = client_for(user).post(url("suggestion_merge", design, suggestion.pk), follow=True)
    assert "The design moved on since this suggestion was made" in response.content.decode()
    suggestion.refresh_from_db()
    assert suggestion.state == "open"


def test_the_team_declines_with_a_reason_the_author_reads(client_for, user, other_user, design):
    suggestion = suggest(design, other_user, ("plum", 1))
    # a reason is required
    response = client_for(user).post(url("suggestion_decline", design, suggestion.pk), {"reason": " "})
    assert response.status_code == 400
    suggestion.refresh_from_db()
    assert suggestion.state == "open"
    response = client_for(user).post(url("suggestion_decline", design, suggestion.pk), {"reason": "Too sour"})
    assert response.status_code == 302
    html = client_for(other_user).get(design.get_absolute_url()).content.decode()
    assert "Your suggestions" in html and "Too sour" in html


def test_only_the_team_merges_or_declines(client_for, other_user, design):
    suggestion = suggest(design, other_user, ("plum", 1))
    stranger = client_for(UserFactory())
    assert stranger.post(url("suggestion_merge", design, suggestion.pk), follow=True).status_code == 200
    stranger.post(url("suggestion_decline", design, suggestion.pk), {"reason": "No"})
    suggestion.refresh_from_db()
    assert suggestion.state == "open"


def test_a_suggestion_of_another_design_is_not_found_here(client, user, other_user, design):
    other = make_design(owner=user, title="Other")
    suggestion = suggest(other, other_user, ("plum", 1))
    assert client.get(url("suggestion_detail", design, suggestion.pk)).status_code == 404


# ---------------------------------------------------------------------------------------------- forks and lineage


def test_a_member_forks_into_their_project_and_sees_the_lineage(client_for, user, other_user, design):
    # given: the member's own project on a technology with a tally kit, under the same licence (SA)
    mine = make_project(owner=other_user, technology=design.technology, licence=Licence.BY_SA, publish=True)
    member = client_for(other_user)
    page = member.get(design.get_absolute_url()).content.decode()
    assert mine.title in page
    # when
    response = member.post(url("design_fork", design), {"project": mine.slug, "title": "My basket"})
    # then
    fork = Design.objects.get(project=mine)
    assert response.status_code == 302 and response["Location"] == fork.get_absolute_url()
    lineage = member.get(url("design_lineage", fork)).content.decode()
    assert design.title in lineage and "My basket" in lineage and "this design" in lineage
    source_lineage = member.get(url("design_lineage", design)).content.decode()
    assert "My basket" in source_lineage and "forked at revision 1" in source_lineage


def test_a_fork_refused_by_the_licence_says_why_and_stores_nothing(client_for, user, other_user):
    design = make_design(owner=user, licence=Licence.BY_SA)
    mine = make_project(owner=other_user, technology=design.technology, licence=Licence.BY, publish=True)
    member = client_for(other_user)
    # the refusal shows beside the project before trying
    assert "share-alike" in member.get(design.get_absolute_url()).content.decode()
    response = member.post(url("design_fork", design), {"project": mine.slug})
    assert response.status_code == 400
    assert "share-alike" in response.content.decode()
    assert not Design.objects.filter(project=mine).exists()


def test_a_fork_into_someone_elses_project_is_refused(client_for, user, other_user, design):
    theirs = make_project(owner=UserFactory(), technology=design.technology, publish=True)
    response = client_for(other_user).post(url("design_fork", design), {"project": theirs.slug})
    assert response.status_code == 400
    assert not Design.objects.filter(project=theirs).exists()


# ---------------------------------------------------------------------------------------------- anchored comments


def test_a_comment_on_a_bom_line_shows_beside_it(client_for, user, other_user, design):
    member = client_for(other_user)
    response = member.post(url("design_comment", design), {"element": "item:pear", "body": "Pears bruise"})
    assert response.status_code == 302
    html = member.get(design.get_absolute_url()).content.decode()
    row = html[html.index("Pear</th>") if "Pear</th>" in html else html.index("Pear") :]
    assert "Pears bruise" in row.split("</tr>")[0]


def test_a_comment_on_an_element_follows_it_and_says_when_it_was_removed(
    client_for, user, other_user, design
):
    member = client_for(other_user)
    member.post(url("design_comment", design), {"element": "c2", "body": "Why pears?"})
    html = member.get(design.get_absolute_url()).content.decode()
    assert "On pear (c2)" in html and "Why pears?" in html
    # when the element goes away in a later revision
    save(design, user, ("apple", 3), message="No pears")
    html = member.get(design.get_absolute_url()).content.decode()
    assert "On elements removed since" in html and "Why pears?" in html
    # and the old revision still shows it beside the element
    html = member.get(url("revision_detail", design, 1)).content.decode()
    assert "On pear (c2)" in html


def test_a_comment_on_an_unknown_element_or_empty_is_refused(client_for, other_user, design):
    member = client_for(other_user)
    response = member.post(url("design_comment", design), {"element": "nope", "body": "Hi"})
    assert response.status_code == 400
    assert "This element is not in the revision." in response.content.decode()
    response = member.post(url("design_comment", design), {"element": "c1", "body": ""})
    assert response.status_code == 400
    assert not CommentAnchor.objects.exists() and not Comment.objects.exists()


def test_visitors_cannot_comment(client, design):
    response = client.post(url("design_comment", design), {"element": "c1", "body": "Hi"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Comment.objects.exists()


# ---------------------------------------------------------------------------------------------- new designs


def test_the_project_page_lists_designs_and_offers_the_team_new_and_import(client, client_for, user, design):
    project = design.project
    visitor = client.get(project.get_absolute_url()).content.decode()
    assert design.title in visitor and reverse("design_create", args=[project.slug]) not in visitor
    team = client_for(user).get(project.get_absolute_url()).content.decode()
    assert reverse("design_create", args=[project.slug]) in team
    assert 'type="file"' in team


def test_the_team_creates_an_empty_design_and_imports_one(client_for, user, design):
    project = design.project
    team = client_for(user)
    response = team.post(reverse("design_create", args=[project.slug]), {"title": "Empty one"})
    assert response.status_code == 302
    assert Design.objects.get(project=project, title="Empty one").head.content == {"counters": []}
    upload = SimpleUploadedFile("basket.tally", b"apple 4\npear 1\n", content_type="text/plain")
    response = team.post(reverse("design_create", args=[project.slug]), {"title": "Imported", "file": upload})
    assert response.status_code == 302
    imported = Design.objects.get(project=project, title="Imported")
    assert [c["count"] for c in imported.head.content["counters"]] == [4, 1]


def test_a_refused_import_names_the_line_and_stores_nothing(client_for, user, design):
    project = design.project
    before = Design.objects.count()
    upload = SimpleUploadedFile("bad.tally", b"apple 4\nthis is wrong\n", content_type="text/plain")
    response = client_for(user).post(
        reverse("design_create", args=[project.slug]), {"title": "Bad", "file": upload, "format": "tally"}
    )
    assert response.status_code == 400
    assert "Line 2" in response.content.decode()
    response = client_for(user).post(reverse("design_create", args=[project.slug]), {"title": ""})
    assert response.status_code == 400
    assert Design.objects.count() == before


def test_only_the_team_creates_designs(client, client_for, other_user, design):
    page = reverse("design_create", args=[design.project.slug])
    assert client_for(other_user).get(page).status_code == 403
    assert client_for(other_user).post(page, {"title": "Mine"}).status_code == 403
    assert client.get(page).status_code == 302
    assert Design.objects.count() == 1


def test_a_technology_without_kit_says_so(client_for, user):
    project = make_project(owner=user, publish=True)
    page = client_for(user).get(reverse("design_create", args=[project.slug]))
    assert page.status_code == 200 and b"no design kit yet" in page.content
    assert (
        client_for(user).post(reverse("design_create", args=[project.slug]), {"title": "X"}).status_code
        == 400
    )


# ---------------------------------------------------------------------------------------------- kits


def test_anyone_reads_a_kit_as_tables_with_its_history(client, design):
    technology = design.technology
    html = client.get(reverse("kit_detail", args=[technology.slug])).content.decode()
    assert "apple" in html and "0.50" in html and "<table" in html
    assert reverse("kit_version", args=[technology.slug, 1]) in html
    technology_page = client.get(technology.get_absolute_url()).content.decode()
    assert reverse("kit_detail", args=[technology.slug]) in technology_page
    assert reverse("kit_edit", args=[technology.slug]) not in technology_page


def test_an_owner_edits_the_kit_and_errors_store_nothing(client_for, user):
    technology = TechnologyFactory()
    make_kit(technology)
    owner = client_for(technology.organization.created_by)
    assert (
        reverse("kit_edit", args=[technology.slug])
        in owner.get(technology.get_absolute_url()).content.decode()
    )
    page = reverse("kit_edit", args=[technology.slug])
    bad = {"kind": "tally", "content": json.dumps({"items": [{"name": "apple", "price": "-1"}]})}
    response = owner.post(page, bad)
    assert response.status_code == 400
    assert "content.items.0.price" in response.content.decode()
    assert owner.post(page, {"kind": "tally", "content": "{oops"}).status_code == 400
    assert owner.post(page, {"kind": "nope", "content": "{}"}).status_code == 400
    assert DesignKit.objects.filter(technology=technology).count() == 1
    kit = dict(TALLY_KIT, max_total=50)
    response = owner.post(page, {"kind": "tally", "content": json.dumps(kit)})
    assert response.status_code == 302
    assert DesignKit.objects.filter(technology=technology).count() == 2
    assert client_for(user).get(page).status_code == 403
    assert client_for(user).post(page, {"kind": "tally", "content": json.dumps(TALLY_KIT)}).status_code == 403


# ---------------------------------------------------------------------------------------------- share metadata


def test_a_design_page_is_shared_with_its_png_thumbnail(client, settings, design):
    settings.SITE_URL = "https://boucle.example"
    html = client.get(design.get_absolute_url()).content.decode()
    image = f"https://boucle.example{reverse('revision_preview_png', args=[design.head_id])}?size=800"
    assert f'<meta property="og:image" content="{image}">' in html
    assert f'<meta property="og:title" content="{design.title}">' in html
    assert f'<link rel="canonical" href="https://boucle.example{design.get_absolute_url()}">' in html
    assert client.get(image.removeprefix("https://boucle.example")).status_code == 200


# ---------------------------------------------------------------------------------------------- the brick kind


@pytest.fixture
def brick_project(user):
    from boucle.studio.registry import get_kind

    technology = TechnologyFactory()
    services.kit_save(
        actor=technology.organization.created_by,
        technology=technology,
        kind="bricks",
        content=get_kind("bricks").demo_kit(),
    )
    return make_project(owner=user, technology=technology, publish=True)


LDR = b"""0 A wall
1 4 20 -24 40 1 0 0 0 1 0 0 0 1 3001.dat
1 4 20 -48 40 1 0 0 0 1 0 0 0 1 3001.dat
"""


def test_a_brick_model_is_imported_from_ldraw_and_exported_back(client_for, client, user, brick_project):
    # when
    upload = SimpleUploadedFile("wall.ldr", LDR, content_type="application/octet-stream")
    response = client_for(user).post(
        reverse("design_create", args=[brick_project.slug]),
        {"title": "Wall", "file": upload, "format": "ldraw"},
    )
    # then
    assert response.status_code == 302
    design = Design.objects.get(project=brick_project)
    html = client.get(design.get_absolute_url()).content.decode()
    assert "Brick 2 × 4" in html
    export = reverse("api:revision_export", args=[design.pk, 1]) + "?format=ldraw"
    assert export in html
    assert b"3001.dat" in client.get(export).content
    assert (
        client.get(reverse("revision_preview_svg", args=[design.head_id]))["Content-Type"] == "image/svg+xml"
    )


def test_a_malformed_ldraw_file_is_refused_naming_its_line(client_for, user, brick_project):
    bad = LDR + b"1 4 20 nan 40 1 0 0 0 1 0 0 0 1 3001.dat\n"
    upload = SimpleUploadedFile("bad.ldr", bad, content_type="application/octet-stream")
    response = client_for(user).post(
        reverse("design_create", args=[brick_project.slug]), {"title": "Bad", "file": upload}
    )
    assert response.status_code == 400
    assert "Line 4: “nan” is not a finite number." in response.content.decode()
    assert not Design.objects.filter(project=brick_project).exists()


def test_a_brick_model_page_lists_its_bricks_to_comment_on(client_for, user, other_user, brick_project):
    from boucle.studio.registry import get_kind

    title, content = get_kind("bricks").demo_designs()[0]
    design = services.design_create(actor=user, project=brick_project, title=title, content=content)
    brick = content["parts"][0]["id"]
    member = client_for(other_user)
    html = member.get(design.get_absolute_url()).content.decode()
    assert f'<option value="{brick}"' in html
    assert (
        member.post(url("design_comment", design), {"element": brick, "body": "Nice brick"}).status_code
        == 302
    )
    html = member.get(design.get_absolute_url()).content.decode()
    assert "Nice brick" in html and f"<code>{brick}</code>" in html


def test_the_brick_edit_page_includes_the_kinds_editor_or_the_json_editor(client_for, user, brick_project):
    from boucle.studio.registry import get_kind

    title, content = get_kind("bricks").demo_designs()[0]
    design = services.design_create(actor=user, project=brick_project, title=title, content=content)
    response = client_for(user).get(url("design_edit", design))
    assert response.status_code == 200
    if response.context["editor_template"]:  # the brick editor's template is installed
        assert response.context["editor_template"] == get_kind("bricks").editor_template
        assert b"<noscript>" in response.content  # the JSON editor stays there without JavaScript
    else:
        assert b'class="json-editor"' in response.content
