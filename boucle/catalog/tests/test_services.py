import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog import services
from boucle.catalog.models import Technology, TechnologyImage, TechnologyVersion
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def png(name="tech.png"):
    buf = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def test_owner_creates_a_draft_technology(user):
    org = OrganizationFactory(owner=user)
    technology = services.technology_create(actor=user, organization=org, name="Brick System", summary="Bricks")
    assert (technology.slug, technology.status, technology.organization) == ("brick-system", "draft", org)


def test_non_owner_cannot_create_technologies(user, other_user):
    org = OrganizationFactory(owner=user)
    Membership.objects.create(organization=org, user=other_user, role=Role.PRODUCER)
    with pytest.raises(NotAllowed):
        services.technology_create(actor=other_user, organization=org, name="Nope")
    assert Technology.objects.count() == 0


def test_staff_can_create_technologies(user):
    org = OrganizationFactory(owner=user)
    technology = services.technology_create(actor=UserFactory(is_staff=True), organization=org, name="By staff")
    assert technology.pk


def test_bad_ladder_refused_and_nothing_changes(user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user), name="Kept")
    with pytest.raises(InvalidInput):
        services.technology_update(actor=user, technology=technology, name="Lost", support_ladder_text="1/1, 1/1")
    technology.refresh_from_db()
    assert technology.name == "Kept" and technology.support_ladder is None


def test_status_changes_and_bad_status_refused(user, other_user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    services.technology_status_set(actor=user, technology=technology, status="deprecated")
    with pytest.raises(InvalidInput):
        services.technology_status_set(actor=user, technology=technology, status="exploded")
    with pytest.raises(NotAllowed):
        services.technology_status_set(actor=other_user, technology=technology, status="retired")
    technology.refresh_from_db()
    assert technology.status == "deprecated"


def test_version_is_unique_per_technology(user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    services.technology_version_add(actor=user, technology=technology, version="1.0", changelog="First")
    with pytest.raises(Conflict):
        services.technology_version_add(actor=user, technology=technology, version="1.0", changelog="Again")
    other = TechnologyFactory(organization=technology.organization)
    services.technology_version_add(actor=user, technology=other, version="1.0")
    assert TechnologyVersion.objects.filter(technology=technology).count() == 1


def test_version_needs_a_version_string(user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    with pytest.raises(InvalidInput):
        services.technology_version_add(actor=user, technology=technology, version="  ")
    assert not technology.versions.exists()


def test_images_are_checked_and_stored(user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    image = services.technology_image_add(actor=user, technology=technology, image=png(), caption="Red")
    assert image.image.startswith("technologies/") and image.image.endswith(".png")
    fake = SimpleUploadedFile("evil.png", b"<script>not an image</script>", content_type="image/png")
    with pytest.raises(InvalidInput):
        services.technology_image_add(actor=user, technology=technology, image=fake)
    assert TechnologyImage.objects.count() == 1


def test_non_owner_cannot_upload(user, other_user):
    technology = TechnologyFactory(organization=OrganizationFactory(owner=user))
    with pytest.raises(NotAllowed):
        services.technology_image_add(actor=other_user, technology=technology, image=png())
    assert TechnologyImage.objects.count() == 0
