"""JSON API of makes, mounted at /api/makes. Same services and selectors as the pages.

- ``GET /api/makes?project=<slug>&author=<username>&organization=<slug>``: makes, newest first (public);
- ``POST /api/makes`` (multipart: ``project``, ``rating``, ``note``, ``revision``, ``order_line``, ``photos``);
- ``GET /api/makes/{id}``, ``PATCH /api/makes/{id}`` (rating, note), ``DELETE /api/makes/{id}`` (the author);
- ``GET /api/makes/usages/{organization}``: the organization's view of its technologies' usages.
"""

from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.core.errors import InvalidInput, NotFound
from boucle.core.images import thumbnail_url
from boucle.makes import selectors, services
from boucle.makes.models import Make
from boucle.makes.views import MAKE_RATE
from boucle.orgs.selectors import object_or_404

router = Router(tags=["makes"])

MAX_ID = 2**63 - 1  # ids are 64-bit: a larger number finds nothing instead of failing in the database


class PhotoOut(Schema):
    id: int
    url: str
    thumbnail: str
    caption: str


class MakeOut(Schema):
    id: int
    project: str = Field(description="The project's slug.")
    author: str = Field(description="The maker's username.")
    author_name: str
    rating: int = Field(ge=1, le=5)
    note: str = Field(description="Markdown.")
    note_html: str = Field(description="Sanitized HTML.")
    design: int | None = Field(description="The design's number within the project.")
    revision: int | None = Field(description="The revision's number on the design's main line.")
    verified_buyer: bool = Field(
        description="Linked to a paid order line of this project bought by the maker."
    )
    hidden: bool = Field(description="Hidden by moderation (seen by its author and the moderators only).")
    photos: list[PhotoOut]
    url: str
    created_at: datetime
    edited_at: datetime | None

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug

    @staticmethod
    def resolve_author(obj):
        return obj.author.username

    @staticmethod
    def resolve_author_name(obj):
        return obj.author.name

    @staticmethod
    def resolve_design(obj):
        return obj.design.number if obj.design_id else None

    @staticmethod
    def resolve_revision(obj):
        return obj.revision.number if obj.revision_id else None

    @staticmethod
    def resolve_verified_buyer(obj):
        return bool(getattr(obj, "is_verified", False))

    @staticmethod
    def resolve_hidden(obj):
        return obj.hidden_at is not None

    @staticmethod
    def resolve_photos(obj):
        return [
            {
                "id": p.pk,
                "url": _media_url(p.image),
                "thumbnail": thumbnail_url(p.image),
                "caption": p.caption,
            }
            for p in obj.photos.all()
        ]

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class MakePatch(Schema):
    rating: int | None = None
    note: str | None = Field(None, max_length=20000)
    captions: dict[int, str] | None = Field(
        None, description="Captions of some of the make's photos, by photo id (an empty text clears one)."
    )


class MakeCreateForm(Schema):
    project: str = Field(max_length=200, description="The project's slug.")
    rating: int = Field(description="1 to 5.")
    note: str = Field("", max_length=20000, description="Markdown.")
    revision: int | None = Field(
        None, ge=1, le=MAX_ID, description="The id of the revision built (of one of the project's designs)."
    )
    order_line: int | None = Field(
        None, ge=1, le=MAX_ID, description="The id of one of your order lines of this project."
    )


class TopProjectOut(Schema):
    project: str
    title: str
    makes: int
    average_rating: float | None


class UsagesOut(Schema):
    makes: int
    average_rating: float | None
    top_projects: list[TopProjectOut]
    latest: list[MakeOut]


def _media_url(path: str) -> str:
    from django.core.files.storage import default_storage

    return default_storage.url(path)


def _read(request, make_id: int) -> Make:
    """One make with its badge, for the answer."""
    if not 0 < make_id <= MAX_ID:
        raise NotFound(_("No such make."))
    make = selectors.with_verified(selectors.with_relations(Make.objects.filter(pk=make_id))).first()
    if make is None or not selectors.make_visible_to(user=request.user, make=make):
        raise NotFound(_("No such make."))
    return make


