"""Writes for technologies, their versions and images. Only owners of the organization (or staff) write."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.catalog.models import Technology, TechnologyImage, TechnologyStatus, TechnologyVersion
from boucle.core.errors import Conflict, InvalidInput
from boucle.core.images import image_store
from boucle.orgs.models import Organization
from boucle.orgs.services import _UNSET, clean_text, require_owner, unique_slug
from boucle.projects.ladder import ladder_parse

MAX_IMAGES = 20


def _ladder_from_text(text):
    text = (text or "").strip()
    return ladder_parse(text) if text else None


def _clean_status(status) -> str:
    if status not in TechnologyStatus.values:
        raise InvalidInput(
            _("Choose a status among: %(s)s.") % {"s": ", ".join(str(label) for label in TechnologyStatus.labels)},
            field="status",
        )
    return status


@transaction.atomic
def technology_create(
    *,
    actor,
    organization: Organization,
    name: str,
    summary: str = "",
    description: str = "",
    status: str = TechnologyStatus.DRAFT,
    support_ladder_text: str = "",
) -> Technology:
    """An owner opens a technology of the organization (a draft until published, unless told otherwise)."""
    require_owner(actor=actor, organization=organization)
    name = clean_text(name, field="name", label=_("Name"), max_length=120, required=True)
    if not slugify(name):
        raise InvalidInput(_("The name needs at least one letter or digit."), field="name")
    return Technology.objects.create(
        organization=organization,
        name=name,
        slug=unique_slug(Technology, name),
        summary=clean_text(summary, field="summary", label=_("Summary"), max_length=280),
        description=clean_text(description, field="description", label=_("Description"), max_length=50000),
        status=_clean_status(status),
        support_ladder=_ladder_from_text(support_ladder_text),
        created_by=actor,
    )


@transaction.atomic
def technology_update(
    *, actor, technology: Technology, name=_UNSET, summary=_UNSET, description=_UNSET, support_ladder_text=_UNSET
) -> Technology:
    """Change what the owners give; omitted arguments stay. A bad value changes nothing."""
    require_owner(actor=actor, organization=technology.organization)
    changes = {}
    if name is not _UNSET:
        changes["name"] = clean_text(name, field="name", label=_("Name"), max_length=120, required=True)
    if summary is not _UNSET:
        changes["summary"] = clean_text(summary, field="summary", label=_("Summary"), max_length=280)
    if description is not _UNSET:
        changes["description"] = clean_text(description, field="description", label=_("Description"), max_length=50000)
    if support_ladder_text is not _UNSET:
        changes["support_ladder"] = _ladder_from_text(support_ladder_text)
    for field, value in changes.items():
        setattr(technology, field, value)
    technology.save()
    return technology


@transaction.atomic
def technology_status_set(*, actor, technology: Technology, status: str) -> Technology:
    """Move a technology between draft, published, deprecated and retired (any order: owners decide)."""
    require_owner(actor=actor, organization=technology.organization)
    technology.status = _clean_status(status)
    technology.save(update_fields=["status", "updated_at"])
    return technology


@transaction.atomic
def technology_version_add(
    *, actor, technology: Technology, version: str, changelog: str = "", released_at=None
) -> TechnologyVersion:
    """Record a released version; the version string is unique within the technology."""
    require_owner(actor=actor, organization=technology.organization)
    version = clean_text(version, field="version", label=_("Version"), max_length=40, required=True)
    changelog = clean_text(changelog, field="changelog", label=_("Changelog"), max_length=50000)
    if TechnologyVersion.objects.filter(technology=technology, version__iexact=version).exists():
        raise Conflict(_("Version %(v)s already exists.") % {"v": version}, field="version")
    try:
        # A savepoint, so a concurrent duplicate leaves the outer transaction usable.
        with transaction.atomic():
            return TechnologyVersion.objects.create(
                technology=technology,
                version=version,
                changelog=changelog,
                released_at=released_at or timezone.now(),
                created_by=actor,
            )
    except IntegrityError:
        raise Conflict(_("Version %(v)s already exists.") % {"v": version}, field="version") from None


@transaction.atomic
def technology_image_add(*, actor, technology: Technology, image, caption: str = "") -> TechnologyImage:
    require_owner(actor=actor, organization=technology.organization)
    caption = clean_text(caption, field="caption", label=_("Caption"), max_length=200)
    if technology.images.count() >= MAX_IMAGES:
        raise InvalidInput(_("A technology holds %(n)d images at most.") % {"n": MAX_IMAGES}, field="image")
    if image is None:
        raise InvalidInput(_("Choose an image."), field="image")
    path = image_store(image, folder="technologies")
    position = (technology.images.aggregate(m=Max("position"))["m"] or 0) + 1
    return TechnologyImage.objects.create(technology=technology, image=path, caption=caption, position=position)


@transaction.atomic
def technology_image_remove(*, actor, image: TechnologyImage) -> None:
    require_owner(actor=actor, organization=image.technology.organization)
    image.delete()


MAX_INSPIRATIONS = 50


def _inspiration_sources(*, technology: Technology, projects, makes) -> list[tuple]:
    """The (project, make or None) pairs a version may cite: public projects of the organization's technologies
    and their makes that are not hidden. A make's project is cited with it; each project or make once."""
    from boucle.projects.enums import ProjectStatus

    organization_id = technology.organization_id
    pairs, seen_projects, seen_makes = [], set(), set()
    for make in makes or []:
        project = make.project
        if make.hidden_at is not None or project.technology.organization_id != organization_id:
            raise InvalidInput(_("A version cites makes of its organization's projects only."), field="makes")
        if make.pk not in seen_makes:
            seen_makes.add(make.pk)
            pairs.append((project, make))
            seen_projects.add(project.pk)
    for project in projects or []:
        if (
            project.technology.organization_id != organization_id
            or project.status == ProjectStatus.DRAFT
            or project.hidden_at is not None
        ):
            raise InvalidInput(
                _("A version cites public projects of its organization's technologies only."), field="projects"
            )
        if project.pk not in seen_projects:
            seen_projects.add(project.pk)
            pairs.append((project, None))
    if len(pairs) > MAX_INSPIRATIONS:
        raise InvalidInput(
            _("A version cites %(n)d projects and makes at most.") % {"n": MAX_INSPIRATIONS}, field="projects"
        )
    return pairs


