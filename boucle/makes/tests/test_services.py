import io

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from boucle.accounts.tests.factories import UserFactory
from boucle.activity.models import Event, Verb
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.makes import services
from boucle.makes.models import Make, MakePhoto
from boucle.makes.tests.factories import png_upload, post_make, public_project
from boucle.moderation.models import ModerationAction
from boucle.orgs.models import Role
from boucle.orgs.tests.factories import MembershipFactory
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def _make_rows(make):
    return Contribution.objects.filter(
        kind=ContributionKind.MAKE, object_type=ContentType.objects.get_for_model(Make), object_id=make.pk
    )


# --- posting ---------------------------------------------------------------------------------------------------


def test_a_member_posts_a_make_with_photos_which_counts_as_a_contribution(user, other_user):
    # given
    project = public_project(owner=user)

    # when
    make = services.make_create(
        author=other_user,
        project=project,
        rating=5,
        note="**Great** kit",
        photos=[png_upload(), png_upload("b.png")],
    )

    # then
    assert make.rating == 5 and make.project == project
    assert "<strong>Great</strong>" in make.note_html
    paths = [p.image for p in make.photos.all()]
    assert len(paths) == 2 and all(default_storage.exists(p) for p in paths)
    row = _make_rows(make).get()
    assert row.actor == other_user and row.project == project
    event = Event.objects.get(verb=Verb.MAKE_POSTED)
    assert event.project == project and event.data["make"]["rating"] == 5


def test_a_make_names_the_revision_built_and_its_design():
    from boucle.studio.tests.factories import make_design

    design = make_design()
    revision = design.head
    make = post_make(project=design.project, revision=revision)
    assert make.design == design and make.revision == revision


def test_a_revision_of_another_project_is_refused(user):
    from boucle.studio.tests.factories import make_design

    # given: a design of another project
    foreign = make_design().head
    project = public_project(owner=user)

    # when / then
    with pytest.raises(InvalidInput) as err:
        post_make(project=project, revision=foreign)
    assert err.value.field == "revision"
    assert not Make.objects.exists() and not Contribution.objects.filter(kind=ContributionKind.MAKE).exists()


@pytest.mark.parametrize("rating", [0, 6, -1, "five", None, ""])
def test_a_rating_outside_1_to_5_is_refused_and_nothing_is_written(rating):
    project = public_project()
    with pytest.raises(InvalidInput) as err:
        post_make(project=project, rating=rating)
    assert err.value.field == "rating"
    assert not Make.objects.exists()


def test_a_make_needs_a_photo_or_a_note():
    project = public_project()
    with pytest.raises(InvalidInput) as err:
        post_make(project=project, note="   ", photos=[])
    assert err.value.field == "note"
    assert not Make.objects.exists()


def test_a_file_that_is_not_an_image_is_refused_and_nothing_is_stored():
    project = public_project()
    fake = SimpleUploadedFile("photo.png", b"<script>alert(1)</script>", content_type="image/png")
    with pytest.raises(InvalidInput) as err:
        post_make(project=project, photos=[png_upload(), fake])
    assert err.value.field == "photos"
    assert "photo.png" in str(err.value.message)
    assert not Make.objects.exists() and not MakePhoto.objects.exists()


def test_a_decompression_bomb_is_refused(settings):
    # given: a small file that declares more pixels than Boucle accepts
    settings.BOUCLE_IMAGE_MAX_PIXELS = 10_000
    buf = io.BytesIO()
    Image.new("1", (2000, 2000)).save(buf, "PNG")  # compresses to a few hundred bytes
    bomb = SimpleUploadedFile("bomb.png", buf.getvalue(), content_type="image/png")

    # when / then
    with pytest.raises(InvalidInput) as err:
        post_make(project=public_project(), photos=[bomb])
    assert "too many pixels" in str(err.value.message)
    assert not Make.objects.exists()


def test_more_photos_than_allowed_are_refused():
    with pytest.raises(InvalidInput):
        post_make(photos=[png_upload(f"{i}.png") for i in range(services.MAX_PHOTOS + 1)])
    assert not Make.objects.exists()


def test_a_draft_project_takes_no_make(user, other_user):
    draft = make_project(owner=user)
    with pytest.raises(NotAllowed):
        post_make(author=other_user, project=draft)
    assert not Make.objects.exists()


