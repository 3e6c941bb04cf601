from datetime import datetime

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from boucle.api.pagination import Pagination
from boucle.catalog import services
from boucle.catalog.models import Technology, TechnologyStatus
from boucle.catalog.selectors import technologies_visible, technology_can_view, technology_versions
from boucle.core.errors import InvalidInput
from boucle.orgs.selectors import object_or_404

router = Router(tags=["catalog"])


class TechnologyOut(Schema):
    slug: str
    name: str
    organization: str
    summary: str
    description: str
    status: str
    support_ladder: list[dict] | None
    url: str
    created_at: datetime
    updated_at: datetime

    @staticmethod
    def resolve_organization(obj):
        return obj.organization.slug

    @staticmethod
    def resolve_url(obj):
        return obj.get_absolute_url()


class TechnologyIn(Schema):
    organization: str
    name: str
    summary: str = ""
    description: str = ""
    status: TechnologyStatus = TechnologyStatus.DRAFT
    support_ladder: str = ""  # "100/60, 1000/365"; "" = the organization's


class TechnologyPatch(Schema):
    name: str | None = None
    summary: str | None = None
    description: str | None = None
    support_ladder: str | None = None


class StatusIn(Schema):
    status: TechnologyStatus


class VersionIn(Schema):
    version: str
    changelog: str = ""
    released_at: datetime | None = None
    projects: list[str] = Field(
        default=[], max_length=100, description="Slugs of the projects that inspired it."
    )
    makes: list[int] = Field(default=[], max_length=100, description="Ids of the makes that inspired it.")


class InspirationOut(Schema):
    project: str = Field(description="The cited project's slug.")
    project_title: str
    make: int | None = Field(description="The cited make's id, if a make was cited.")

    @staticmethod
    def resolve_project(obj):
        return obj.project.slug

    @staticmethod
    def resolve_project_title(obj):
        return obj.project.title

    @staticmethod
    def resolve_make(obj):
        return obj.make_id


class VersionOut(Schema):
    version: str
    changelog: str
    released_at: datetime
    inspirations: list[InspirationOut] = Field(
        description="The projects and makes that inspired this version."
    )

    @staticmethod
    def resolve_inspirations(obj):
        return list(obj.inspirations.all())


def _visible(request, slug) -> Technology:
    technology = object_or_404(Technology.objects.select_related("organization"), slug=slug)
    if not technology_can_view(user=request.user, technology=technology):
        raise Http404
    return technology


@router.get("/", response=list[TechnologyOut], auth=None)
@paginate(Pagination)
def list_technologies(request, organization: str | None = None):
    qs = technologies_visible(user=request.user).order_by("name")
    if organization:
        qs = qs.filter(organization__slug=organization.replace("\x00", ""))
    return qs


@router.post("/", response={201: TechnologyOut})
def create_technology(request, payload: TechnologyIn):
    from boucle.orgs.models import Organization

    organization = object_or_404(Organization, slug=payload.organization)
    technology = services.technology_create(
        actor=request.user,
        organization=organization,
        name=payload.name,
        summary=payload.summary,
        description=payload.description,
        status=payload.status.value,
        support_ladder_text=payload.support_ladder,
    )
    return Status(201, technology)


@router.get("/{slug}", response=TechnologyOut, auth=None)
def read_technology(request, slug: str):
    return _visible(request, slug)


@router.patch("/{slug}", response=TechnologyOut)
def update_technology(request, slug: str, payload: TechnologyPatch):
    technology = object_or_404(Technology.objects.select_related("organization"), slug=slug)
    data = {k: (v or "") for k, v in payload.dict(exclude_unset=True).items()}
    if "support_ladder" in data:
        data["support_ladder_text"] = data.pop("support_ladder")
    return services.technology_update(actor=request.user, technology=technology, **data)


@router.post("/{slug}/status", response=TechnologyOut)
def change_status(request, slug: str, payload: StatusIn):
    technology = object_or_404(Technology.objects.select_related("organization"), slug=slug)
    return services.technology_status_set(
        actor=request.user, technology=technology, status=payload.status.value
    )


@router.get("/{slug}/versions", response=list[VersionOut], auth=None)
@paginate(Pagination)
def list_versions(request, slug: str):
    return technology_versions(technology=_visible(request, slug))


@router.post("/{slug}/versions", response={201: VersionOut})
def create_version(request, slug: str, payload: VersionIn):
    """Publish a version; ``projects`` and ``makes`` cite what inspired it (their teams and followers hear of it)."""
    from boucle.makes.models import Make
    from boucle.projects.models import Project

    technology = object_or_404(Technology.objects.select_related("organization"), slug=slug)
    data = payload.dict()
    slugs = [s.replace("\x00", "") for s in data.pop("projects")]
    make_ids = data.pop("makes")
    projects = list(Project.objects.filter(slug__in=slugs).select_related("technology"))
    makes = list(Make.objects.filter(pk__in=make_ids).select_related("project__technology"))
    if len(projects) != len(set(slugs)):
        raise InvalidInput(_("Some of these projects do not exist."), field="projects")
    if len(makes) != len(set(make_ids)):
        raise InvalidInput(_("Some of these makes do not exist."), field="makes")
    version = services.technology_version_publish(
        actor=request.user, technology=technology, projects=projects, makes=makes, **data
    )
    return Status(201, technology_versions(technology=technology).get(pk=version.pk))
