"""Studio API: design kinds, technology kits, designs (the gallery), revisions, the editor's live check, forks,
suggestions, diffs, attribution, lineage, BOM and format exports, imports, previews and anchored comments.

Mounted at the root of /api (paths name their technology, project or design). Reads of public designs need no
authentication; writes take a personal token or the browser session with its CSRF token (``X-CSRFToken``
header), as everywhere in the API. The editor calls ``POST /api/designs/{id}/check`` on every change (no
write) and ``POST /api/designs/{id}/revisions`` to save (409 when someone saved since its ``parent``).
"""

from datetime import datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django_ratelimit.decorators import ratelimit
from ninja import Field, File, Form, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import paginate

from boucle.api.auth import OptionalAuth
from boucle.api.pagination import Pagination
from boucle.catalog.models import Technology
from boucle.core.errors import InvalidInput, NotFound
from boucle.projects.enums import LICENCE_URLS, Licence
from boucle.projects.models import Project
from boucle.projects.selectors import project_get
from boucle.studio import evaluation as ev
from boucle.studio import exports, selectors, services
from boucle.studio.enums import RevisionState, SuggestionState
from boucle.studio.models import Design, Revision, Suggestion
from boucle.studio.registry import find_kind, get_kind, kinds

router = Router(tags=["studio"])

SUGGESTION_RATE = "30/m"
COMMENT_RATE = "20/m"


class ErrorOut(Schema):
    detail: str
    errors: dict[str, list[str]] | None = None


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut}
PUBLIC_ERRORS = {400: ErrorOut, 404: ErrorOut, 422: ErrorOut}
RATED_ERRORS = {**ERRORS, 429: ErrorOut}


# ---------------------------------------------------------------------------------------------- schemas


class FormatOut(Schema):
    name: str
    label: str
    extensions: list[str]
    media_type: str
    max_bytes: int


class KindOut(Schema):
    name: str
    label: str
    gallery_metrics: list[str]
    importers: list[FormatOut]
    exporters: list[FormatOut]
    editor_template: str


class KitOut(Schema):
    technology: str
    kind: str
    number: int = Field(description="The kit revision: 1, 2, 3… per technology; the latest is current.")
    content: dict
    version: str | None
    created_by: str
    created_at: datetime


class KitIn(Schema):
    kind: str = Field(min_length=1, max_length=60)
    content: dict
    version: str | None = Field(None, max_length=40, description="A version of the technology, e.g. 2.1.")


class ProblemOut(Schema):
    code: str
    message: str
    elements: list[str]
    severity: Literal["error", "warning"]


class BomLineOut(Schema):
    key: str
    part: str
    name: str
    variant: str
    quantity: str = Field(description="A decimal number, as text.")
    unit: str
    unit_price: str | None
    total_price: str | None
    stock: str | None
    in_kit: bool
    available: bool


class MetricOut(Schema):
    key: str
    label: str
    value: int | str | None = Field(description="An integer, or a decimal number as text.")
    unit: str
    sortable: bool


class TotalsOut(Schema):
    price: str | None = Field(description="Sum of the priced lines; None when no line has a price.")
    quantity: str
    complete: bool = Field(description="Every line is in the kit and priced.")


class CheckOut(Schema):
    valid: bool
    problems: list[ProblemOut]
    bom: list[BomLineOut]
    metrics: list[MetricOut]
    totals: TotalsOut


class ContentIn(Schema):
    content: dict


class ParentOut(Schema):
    design: int
    number: int | None


class RevisionOut(Schema):
    number: int | None = Field(description="1, 2, 3… on the main line; None for a suggestion.")
    state: RevisionState
    author: str = Field(alias="author.username")
    author_name: str = Field(alias="author.name")
    message: str
    content_hash: str
    parent: ParentOut | None
    kit: int = Field(alias="kit.number", description="The number of the kit revision it was checked against.")
    valid: bool
    totals: TotalsOut
    created_at: datetime

    @staticmethod
    def resolve_parent(obj):
        if obj.parent_id is None:
            return None
        return {"design": obj.parent.design_id, "number": obj.parent.number}

    @staticmethod
    def resolve_valid(obj):
        # consistent with the problems a read shows (no live-only ones: selectors.revision_problems)
        return selectors.revision_valid(revision=obj)

    @staticmethod
    def resolve_totals(obj):
        return obj.totals or ev.bom_totals(obj.bom)


