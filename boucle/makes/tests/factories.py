"""Makes built through the services, as a member would post them.

make = post_make(author=bob, project=castle)                       # a note, rated 4
make = post_make(author=bob, project=castle, photos=[png_upload()]) # with a photo
"""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from boucle.accounts.tests.factories import UserFactory
from boucle.makes.services import make_create
from boucle.projects.tests.factories import make_project


def png_upload(name="make.png", size=(120, 90), colour=(30, 120, 200)) -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", size, colour).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def public_project(**fields):
    """A published project of a new technology (its organization's creator is the owner)."""
    fields.setdefault("publish", True)
    return make_project(**fields)


def post_make(*, author=None, project=None, rating=4, note="Built it over a weekend.", photos=(), **kwargs):
    return make_create(
        author=author or UserFactory(),
        project=project or public_project(),
        rating=rating,
        note=note,
        photos=list(photos),
        **kwargs,
    )
