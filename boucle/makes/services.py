"""Writes of the makes app: post, edit and delete a make, add and remove its photos, hide and restore it.

Every function checks the actor's rights itself and raises a ``boucle.core.errors`` exception with a message
for the person; nothing is written when it raises (photos are checked before anything is stored).
"""

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.core.errors import InvalidInput, NotAllowed
from boucle.core.images import THUMBNAIL_SIZES, image_check, image_store, thumbnail_path
from boucle.core.markdown import render_markdown
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record, contribution_reverse
from boucle.makes.models import RATING_MAX, RATING_MIN, Make, MakePhoto
from boucle.makes.selectors import make_can_delete, make_can_edit, make_can_moderate, project_accepts_makes

MAX_NOTE_LENGTH = 10000
MAX_PHOTOS = 6
MAX_CAPTION_LENGTH = 200
_UNSET = object()


def _require_member(actor):
    if actor is None or not getattr(actor, "is_authenticated", False):
        raise NotAllowed(_("Log in to post a make."))
    if not actor.is_active:
        raise NotAllowed(_("This account is disabled."))


def _clean_rating(rating) -> int:
    try:
        value = int(str(rating).strip())
    except (TypeError, ValueError):
        value = None
    if value is None or not RATING_MIN <= value <= RATING_MAX:
        raise InvalidInput(
            _("Give a rating from %(min)d to %(max)d.") % {"min": RATING_MIN, "max": RATING_MAX},
            field="rating",
        )
    return value


def _clean_note(note) -> str:
    note = (note or "").strip()
    if "\x00" in note:
        raise InvalidInput(_("The note contains a character that is not allowed."), field="note")
    if len(note) > MAX_NOTE_LENGTH:
        raise InvalidInput(
            _("A note holds at most %(max)d characters (this one has %(n)d).")
            % {"max": MAX_NOTE_LENGTH, "n": len(note)},
            field="note",
        )
    return note


def _clean_revision(*, project, design, revision):
    """The design and revision a make names: both of this project, the revision on the design's main line.
    A revision alone names its design."""
    if revision is not None:
        if design is not None and revision.design_id != design.pk:
            raise InvalidInput(_("This revision is not a revision of the chosen design."), field="revision")
        design = revision.design
        if revision.number is None:
            raise InvalidInput(
                _("Choose a revision of the design's main line, not a suggestion."), field="revision"
            )
    if design is not None and design.project_id != project.pk:
        raise InvalidInput(_("This design is not one of this project's designs."), field="revision")
    return design, revision


def _check_order_line(order_line, *, author, project) -> None:
    if order_line is None:
        return
    if order_line.order.buyer_id != author.pk or order_line.project_id != project.pk:
        raise InvalidInput(_("Link one of your own orders of this project."), field="order_line")


def _check_photos(photos) -> list:
    photos = [p for p in (photos or []) if p is not None]
    for photo in photos:
        try:
            image_check(photo)
        except InvalidInput as e:
            name = getattr(photo, "name", "") or _("a file")
            raise InvalidInput(f"{name}: {e.message}", field="photos") from None
    return photos


def _store_photos(make: Make, photos: list) -> None:
    position = make.photos.aggregate(m=Max("position"))["m"] or 0
    for photo in photos:
        position += 1
        MakePhoto.objects.create(make=make, image=image_store(photo, folder="makes"), position=position)


MAX_CAPTION_LENGTH = 200


def _clean_captions(make: Make, captions) -> dict:
    """{photo id: caption} for photos of this make: plain text (escaped where shown, the photo's alt text),
    at most MAX_CAPTION_LENGTH characters; an empty caption clears it."""
    cleaned = {}
    own = set(make.photos.values_list("pk", flat=True))
    for key, text in dict(captions or {}).items():
        pk = int(key) if str(key).isdigit() else None
        if pk not in own:
            raise InvalidInput(_("This make has no such photo."), field="captions")
        text = " ".join(str(text or "").split())
        if "\x00" in text:
            raise InvalidInput(_("The caption contains a character that is not allowed."), field="captions")
        if len(text) > MAX_CAPTION_LENGTH:
            raise InvalidInput(
                _("A caption holds at most %(max)d characters (this one has %(n)d).")
                % {"max": MAX_CAPTION_LENGTH, "n": len(text)},
                field="captions",
            )
        cleaned[pk] = text
    return cleaned