class RevisionDetailOut(RevisionOut):
    content: dict
    problems: list[ProblemOut]
    bom: list[BomLineOut]
    metrics: list[MetricOut]

    @staticmethod
    def resolve_problems(obj):
        # revisions stored before a problem became live-only still hold it: never shown
        return selectors.revision_problems(revision=obj)


class RevisionIn(Schema):
    content: dict
    parent: int = Field(
        description="The revision number your changes start from (the head when you loaded it)."
    )
    message: str = Field("", max_length=2000)


class ForkedFromOut(Schema):
    design: int
    revision: int | None
    title: str
    project: str


class DesignOut(Schema):
    id: int
    number: int
    title: str
    kind: str
    kind_label: str
    project: str = Field(alias="project.slug")
    project_title: str = Field(alias="project.title")
    technology: str = Field(alias="technology.slug")
    licence: Licence = Field(alias="project.licence")
    licence_url: str
    valid: bool
    metrics: list[MetricOut]
    head: int | None = Field(description="The number of the latest main-line revision.")
    revision_count: int
    fork_count: int
    open_suggestion_count: int
    forked_from: ForkedFromOut | None
    created_at: datetime
    updated_at: datetime
    url: str = Field(alias="get_absolute_url")
    preview_svg: str
    thumbnail_png: str

    @staticmethod
    def resolve_kind_label(obj):
        kind = find_kind(obj.kind)
        return str(kind.label) if kind else obj.kind

    @staticmethod
    def resolve_licence_url(obj):
        return LICENCE_URLS.get(obj.project.licence, "")

    @staticmethod
    def resolve_valid(obj):
        return selectors.design_valid(design=obj)

    @staticmethod
    def resolve_head(obj):
        return obj.revision_count or None

    @staticmethod
    def resolve_forked_from(obj):
        if obj.forked_from_id is None:
            return None
        source = obj.forked_from.design
        return {
            "design": source.pk,
            "revision": obj.forked_from.number,
            "title": source.title,
            "project": source.project.slug,
        }

    @staticmethod
    def resolve_preview_svg(obj):
        return reverse("api:design_preview_svg", args=[obj.pk, obj.revision_count or 1])

    @staticmethod
    def resolve_thumbnail_png(obj):
        return reverse("api:design_thumbnail_png", args=[obj.pk, obj.revision_count or 1])


class DesignDetailOut(DesignOut):
    created_by: str = Field(alias="created_by.username")
    head_revision: RevisionOut | None

    @staticmethod
    def resolve_head_revision(obj):
        # not an alias: "head" is DesignOut's field (the head's number), resolved by resolve_head
        return obj.head


class DesignIn(Schema):
    title: str = Field(max_length=400)
    content: dict | None = Field(
        None, description="The first revision's content; the kind's empty one if absent."
    )
    message: str = Field("", max_length=2000)


class DesignPatch(Schema):
    title: str = Field(max_length=400)


class GalleryFilter(Schema):
    kind: str = Field("", max_length=60)
    technology: str = Field("", max_length=120, description="A technology slug.")
    licence: Licence | Literal[""] = ""
    metric: str = Field("", max_length=40, description="A metric key of the kind (see /api/design-kinds).")
    min: Decimal | None = Field(None, description="Only designs whose `metric` is at least this.")
    max: Decimal | None = Field(None, description="Only designs whose `metric` is at most this.")
    sort: Literal["new", "updated", "forks", "metric"] = "new"
    order: Literal["asc", "desc"] = "desc"


class ForkIn(Schema):
    project: str = Field(min_length=1, max_length=200, description="The slug of your project to fork into.")
    revision: int | None = Field(None, description="The revision number to fork (the head when absent).")
    title: str | None = Field(None, max_length=400)


class SuggestionIn(Schema):
    content: dict
    parent: int = Field(description="The main-line revision number your changes start from.")
    message: str = Field(max_length=2000)