@transaction.atomic
def technology_version_publish(
    *,
    actor,
    technology: Technology,
    version: str,
    changelog: str = "",
    released_at=None,
    projects=(),
    makes=(),
) -> TechnologyVersion:
    """An owner releases a version of the technology citing the projects and makes that inspired it.

    Each cited project's page then says "This inspired version X of technology Y", and its team and followers
    hear of it (a VERSION_INSPIRED event per project).

    >>> technology_version_publish(actor=owner, technology=bricks, version="2.0", projects=[castle], makes=[make])
    <TechnologyVersion: Bricks 2.0>
    """
    from boucle.catalog.models import VersionInspiration

    require_owner(actor=actor, organization=technology.organization)
    pairs = _inspiration_sources(technology=technology, projects=projects, makes=makes)
    released = technology_version_add(
        actor=actor, technology=technology, version=version, changelog=changelog, released_at=released_at
    )
    for project, make in pairs:
        inspiration = VersionInspiration.objects.create(version=released, project=project, make=make)
        _record_version_inspired(inspiration, actor=actor)
    return released


def _record_version_inspired(inspiration, *, actor) -> None:
    from boucle.activity.models import Verb
    from boucle.activity.services import event_record

    version = inspiration.version
    technology = version.technology
    event_record(
        verb=Verb.VERSION_INSPIRED,
        actor=actor,
        subject=inspiration,
        project=inspiration.project,
        data={
            "technology": {"name": technology.name, "slug": technology.slug},
            "version": {"version": version.version, "id": version.pk},
            "make_id": inspiration.make_id,
        },
    )