def _too_many_photos(count: int) -> InvalidInput:
    return InvalidInput(
        ngettext("A make holds %(n)d photo at most.", "A make holds %(n)d photos at most.", MAX_PHOTOS)
        % {"n": MAX_PHOTOS},
        field="photos",
    )


def _remove_files(path: str) -> None:
    """Delete a photo and its thumbnails from storage, after the transaction commits (a rollback keeps them)."""

    def remove():
        for name in [path] + [thumbnail_path(path, size) for size in THUMBNAIL_SIZES]:
            try:
                default_storage.delete(name)
            except OSError:
                pass

    transaction.on_commit(remove)


@transaction.atomic
def make_create(
    *,
    author,
    project,
    rating,
    note: str = "",
    photos=(),
    design=None,
    revision=None,
    order_line=None,
) -> Make:
    """A member shows what they built from a project: photos, a rating from 1 to 5, a note, the revision used.

    It counts as a contribution to the project (``ContributionKind.MAKE``) and tells the project's team.
    ``order_line``: one of the author's order lines of this project; once paid, the make shows "verified buyer".

    >>> make_create(author=alice, project=castle, rating=5, note="Built it with my son.", photos=[upload])
    <Make: alice made A castle that opens (5/5)>
    """
    _require_member(author)
    project_accepts_makes(user=author, project=project)  # raises for drafts, hidden projects, banned members
    rating = _clean_rating(rating)
    note = _clean_note(note)
    _check_order_line(order_line, author=author, project=project)
    if order_line is not None and design is None and revision is None:
        # What was bought says what was built: the realization's frozen revision.
        revision = order_line.offer.realization.revision
    design, revision = _clean_revision(project=project, design=design, revision=revision)
    photos = _check_photos(photos)
    if not note and not photos:
        raise InvalidInput(_("Add a photo or write a note about what you made."), field="note")
    if len(photos) > MAX_PHOTOS:
        raise _too_many_photos(len(photos))
    make = Make.objects.create(
        author=author,
        project=project,
        design=design,
        revision=revision,
        order_line=order_line,
        rating=rating,
        note=note,
        note_html=render_markdown(note),
    )
    _store_photos(make, photos)
    contribution_record(actor=author, kind=ContributionKind.MAKE, project=project, subject=make)
    _record_make_posted(make)
    return make


def _record_make_posted(make: Make) -> None:
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record, excerpt

    event_record(
        verb=Verb.MAKE_POSTED,
        actor=make.author,
        subject=make,
        project=make.project,
        data={
            "make": {"id": make.pk, "rating": make.rating, "photos": make.photos.count()},
            "excerpt": excerpt(make.note),
        },
    )


def make_forget_feed_lines(make: Make) -> None:
    """Remove the make's MAKE_POSTED feed line: a deleted or hidden make leaves no excerpt in any feed (feeds
    read events only, and a line for a hidden make would still show its note). Restoring does not bring it back."""
    from django.contrib.contenttypes.models import ContentType

    from boucle.activity.models import Event, Verb

    Event.objects.filter(
        verb=Verb.MAKE_POSTED, subject_type=ContentType.objects.get_for_model(Make), subject_id=make.pk
    ).delete()


def _lock(make: Make) -> Make:
    # Re-read under a row lock so concurrent edits, deletions and moderation serialize.
    return (
        Make.objects.select_for_update().select_related("project__technology__organization").get(pk=make.pk)
    )