class StudioReasonIn(Schema):
    reason: str = Field(max_length=5000)


class SuggestionOut(Schema):
    id: int
    design: int = Field(alias="design_id")
    state: SuggestionState
    author: str = Field(alias="author.username")
    author_name: str = Field(alias="author.name")
    message: str = Field(alias="revision.message")
    parent: int | None = Field(description="The main-line revision it starts from.")
    decided_by: str | None
    decided_at: datetime | None
    reason: str
    merged_revision: int | None
    valid: bool
    totals: TotalsOut
    created_at: datetime

    @staticmethod
    def resolve_parent(obj):
        return obj.revision.parent.number if obj.revision.parent_id else None

    @staticmethod
    def resolve_decided_by(obj):
        return obj.decided_by.username if obj.decided_by_id else None

    @staticmethod
    def resolve_merged_revision(obj):
        return obj.merged_revision.number if obj.merged_revision_id else None

    @staticmethod
    def resolve_valid(obj):
        return selectors.revision_valid(revision=obj.revision, design=obj.design)

    @staticmethod
    def resolve_totals(obj):
        return obj.revision.totals or ev.bom_totals(obj.revision.bom)


class SuggestionDetailOut(SuggestionOut):
    revision: RevisionDetailOut


class ChangeOut(Schema):
    action: Literal["added", "removed", "changed"]
    element: str
    text: str


class DiffOut(Schema):
    design: int
    old: int
    new: int
    changes: list[ChangeOut]


class CreditOut(Schema):
    username: str
    name: str
    revisions: int


class AncestorOut(Schema):
    design: int
    title: str
    project: str
    project_title: str
    upto: int = Field(description="The chain includes revisions 1 to this one of this design.")
    authors: list[str]
    licence: str
    licence_url: str


class AttributionOut(Schema):
    authors: list[CreditOut]
    designs: list[AncestorOut]
    lines: list[str]


class LineageNodeOut(Schema):
    design: int | None = Field(description="None: a design you may not see.")
    title: str | None
    project: str | None
    forked_at: int | None = Field(description="The revision of its parent design it was forked from.")
    current: bool
    children: list["LineageNodeOut"]


class LineageOut(Schema):
    ancestors: list[LineageNodeOut]
    tree: LineageNodeOut
    truncated: bool


class AnchoredCommentOut(Schema):
    id: int
    element: str
    element_label: str
    revision: int | None
    author: str
    author_name: str
    body_html: str
    created_at: datetime


class AnchoredCommentsOut(Schema):
    elements: dict[str, list[AnchoredCommentOut]]
    removed: list[AnchoredCommentOut] = Field(description="Comments on elements this revision no longer has.")


class AnchoredCommentIn(Schema):
    element: str = Field(min_length=1, max_length=200)
    body: str = Field(max_length=20000)
    parent: int | None = Field(None, ge=1, description="The comment this one answers.")


# ---------------------------------------------------------------------------------------------- helpers


def _user(request):
    user = getattr(request, "auth", None)
    return user if getattr(user, "is_authenticated", False) else request.user


def _design(request, design_id: int) -> Design:
    return selectors.design_get(design_id=design_id, user=_user(request))


def _project(request, slug: str) -> Project:
    return project_get(slug=slug.replace("\x00", ""), user=_user(request))


def _technology(slug: str) -> Technology:
    return get_object_or_404(Technology.objects.select_related("organization"), slug=slug.replace("\x00", ""))


def _revision(design: Design, number: int) -> Revision:
    revision = selectors.revision_get(design=design, number=number)
    revision.design = design
    return revision


def _format_out(f) -> dict:
    return {
        "name": f.name,
        "label": str(f.label),
        "extensions": list(f.extensions),
        "media_type": f.media_type,
        "max_bytes": f.max_bytes,
    }


def _kind_out(kind) -> dict:
    return {
        "name": kind.name,
        "label": str(kind.label),
        "gallery_metrics": list(kind.gallery_metrics),
        "importers": [_format_out(f) for f in kind.importers],
        "exporters": [_format_out(f) for f in kind.exporters],
        "editor_template": kind.editor_template,
    }


