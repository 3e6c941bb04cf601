"""Photo captions: the author writes one under each photo of their make (page and API); it is shown under the
photo and read as its description; bad captions are refused and nothing changes."""

import pytest
from django.urls import reverse

from boucle.core.errors import InvalidInput
from boucle.makes import services
from boucle.makes.models import MakePhoto
from boucle.makes.tests.factories import png_upload, post_make

pytestmark = pytest.mark.django_db


@pytest.fixture
def make(other_user):
    return post_make(author=other_user, photos=[png_upload("a.png"), png_upload("b.png", colour=(200, 30, 30))])


def _captions(make):
    return list(make.photos.order_by("position", "id").values_list("caption", flat=True))


def test_the_author_captions_one_photo_and_clears_it_again(make, other_user):
    first, _second = make.photos.all()

    services.make_update(actor=other_user, make=make, captions={first.pk: "  The   finished   tower  "})
    assert _captions(make) == ["The finished tower", ""]

    services.make_update(actor=other_user, make=make, captions={first.pk: ""})
    assert _captions(make) == ["", ""]


@pytest.mark.parametrize(
    "captions",
    [
        {"first": "x" * 201},  # too long
        {"other": "Not mine"},  # a photo of another make
        {"999999999": "Unknown"},
        {"first": "ok", "second": "y" * 500},  # one good, one bad: neither is stored
    ],
)
def test_bad_captions_are_refused_and_nothing_changes(make, other_user, captions):
    first, second = make.photos.all()
    other = post_make(photos=[png_upload()]).photos.get()
    ids = {"first": first.pk, "second": second.pk, "other": other.pk}
    before = (_captions(make), make.rating)

    with pytest.raises(InvalidInput) as error:
        services.make_update(
            actor=other_user, make=make, rating=1, captions={ids.get(k, k): v for k, v in captions.items()}
        )

    assert error.value.field == "captions"
    make.refresh_from_db()
    assert (_captions(make), make.rating) == before
    assert other.caption == MakePhoto.objects.get(pk=other.pk).caption == ""


def test_the_edit_page_has_a_caption_under_each_photo_and_the_make_page_shows_it(make, other_user, client_for):
    client = client_for(other_user)
    first, second = make.photos.all()

    page = client.get(reverse("make_edit", args=[make.pk])).content.decode()
    response = client.post(
        reverse("make_edit", args=[make.pk]),
        {"rating": "5", "note": make.note, f"caption_{first.pk}": "Side view", f"caption_{second.pk}": ""},
    )
    shown = client.get(make.get_absolute_url()).content.decode()

    assert f'name="caption_{first.pk}"' in page and "Caption of photo 2" in page
    assert response.status_code == 302
    assert _captions(make) == ["Side view", ""]
    assert 'alt="Side view"' in shown and "<figcaption>Side view</figcaption>" in shown


def test_a_caption_is_text_not_markup(make, other_user, client_for):
    first = make.photos.first()
    services.make_update(actor=other_user, make=make, captions={first.pk: '<img src=x onerror="alert(1)">'})

    shown = client_for(other_user).get(make.get_absolute_url()).content.decode()

    assert "<img src=x" not in shown and "&lt;img src=x" in shown


def test_captions_through_the_api(make, other_user, client_for):
    first = make.photos.first()
    client = client_for(other_user)

    ok = client.patch(f"/api/makes/{make.pk}", {"captions": {str(first.pk): "Top"}}, content_type="application/json")
    bad = client.patch(f"/api/makes/{make.pk}", {"captions": {"999999": "Nope"}}, content_type="application/json")

    assert ok.status_code == 200 and ok.json()["photos"][0]["caption"] == "Top"
    assert bad.status_code == 400 and "no such photo" in bad.json()["detail"]
