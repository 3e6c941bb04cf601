"""Uploaded images: checked by Pillow (real type, size, decompression bombs), stored under generated names,
with resized thumbnails beside the original."""

import io
import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from boucle.core.errors import InvalidInput

ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
THUMBNAIL_SIZES = {"small": (320, 240), "large": (1280, 960)}


def image_check(upload) -> tuple[Image.Image, str]:
    """Open an upload as an image or raise InvalidInput; return (image, extension)."""
    if upload.size > settings.BOUCLE_IMAGE_MAX_BYTES:
        raise InvalidInput(
            _("This image is too large (%(size)d MB at most).")
            % {"size": settings.BOUCLE_IMAGE_MAX_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    upload.seek(0)
    Image.MAX_IMAGE_PIXELS = settings.BOUCLE_IMAGE_MAX_PIXELS
    try:
        with Image.open(io.BytesIO(data)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(data))
        if image.width * image.height > settings.BOUCLE_IMAGE_MAX_PIXELS:
            raise Image.DecompressionBombError("too many pixels")
        image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InvalidInput(_("This image has too many pixels.")) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise InvalidInput(_("This file is not an image Boucle accepts (JPEG, PNG, GIF or WebP).")) from None
    if image.format not in ALLOWED_FORMATS:
        raise InvalidInput(_("This file is not an image Boucle accepts (JPEG, PNG, GIF or WebP)."))
    return image, ALLOWED_FORMATS[image.format]


def image_store(upload, *, folder: str, thumbnails: bool = True) -> str:
    """Check and store an uploaded image under a generated name; return its storage path.

    Thumbnails are written beside it as ``<name>.<size>.jpg`` (see ``thumbnail_path``).
    """
    image, ext = image_check(upload)
    name = f"{folder}/{uuid.uuid4().hex}.{ext}"
    upload.seek(0)
    path = default_storage.save(name, ContentFile(upload.read()))
    if thumbnails:
        for size_name, size in THUMBNAIL_SIZES.items():
            thumb = ImageOps.exif_transpose(image).convert("RGB")
            thumb.thumbnail(size)
            buf = io.BytesIO()
            thumb.save(buf, "JPEG", quality=85)
            default_storage.save(thumbnail_path(path, size_name), ContentFile(buf.getvalue()))
    return path


def thumbnail_path(path: str, size: str) -> str:
    p = PurePosixPath(path)
    return str(p.with_name(f"{p.stem}.{size}.jpg"))


def thumbnail_url(path: str, size: str = "small") -> str:
    if not path:
        return ""
    return default_storage.url(thumbnail_path(path, size))