def _kit_out(kit) -> dict:
    return {
        "technology": kit.technology.slug,
        "kind": kit.kind,
        "number": kit.number,
        "content": kit.content,
        "version": kit.version.version if kit.version_id else None,
        "created_by": kit.created_by.username,
        "created_at": kit.created_at,
    }


def _download(exported: exports.ExportedFile, *, inline: bool = False) -> HttpResponse:
    response = HttpResponse(exported.content, content_type=exported.media_type)
    disposition = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{exported.filename}"'
    return response


def _node_out(node) -> dict:
    design = node.design
    return {
        "design": design.pk if design else None,
        "title": design.title if design else None,
        "project": design.project.slug if design else None,
        "forked_at": node.forked_at,
        "current": node.current,
        "children": [_node_out(child) for child in node.children],
    }


def _anchor_out(anchor) -> dict:
    comment = anchor.comment
    return {
        "id": comment.pk,
        "element": anchor.element,
        "element_label": anchor.element_label,
        "revision": anchor.revision.number,
        "author": comment.author.username,
        "author_name": comment.author.name,
        "body_html": comment.body_html,
        "created_at": comment.created_at,
    }


def _file_response(description: str, media_type: str) -> dict:
    return {
        "responses": {
            200: {"description": description, "content": {media_type: {"schema": {"type": "string"}}}}
        }
    }


# ---------------------------------------------------------------------------------------------- kinds and kits


@router.get("/design-kinds", response=list[KindOut], auth=None, summary="The design kinds installed")
def kind_list(request):
    return [_kind_out(k) for k in kinds()]


@router.get(
    "/technologies/{slug}/kit",
    response={200: KitOut, **PUBLIC_ERRORS},
    auth=None,
    summary="A technology's kit",
)
def kit_read(request, slug: str):
    technology = _technology(slug)
    kit = selectors.kit_current(technology=technology)
    if kit is None:
        raise NotFound(_("This technology has no design kit yet."))
    kit.technology = technology
    return _kit_out(kit)


@router.get(
    "/technologies/{slug}/kits",
    response={200: list[KitOut], **PUBLIC_ERRORS},
    auth=None,
    summary="Every revision of a technology's kit",
)
@paginate(Pagination)
def kit_history(request, slug: str):
    technology = _technology(slug)
    return [_kit_out(k) for k in selectors.kit_history(technology=technology).select_related("technology")]


@router.put(
    "/technologies/{slug}/kit",
    response={201: KitOut, **ERRORS},
    summary="Save a new revision of a technology's kit (organization owners)",
)
def kit_update(request, slug: str, payload: KitIn):
    technology = _technology(slug)
    kit = services.kit_save(
        actor=request.user,
        technology=technology,
        kind=payload.kind,
        content=payload.content,
        version=payload.version,
    )
    return Status(201, _kit_out(kit))


# ---------------------------------------------------------------------------------------------- designs


@router.get("/designs", response={200: list[DesignOut], **PUBLIC_ERRORS}, auth=None, summary="The gallery")
@paginate(Pagination)
def design_gallery(request, filters: Query[GalleryFilter]):
    """Designs of public projects, filtered by kind, technology, licence and a metric range, sorted by date,
    forks or a metric (designs without the metric are left out of a metric sort)."""
    return selectors.design_gallery(
        kind=filters.kind,
        technology=filters.technology,
        licence=filters.licence,
        metric=filters.metric,
        min_value=filters.min,
        max_value=filters.max,
        sort=filters.sort,
        order=filters.order,
    ).select_related("forked_from__design__project")


