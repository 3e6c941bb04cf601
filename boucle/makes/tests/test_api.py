import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.ledger.models import Contribution, ContributionKind
from boucle.makes.models import Make
from boucle.makes.tests.factories import png_upload, post_make, public_project

pytestmark = pytest.mark.django_db


def test_anyone_lists_a_projects_makes(client):
    project = public_project()
    make = post_make(project=project, rating=5, photos=[png_upload()])
    post_make()  # another project's

    body = client.get(f"/api/makes/?project={project.slug}").json()

    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == make.pk and item["rating"] == 5 and item["project"] == project.slug
    assert item["verified_buyer"] is False and len(item["photos"]) == 1
    assert item["photos"][0]["thumbnail"].endswith(".small.jpg")


def test_a_member_posts_a_make_with_photos_and_deletes_it(client_for, other_user):
    # given
    project = public_project()
    client = client_for(other_user)

    # when
    response = client.post(
        "/api/makes/",
        {
            "project": project.slug,
            "rating": "4",
            "note": "Nice",
            "photos": [png_upload(), png_upload("b.png")],
        },
    )

    # then
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["author"] == other_user.username and len(body["photos"]) == 2
    assert Contribution.objects.filter(kind=ContributionKind.MAKE, actor=other_user).count() == 1
    assert client.delete(f"/api/makes/{body['id']}").status_code == 204
    assert not Make.objects.exists()
    assert Contribution.objects.filter(kind=ContributionKind.MAKE, reverses__isnull=False).count() == 1


@pytest.mark.parametrize(
    "data, field",
    [
        ({"rating": "0", "note": "x"}, "rating"),
        ({"rating": "6", "note": "x"}, "rating"),
        ({"rating": "3", "note": ""}, "note"),
    ],
)
def test_bad_input_is_answered_with_the_field_and_nothing_is_written(client_for, other_user, data, field):
    project = public_project()
    response = client_for(other_user).post("/api/makes/", {"project": project.slug, **data})
    assert response.status_code == 400
    assert field in response.json()["errors"]
    assert not Make.objects.exists()


def test_a_foreign_revision_is_refused(client_for, other_user):
    from boucle.studio.tests.factories import make_design

    foreign = make_design().head
    project = public_project()
    response = client_for(other_user).post(
        "/api/makes/", {"project": project.slug, "rating": "4", "note": "x", "revision": str(foreign.pk)}
    )
    assert response.status_code == 400 and "revision" in response.json()["errors"]
    assert not Make.objects.exists()


def test_visitors_cannot_post_and_others_cannot_change_or_delete(client, client_for, other_user):
    project = public_project()
    assert (
        client.post("/api/makes/", {"project": project.slug, "rating": "4", "note": "x"}).status_code == 401
    )
    make = post_make(author=other_user, project=project)
    stranger = client_for(UserFactory())
    assert (
        stranger.patch(f"/api/makes/{make.pk}", {"rating": 1}, content_type="application/json").status_code
        == 403
    )
    assert stranger.delete(f"/api/makes/{make.pk}").status_code == 403
    make.refresh_from_db()
    assert make.rating == 4


def test_the_author_changes_the_rating(client_for, other_user):
    make = post_make(author=other_user)
    response = client_for(other_user).patch(
        f"/api/makes/{make.pk}", {"rating": 2, "note": "Meh"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["rating"] == 2


def test_the_organization_usages(client):
    project = public_project(title="Castle")
    post_make(project=project, rating=5)
    post_make(project=project, rating=4)
    body = client.get(f"/api/makes/usages/{project.technology.organization.slug}").json()
    assert body["makes"] == 2 and body["average_rating"] == 4.5
    assert body["top_projects"] == [
        {"project": project.slug, "title": "Castle", "makes": 2, "average_rating": 4.5}
    ]
    assert len(body["latest"]) == 2


def test_versions_are_published_and_listed_with_their_citations(client_for):
    # given
    project = public_project()
    make = post_make(project=project)
    technology = project.technology
    owner = client_for(technology.organization.created_by)

    # when
    response = owner.post(
        f"/api/technologies/{technology.slug}/versions",
        {"version": "2.0", "projects": [project.slug], "makes": [make.pk]},
        content_type="application/json",
    )

    # then
    assert response.status_code == 201, response.content
    assert response.json()["inspirations"] == [
        {"project": project.slug, "project_title": project.title, "make": make.pk}
    ]
    listed = owner.get(f"/api/technologies/{technology.slug}/versions").json()["items"][0]
    assert listed["version"] == "2.0" and listed["inspirations"][0]["make"] == make.pk
    unknown = owner.post(
        f"/api/technologies/{technology.slug}/versions",
        {"version": "3.0", "projects": ["no-such-project"]},
        content_type="application/json",
    )
    assert unknown.status_code == 400 and "projects" in unknown.json()["errors"]


@pytest.mark.parametrize("make_id", ["0", "99999999", str(2**63), str(2**70)])
def test_an_unknown_make_is_a_404(client, make_id):
    response = client.get(f"/api/makes/{make_id}")
    assert response.status_code in (404, 422) and "detail" in response.json()