def _visible(request, make_id: int) -> Make:
    if not 0 < make_id <= MAX_ID:
        raise NotFound(_("No such make."))
    make = selectors.make_get(pk=make_id, user=request.user)
    if make is None:
        raise NotFound(_("No such make."))
    return make


def _clean(value: str) -> str:
    return (value or "").replace("\x00", "")


@router.get("/", response=list[MakeOut], auth=None)
@paginate(Pagination)
def list_makes(
    request, project: str | None = None, author: str | None = None, organization: str | None = None
):
    """Makes, newest first: all of them, a project's (``?project=<slug>``), a member's, an organization's."""
    makes = selectors.makes_visible(user=request.user)
    if project:
        from boucle.projects.selectors import project_get

        try:
            found = project_get(slug=_clean(project), user=request.user)
        except Http404:
            raise NotFound(_("No such project.")) from None
        makes = makes.filter(project=found)
    if author:
        makes = makes.filter(author__username=_clean(author))
    if organization:
        makes = makes.filter(project__technology__organization__slug=_clean(organization))
    return selectors.with_verified(selectors.with_relations(makes)).order_by("-created_at", "-id")


@router.post("/", response={201: MakeOut})
@ratelimit(key="user_or_ip", rate=MAKE_RATE, method="POST", group="makes.create")
def create_make(request, form: Form[MakeCreateForm], photos: File[list[UploadedFile]] = None):
    """Post a make: a photo (several ``photos`` fields) or a note, and a rating from 1 to 5."""
    from boucle.orders.models import OrderLine
    from boucle.projects.models import Project
    from boucle.projects.selectors import project_visible_to
    from boucle.studio.models import Revision

    project = (
        Project.objects.select_related("technology__organization").filter(slug=_clean(form.project)).first()
    )
    if project is None or not project_visible_to(project=project, user=request.user):
        raise NotFound(_("No such project."))
    revision = None
    if form.revision is not None:
        revision = Revision.objects.select_related("design").filter(pk=form.revision).first()
        if revision is None:
            raise InvalidInput(_("This revision does not exist."), field="revision")
    order_line = None
    if form.order_line is not None:
        order_line = OrderLine.objects.select_related("order").filter(pk=form.order_line).first()
        if order_line is None:
            raise InvalidInput(_("Link one of your own orders of this project."), field="order_line")
    make = services.make_create(
        author=request.user,
        project=project,
        rating=form.rating,
        note=form.note,
        photos=photos or [],
        revision=revision,
        order_line=order_line,
    )
    return Status(201, _read(request, make.pk))


@router.get("/usages/{organization}", response=UsagesOut, auth=None)
def organization_usages(request, organization: str):
    """An organization's view of its technologies' usages: totals, most-made projects, latest makes."""
    from boucle.orgs.models import Organization

    found = object_or_404(Organization, slug=organization)
    usages = selectors.organization_usages(organization=found)
    return {
        "makes": usages["totals"]["count"],
        "average_rating": usages["totals"]["average"],
        "top_projects": [
            {
                "project": p.slug,
                "title": p.title,
                "makes": p.make_count,
                "average_rating": round(p.make_average, 2) if p.make_average is not None else None,
            }
            for p in usages["top_projects"]
        ],
        "latest": list(
            selectors.with_verified(
                selectors.with_relations(Make.objects.filter(pk__in=[m.pk for m in usages["latest"]]))
            )
        ),
    }


@router.get("/{make_id}", response=MakeOut, auth=None)
def read_make(request, make_id: int):
    return _read(request, make_id)


@router.patch("/{make_id}", response=MakeOut)
def update_make(request, make_id: int, payload: MakePatch):
    """The author changes the rating, the note or the photos' captions (adding photos: on the page)."""
    make = _visible(request, make_id)
    changes = payload.dict(exclude_unset=True)
    if "note" in changes:
        changes["note"] = changes["note"] or ""
    services.make_update(actor=request.user, make=make, **changes)
    return _read(request, make_id)


@router.delete("/{make_id}", response={204: None})
def delete_make(request, make_id: int):
    """The author (or site staff) deletes a make; its contribution is reversed in the ledger."""
    services.make_delete(actor=request.user, make=_visible(request, make_id))
    return Status(204, None)