@router.get(
    "/projects/{slug}/designs",
    response={200: list[DesignOut], **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="The designs of a project",
)
def project_design_list(request, slug: str):
    return list(selectors.project_designs(project=_project(request, slug)))


@router.post("/projects/{slug}/designs", response={201: DesignDetailOut, **ERRORS}, summary="Start a design")
def design_create(request, slug: str, payload: DesignIn):
    project = _project(request, slug)
    design = services.design_create(
        actor=request.user,
        project=project,
        title=payload.title,
        content=payload.content,
        message=payload.message,
    )
    return Status(201, selectors.design_get(design_id=design.pk, user=request.user))


@router.post(
    "/projects/{slug}/designs/import",
    response={201: DesignDetailOut, **ERRORS},
    summary="Start a design from a file (one of the kind's import formats)",
)
def design_import(request, slug: str, file: File[UploadedFile], format: Form[str], title: Form[str]):
    project = _project(request, slug)
    data = _read_upload(file, project.technology)
    design = services.design_import(actor=request.user, project=project, fmt=format, data=data, title=title)
    return Status(201, selectors.design_get(design_id=design.pk, user=request.user))


def _read_upload(file, technology) -> bytes:
    """The uploaded bytes, refusing more than the largest import format of the technology's kind allows."""
    kit = services.kit_current(technology)
    kind = find_kind(kit.kind) if kit else None
    limit = max([f.max_bytes for f in kind.importers] or [0]) if kind else 0
    if file.size is not None and limit and file.size > limit:
        raise InvalidInput(
            _("The file is too large: %(size)s KB, %(max)s KB at most.")
            % {"size": file.size // 1024, "max": limit // 1024},
            field="file",
        )
    return file.read(limit + 1 if limit else -1)


@router.get(
    "/designs/{int:design_id}",
    response={200: DesignDetailOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="A design",
)
def design_read(request, design_id: int):
    return _design(request, design_id)


@router.patch(
    "/designs/{int:design_id}", response={200: DesignDetailOut, **ERRORS}, summary="Rename a design"
)
def design_rename(request, design_id: int, payload: DesignPatch):
    design = _design(request, design_id)
    services.design_update(actor=request.user, design=design, title=payload.title)
    return _design(request, design_id)


@router.post(
    "/designs/{int:design_id}/check",
    response={200: CheckOut, **ERRORS},
    summary="Check a content without saving it (the editor's live BOM, price and problems)",
)
def design_check(request, design_id: int, payload: ContentIn):
    """Validation, bill of materials, metrics and totals of ``content`` against the design's current kit.
    Writes nothing: the editor calls it on every change."""
    design = _design(request, design_id)
    kit = services.kit_current(design.technology)
    if kit is None or kit.kind != design.kind:
        raise NotFound(_("This design's technology has no kit of its kind."))
    kind = get_kind(design.kind)
    content = ev.content_clean(kind, payload.content)
    return ev.evaluate(kind, content, kit.content).as_dict()


@router.post(
    "/designs/{int:design_id}/fork",
    response={201: DesignDetailOut, **ERRORS},
    summary="Fork a design into your project (as its licence allows)",
)
def design_fork(request, design_id: int, payload: ForkIn):
    design = _design(request, design_id)
    revision = _revision(design, payload.revision) if payload.revision is not None else design.head
    revision.design = design
    target = _project(request, payload.project)
    fork = services.design_fork(
        actor=request.user, revision=revision, into_project=target, title=payload.title
    )
    return Status(201, selectors.design_get(design_id=fork.pk, user=request.user))


@router.get(
    "/designs/{int:design_id}/attribution",
    response={200: AttributionOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="Who made what a design comes from",
)
def design_attribution(request, design_id: int):
    chain = selectors.attribution_chain(design=_design(request, design_id))
    return {
        "authors": [
            {"username": c.author.username, "name": c.author.name, "revisions": c.revisions}
            for c in chain.authors
        ],
        "designs": [
            {
                "design": e.design.pk,
                "title": e.design.title,
                "project": e.design.project.slug,
                "project_title": e.design.project.title,
                "upto": e.upto,
                "authors": [u.username for u in e.authors],
                "licence": e.licence,
                "licence_url": e.licence_url,
            }
            for e in chain.designs
        ],
        "lines": chain.lines(),
    }


@router.get(
    "/designs/{int:design_id}/lineage",
    response={200: LineageOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="Ancestors and descendants (forks)",
)
def design_lineage(request, design_id: int):
    lineage = selectors.design_lineage(design=_design(request, design_id), user=_user(request))
    return {
        "ancestors": [_node_out(n) for n in lineage.ancestors],
        "tree": _node_out(lineage.tree),
        "truncated": lineage.truncated,
    }


@router.get(
    "/designs/{int:design_id}/diff",
    response={200: DiffOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="What changed between two revisions",
)
def design_diff(
    request, design_id: int, old: int = Query(..., alias="from"), new: int = Query(..., alias="to")
):
    design = _design(request, design_id)
    changes = selectors.revision_diff(old=_revision(design, old), new=_revision(design, new))
    return {
        "design": design.pk,
        "old": old,
        "new": new,
        "changes": [{"action": c.action, "element": str(c.element), "text": str(c.text)} for c in changes],
    }


# ---------------------------------------------------------------------------------------------- revisions


@router.get(
    "/designs/{int:design_id}/revisions",
    response={200: list[RevisionOut], **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="A design's history (main line, newest first)",
)
@paginate(Pagination)
def revision_list(request, design_id: int):
    return selectors.revision_history(design=_design(request, design_id)).select_related("parent", "design")


@router.post(
    "/designs/{int:design_id}/revisions",
    response={201: RevisionDetailOut, **ERRORS},
    summary="Save a revision (409 when someone saved since `parent`)",
)
def revision_create(request, design_id: int, payload: RevisionIn):
    design = _design(request, design_id)
    revision = services.revision_save(
        actor=request.user,
        design=design,
        content=payload.content,
        parent=payload.parent,
        message=payload.message,
    )
    return Status(201, revision)


@router.post(
    "/designs/{int:design_id}/revisions/import",
    response={201: RevisionDetailOut, **ERRORS},
    summary="Save a revision from a file (one of the kind's import formats)",
)
def revision_import(
    request,
    design_id: int,
    file: File[UploadedFile],
    format: Form[str],
    parent: Form[int],
    message: Form[str] = "",
):
    design = _design(request, design_id)
    data = _read_upload(file, design.technology)
    revision = services.revision_import(
        actor=request.user, design=design, fmt=format, data=data, parent=parent, message=message
    )
    return Status(201, revision)


@router.get(
    "/designs/{int:design_id}/revisions/{int:number}",
    response={200: RevisionDetailOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="A revision with its content, problems, BOM and metrics",
)
def revision_read(request, design_id: int, number: int):
    return _revision(_design(request, design_id), number)


@router.get(
    "/designs/{int:design_id}/revisions/{int:number}/bom",
    response={200: dict, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="A revision's bill of materials as a JSON or CSV file, with its attribution",
    openapi_extra=_file_response("The BOM (JSON by default, CSV with format=csv)", "text/csv"),
)
def revision_bom(request, design_id: int, number: int, format: Literal["json", "csv"] = "json"):
    revision = _revision(_design(request, design_id), number)
    return _download(exports.bom_file(revision, format))


@router.get(
    "/designs/{int:design_id}/revisions/{int:number}/export",
    response={200: str, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="A revision as a file of one of its kind's export formats, with its attribution",
    openapi_extra=_file_response("The file", "application/octet-stream"),
)
def revision_export(request, design_id: int, number: int, format: str = Query(..., max_length=40)):
    revision = _revision(_design(request, design_id), number)
    return _download(exports.design_export(revision, format))


@router.get(
    "/designs/{int:design_id}/revisions/{int:number}/preview.svg",
    response={200: str, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    url_name="design_preview_svg",
    summary="The kind's SVG preview of a revision",
    openapi_extra=_file_response("An SVG document", "image/svg+xml"),
)
def revision_preview_svg(request, design_id: int, number: int):
    revision = _revision(_design(request, design_id), number)
    response = HttpResponse(exports.preview_svg(revision), content_type="image/svg+xml")
    # Drawn by a kind's code: no script runs from it even when opened directly.
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    response["Cache-Control"] = "public, max-age=86400"
    return response


@router.get(
    "/designs/{int:design_id}/revisions/{int:number}/thumbnail.png",
    response={200: str, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    url_name="design_thumbnail_png",
    summary="The kind's PNG thumbnail of a revision (size 200, 400 or 800; other sizes give 400)",
    openapi_extra=_file_response("A PNG image", "image/png"),
)
def revision_thumbnail_png(request, design_id: int, number: int, size: int = Query(400, ge=1, le=2000)):
    revision = _revision(_design(request, design_id), number)
    response = HttpResponse(exports.preview_png(revision, size), content_type="image/png")
    response["Cache-Control"] = "public, max-age=86400"
    return response


@router.get(
    "/designs/{int:design_id}/revisions/{int:number}/comments",
    response={200: AnchoredCommentsOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="Comments anchored to the elements of a revision",
)
def revision_comments(request, design_id: int, number: int):
    design = _design(request, design_id)
    anchored = selectors.anchored_comments(design=design, revision=_revision(design, number))
    return {
        "elements": {k: [_anchor_out(a) for a in v] for k, v in anchored.by_element.items()},
        "removed": [_anchor_out(a) for a in anchored.removed],
    }


@router.post(
    "/designs/{int:design_id}/revisions/{int:number}/comments",
    response={201: AnchoredCommentOut, **RATED_ERRORS},
    summary="Comment on one element of a revision",
)
@ratelimit(key="user_or_ip", rate=COMMENT_RATE, method="POST", group="studio.comment", block=True)
def revision_comment_create(request, design_id: int, number: int, payload: AnchoredCommentIn):
    from boucle.community.models import Comment

    design = _design(request, design_id)
    revision = _revision(design, number)
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(pk=payload.parent).first()
        if parent is None:
            raise InvalidInput(_("The comment you reply to does not exist any more."), field="parent")
    comment = services.design_comment_create(
        author=request.user,
        design=design,
        revision=revision,
        element=payload.element,
        body=payload.body,
        parent=parent,
    )
    return Status(201, _anchor_out(comment.design_anchor))


# ---------------------------------------------------------------------------------------------- suggestions


def _suggestion(request, suggestion_id: int) -> Suggestion:
    return selectors.suggestion_get(suggestion_id=suggestion_id, user=_user(request))


@router.get(
    "/designs/{int:design_id}/suggestions",
    response={200: list[SuggestionOut], **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="Suggestions made to a design",
)
@paginate(Pagination)
def suggestion_list(request, design_id: int, state: SuggestionState | Literal[""] = ""):
    return selectors.design_suggestions(design=_design(request, design_id), state=state).select_related(
        "design"
    )


@router.post(
    "/designs/{int:design_id}/suggestions",
    response={201: SuggestionDetailOut, **RATED_ERRORS},
    summary="Suggest a change to someone else's design",
)
@ratelimit(key="user_or_ip", rate=SUGGESTION_RATE, method="POST", group="studio.suggest", block=True)
def suggestion_propose(request, design_id: int, payload: SuggestionIn):
    design = _design(request, design_id)
    suggestion = services.suggestion_propose(
        actor=request.user,
        design=design,
        content=payload.content,
        parent=payload.parent,
        message=payload.message,
    )
    return Status(201, _suggestion(request, suggestion.pk))


@router.get(
    "/suggestions/{int:suggestion_id}",
    response={200: SuggestionDetailOut, **PUBLIC_ERRORS},
    auth=OptionalAuth(),
    summary="A suggestion with its content",
)
def suggestion_read(request, suggestion_id: int):
    return _suggestion(request, suggestion_id)


@router.post(
    "/suggestions/{int:suggestion_id}/merge",
    response={200: SuggestionDetailOut, **ERRORS},
    summary="Merge a suggestion (the design's team; 409 when the design moved on since)",
)
def suggestion_merge(request, suggestion_id: int):
    suggestion = _suggestion(request, suggestion_id)
    services.suggestion_merge(actor=request.user, suggestion=suggestion)
    return _suggestion(request, suggestion_id)


@router.post(
    "/suggestions/{int:suggestion_id}/decline",
    response={200: SuggestionDetailOut, **ERRORS},
    summary="Decline a suggestion, saying why (the design's team)",
)
def suggestion_decline(request, suggestion_id: int, payload: StudioReasonIn):
    suggestion = _suggestion(request, suggestion_id)
    services.suggestion_decline(actor=request.user, suggestion=suggestion, reason=payload.reason)
    return _suggestion(request, suggestion_id)
