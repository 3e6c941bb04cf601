import pytest
from django.urls import reverse

from boucle.accounts.tests.factories import UserFactory
from boucle.core.testing import active_content
from boucle.ledger.models import Contribution, ContributionKind
from boucle.makes.models import Make
from boucle.makes.services import make_hide
from boucle.makes.tests.factories import png_upload, post_make, public_project

pytestmark = pytest.mark.django_db


def test_the_project_page_shows_its_makes_with_the_average_and_a_button(client, user, other_user):
    # given
    project = public_project(owner=user)
    post_make(author=other_user, project=project, rating=5, photos=[png_upload()])
    post_make(project=project, rating=4)

    # when
    html = client.get(project.get_absolute_url()).content.decode()

    # then
    assert 'id="makes"' in html
    assert "2 makes, rated 4.5 / 5 on average" in html
    assert "Rated 5 out of 5" in html
    assert reverse("make_create", args=[project.slug]) in html


def test_a_member_posts_a_make_from_the_form_and_lands_on_its_page(client_for, user, other_user):
    # given
    project = public_project(owner=user)
    client = client_for(other_user)

    # when
    response = client.post(
        reverse("make_create", args=[project.slug]),
        {"rating": "5", "note": "Built with my daughter", "photos": [png_upload(), png_upload("b.png")]},
    )

    # then
    make = Make.objects.get()
    assert response.status_code == 302 and response["Location"] == make.get_absolute_url()
    assert make.photos.count() == 2
    page = client.get(make.get_absolute_url()).content.decode()
    assert "Built with my daughter" in page and "Rated 5 out of 5" in page
    assert Contribution.objects.filter(kind=ContributionKind.MAKE, actor=other_user, project=project).exists()


@pytest.mark.parametrize(
    "data, message",
    [
        ({"rating": "6", "note": "x"}, "Give a rating from 1 to 5."),
        ({"rating": "0", "note": "x"}, "Give a rating from 1 to 5."),
        ({"rating": "3", "note": ""}, "Add a photo or write a note"),
    ],
)
def test_bad_input_re_renders_the_form_with_the_message(client_for, other_user, data, message):
    project = public_project()
    response = client_for(other_user).post(reverse("make_create", args=[project.slug]), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Make.objects.exists()


def test_a_non_image_upload_is_refused_on_the_page(client_for, other_user):
    from django.core.files.uploadedfile import SimpleUploadedFile

    project = public_project()
    fake = SimpleUploadedFile("notes.png", b"just text", content_type="image/png")
    response = client_for(other_user).post(
        reverse("make_create", args=[project.slug]), {"rating": "4", "photos": [fake]}
    )
    assert response.status_code == 400
    assert "not an image Boucle accepts" in response.content.decode()
    assert not Make.objects.exists()


def test_visitors_are_sent_to_log_in(client):
    project = public_project()
    response = client.post(reverse("make_create", args=[project.slug]), {"rating": "4", "note": "x"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert not Make.objects.exists()


def test_the_author_edits_and_deletes_from_the_make_page(client_for, other_user, user):
    make = post_make(author=other_user)
    author = client_for(other_user)
    assert (
        author.post(
            reverse("make_edit", args=[make.pk]), {"rating": "2", "note": "Second thoughts"}
        ).status_code
        == 302
    )
    make.refresh_from_db()
    assert make.rating == 2
    # someone else gets no edit page and cannot delete
    stranger = client_for(user)
    assert stranger.get(reverse("make_edit", args=[make.pk])).status_code == 404
    stranger.post(reverse("make_delete", args=[make.pk]))
    assert Make.objects.filter(pk=make.pk).exists()
    response = author.post(reverse("make_delete", args=[make.pk]))
    assert response.status_code == 302 and not Make.objects.filter(pk=make.pk).exists()


def test_a_hidden_make_is_seen_only_by_its_author_and_moderators(client, client_for, other_user):
    make = post_make(author=other_user, note="A note")
    owner = make.project.technology.organization.created_by
    make_hide(moderator=owner, make=make)
    assert client.get(make.get_absolute_url()).status_code == 404
    assert client_for(UserFactory()).get(make.get_absolute_url()).status_code == 404
    assert client_for(other_user).get(make.get_absolute_url()).status_code == 200
    assert "Show again" in client_for(owner).get(make.get_absolute_url()).content.decode()
    assert f"make-{make.pk}" not in client.get(make.project.get_absolute_url()).content.decode()


def test_a_note_cannot_carry_active_content(client):
    make = post_make(note="<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>")
    assert not active_content(client.get(make.get_absolute_url()).content.decode())


def test_the_design_page_shows_the_makes_of_that_design(client):
    from boucle.studio.tests.factories import make_design

    design = make_design()
    post_make(project=design.project, revision=design.head, note="Made the basket")
    html = client.get(design.get_absolute_url()).content.decode()
    assert 'id="makes"' in html and "1 make, rated 4.0 / 5" in html


def test_the_organization_sees_the_usages_of_its_technologies(client):
    # given: two projects of the organization's technology, one made twice
    castle = public_project(title="Castle")
    technology = castle.technology
    bridge = public_project(title="Bridge", technology=technology)
    post_make(project=castle, rating=5)
    post_make(project=castle, rating=3)
    post_make(project=bridge, rating=2)
    organization = technology.organization

    # when
    org_page = client.get(organization.get_absolute_url()).content.decode()
    html = client.get(reverse("organization_usages", args=[organization.slug])).content.decode()

    # then
    assert reverse("organization_usages", args=[organization.slug]) in org_page
    assert "3 makes posted, rated 3.3 / 5 on average." in html
    assert html.index("Castle") < html.index("Bridge")  # the most-made project first
    assert "4.0 / 5" in html


def test_the_project_makes_list_page(client):
    project = public_project()
    for _ in range(3):
        post_make(project=project)
    html = client.get(reverse("project_make_list", args=[project.slug])).content.decode()
    assert html.count('class="make-card') == 3


def test_the_makes_section_costs_the_same_queries_for_one_make_or_six(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = public_project()
    post_make(project=project, photos=[png_upload()])
    client.get(project.get_absolute_url())  # warm the caches (content types...) first
    with CaptureQueriesContext(connection) as one:
        client.get(project.get_absolute_url())
    for _ in range(5):
        post_make(project=project, photos=[png_upload()])
    with CaptureQueriesContext(connection) as six:
        client.get(project.get_absolute_url())
    assert len(six) == len(one)