@transaction.atomic
def make_update(
    *,
    actor,
    make: Make,
    rating=_UNSET,
    note=_UNSET,
    design=_UNSET,
    revision=_UNSET,
    order_line=_UNSET,
    add_photos=(),
    remove_photo_ids=(),
    captions=None,
) -> Make:
    """The author changes their make; omitted arguments stay. A make keeps a photo or a note. ``captions``:
    {photo id: text} for some of its photos (an empty text clears a caption)."""
    _require_member(actor)
    make = _lock(make)
    if not make_can_edit(user=actor, make=make):
        raise NotAllowed(_("Only the author can edit a make."))
    fields = []
    if rating is not _UNSET:
        make.rating = _clean_rating(rating)
        fields.append("rating")
    if note is not _UNSET:
        make.note = _clean_note(note)
        make.note_html = render_markdown(make.note)
        fields += ["note", "note_html"]
    if design is not _UNSET or revision is not _UNSET:
        make.design, make.revision = _clean_revision(
            project=make.project,
            design=None if design is _UNSET else design,
            revision=None if revision is _UNSET else revision,
        )
        fields += ["design", "revision"]
    if order_line is not _UNSET:
        _check_order_line(order_line, author=make.author, project=make.project)
        make.order_line = order_line
        fields.append("order_line")
    captions = _clean_captions(make, captions)
    add_photos = _check_photos(add_photos)
    removed = list(make.photos.filter(pk__in=[int(i) for i in remove_photo_ids if str(i).isdigit()]))
    remaining = make.photos.count() - len(removed) + len(add_photos)
    if remaining > MAX_PHOTOS:
        raise _too_many_photos(remaining)
    if not make.note and remaining == 0:
        raise InvalidInput(_("Add a photo or write a note about what you made."), field="note")
    for photo in removed:
        _remove_files(photo.image)
        photo.delete()
    for photo in make.photos.filter(pk__in=captions).exclude(pk__in=[p.pk for p in removed]):
        if photo.caption != captions[photo.pk]:
            photo.caption = captions[photo.pk]
            photo.save(update_fields=["caption"])
    _store_photos(make, add_photos)
    make.edited_at = timezone.now()
    make.save(update_fields=[*fields, "edited_at"])
    return make


@transaction.atomic
def make_delete(*, actor, make: Make) -> None:
    """The author (or site staff) deletes a make: its photos go, and the ledger gets a reversal of the
    contribution (a deleted make no longer counts). Citations of it by technology versions keep the project."""
    _require_member(actor)
    make = _lock(make)
    if not make_can_delete(user=actor, make=make):
        raise NotAllowed(_("Only the author can delete a make."))
    contribution_reverse(actor=make.author, kind=ContributionKind.MAKE, project=make.project, subject=make)
    for photo in make.photos.all():
        _remove_files(photo.image)
    make_forget_feed_lines(make)
    make.delete()


def _clean_reason(reason) -> str:
    reason = (reason or "").replace("\x00", "").strip()
    if len(reason) > 2000:
        raise InvalidInput(_("Keep it under %(n)d characters.") % {"n": 2000}, field="reason")
    return reason


def make_hide(*, moderator, make: Make, reason: str = "") -> Make:
    """The organization's moderators (and owners, and site staff) hide a make: only they and its author still
    see it, its feed line goes, its open reports are closed. The same decision as from the moderation queue
    (moderation.services.content_hide), so it joins the moderation log."""
    from boucle.moderation.services import content_hide

    _require_member(moderator)
    if not make_can_moderate(user=moderator, make=make):
        raise NotAllowed(_("Only the organization's moderators can hide a make."))
    content_hide(moderator=moderator, target=make, reason=_clean_reason(reason))
    make.refresh_from_db()
    return make


def make_restore(*, moderator, make: Make, reason: str = "") -> Make:
    """Show a hidden make again (moderation.services.content_restore); its feed line does not come back."""
    from boucle.moderation.services import content_restore

    _require_member(moderator)
    if not make_can_moderate(user=moderator, make=make):
        raise NotAllowed(_("Only the organization's moderators can restore a make."))
    content_restore(moderator=moderator, target=make, reason=_clean_reason(reason))
    make.refresh_from_db()
    return make