def test_visitors_and_banned_members_cannot_post(other_user):
    from django.contrib.auth.models import AnonymousUser

    from boucle.moderation.services import member_ban_org

    project = public_project()
    organization = project.technology.organization
    with pytest.raises(NotAllowed):
        post_make(author=AnonymousUser(), project=project)
    member_ban_org(
        moderator=organization.created_by, member=other_user, organization=organization, reason="spam"
    )
    with pytest.raises(NotAllowed):
        post_make(author=other_user, project=project)
    assert not Make.objects.exists()


# --- editing and deleting --------------------------------------------------------------------------------------


def test_the_author_edits_the_rating_note_and_photos(other_user):
    make = post_make(author=other_user, photos=[png_upload()])
    first = make.photos.get()

    services.make_update(
        actor=other_user,
        make=make,
        rating=3,
        note="Changed the gate",
        add_photos=[png_upload("c.png")],
        remove_photo_ids=[first.pk],
    )

    make.refresh_from_db()
    assert make.rating == 3 and "Changed the gate" in make.note_html and make.edited_at is not None
    assert list(make.photos.exclude(pk=first.pk)) == list(make.photos.all()) and make.photos.count() == 1


def test_only_the_author_edits(user, other_user):
    make = post_make(author=other_user)
    with pytest.raises(NotAllowed):
        services.make_update(actor=user, make=make, rating=1)
    make.refresh_from_db()
    assert make.rating == 4


def test_an_edit_that_leaves_neither_photo_nor_note_is_refused(other_user):
    make = post_make(author=other_user, photos=[png_upload()], note="")
    with pytest.raises(InvalidInput):
        services.make_update(actor=other_user, make=make, remove_photo_ids=[make.photos.get().pk])
    assert make.photos.count() == 1


def test_deleting_a_make_reverses_its_contribution(other_user, django_capture_on_commit_callbacks):
    # given
    make = post_make(author=other_user, photos=[png_upload()])
    original = _make_rows(make).get()
    path = make.photos.get().image
    pk = make.pk

    # when
    with django_capture_on_commit_callbacks(execute=True):
        services.make_delete(actor=other_user, make=make)

    # then
    assert not Make.objects.filter(pk=pk).exists()
    reversal = Contribution.objects.get(reverses=original)
    assert reversal.actor == other_user and reversal.kind == ContributionKind.MAKE
    assert not default_storage.exists(path)


def test_someone_else_cannot_delete_a_make(user, other_user):
    make = post_make(author=other_user)
    with pytest.raises(NotAllowed):
        services.make_delete(actor=user, make=make)
    assert Make.objects.filter(pk=make.pk).exists()
    assert not Contribution.objects.filter(reverses__isnull=False).exists()


# --- moderation --------------------------------------------------------------------------------------------------


def test_a_moderator_hides_and_restores_a_make_with_a_log(other_user):
    # given
    make = post_make(author=other_user)
    organization = make.project.technology.organization
    moderator = UserFactory()
    MembershipFactory(organization=organization, user=moderator, role=Role.MODERATOR)

    # when
    services.make_hide(moderator=moderator, make=make, reason="off-topic photo")

    # then
    make.refresh_from_db()
    assert make.hidden_at is not None
    log = ModerationAction.objects.get()
    assert log.action == "hide" and log.moderator == moderator and log.reason == "off-topic photo"
    with pytest.raises(Conflict):
        services.make_hide(moderator=moderator, make=make)
    services.make_restore(moderator=moderator, make=make)
    make.refresh_from_db()
    assert make.hidden_at is None


def test_members_who_do_not_moderate_cannot_hide(user, other_user):
    make = post_make(author=other_user)
    for someone in (user, other_user):
        with pytest.raises(NotAllowed):
            services.make_hide(moderator=someone, make=make)
    make.refresh_from_db()
    assert make.hidden_at is None


@given(rating=st.one_of(st.integers(), st.text(max_size=8), st.none(), st.floats(allow_nan=True)))
def test_any_rating_is_taken_as_1_to_5_or_refused_with_a_message(rating):
    try:
        value = services._clean_rating(rating)
    except InvalidInput as e:
        assert e.field == "rating" and "from 1 to 5" in str(e.message)
    else:
        assert value in {1, 2, 3, 4, 5} and int(str(rating).strip()) == value
