"""What is findable, and the document each findable object becomes.

Findable (everything else is kept out of the index, and dropped again when results are loaded, in case a
writer changed a row without going through ``save()``):

- a project that was published: not a draft, not hidden by moderation, not merged into another project.
  Projects *archived by their team* after publication stay findable (their stage says "archived", the stage
  facet filters them out): an archived idea is still an idea people look for, and its page is public.
  A project archived while still a draft never was public and is not findable. A project merged into
  another is archived with ``merged_into`` set: not findable, the project it was merged into is.
- a technology that is not a draft; a challenge that is published, on a technology that is not a draft;
- a comment that is neither deleted nor hidden, on a findable project, technology or challenge;
- a design (studio) of a findable project.
- an active offer (realization) of an active realization of a findable project.
- a make that is not hidden, of a findable project.
"""

from django.contrib.contenttypes.models import ContentType

from boucle.catalog.models import Technology, TechnologyStatus
from boucle.challenges.models import Challenge
from boucle.community.models import Comment
from boucle.makes.models import Make
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project
from boucle.realization.models import Offer
from boucle.search.backends import Document
from boucle.search.text import normalize
from boucle.studio.models import Design

MODELS = {
    "project": Project,
    "technology": Technology,
    "challenge": Challenge,
    "comment": Comment,
    "design": Design,
    "offer": Offer,
    "make": Make,
}
CONTAINERS = (Project, Technology, Challenge)


def kind_of(obj) -> str | None:
    for kind, model in MODELS.items():
        if isinstance(obj, model):
            return kind
    return None


def project_findable(project: Project) -> bool:
    if project.status == ProjectStatus.DRAFT or project.hidden_at is not None or project.merged_into_id:
        return False
    return not (project.status == ProjectStatus.ARCHIVED and project.published_at is None)


def technology_findable(technology: Technology) -> bool:
    return technology.status != TechnologyStatus.DRAFT


def challenge_findable(challenge: Challenge) -> bool:
    return challenge.is_published and technology_findable(challenge.technology)


def comment_findable(comment: Comment, target=None) -> bool:
    if comment.deleted_at is not None or comment.hidden_at is not None:
        return False
    target = comment.target if target is None else target
    return target is not None and kind_of(target) != "comment" and findable(target)


def design_findable(design: Design) -> bool:
    return project_findable(design.project)


def offer_findable(offer: Offer) -> bool:
    return (
        offer.status == "active"
        and offer.realization.status == "active"
        and project_findable(offer.realization.project)
    )


def make_findable(make: Make) -> bool:
    return make.hidden_at is None and project_findable(make.project)


def findable(obj) -> bool:
    return {
        "project": project_findable,
        "technology": technology_findable,
        "challenge": challenge_findable,
        "comment": comment_findable,
        "design": design_findable,
        "offer": offer_findable,
        "make": make_findable,
    }[kind_of(obj)](obj)


def organization_id_of(obj) -> int | None:
    kind = kind_of(obj)
    if kind == "technology":
        return obj.organization_id
    if kind in ("project", "challenge"):
        return obj.technology.organization_id
    if kind == "design":
        return obj.project.technology.organization_id
    if kind == "offer":
        return obj.realization.organization_id
    if kind == "make":
        return obj.project.technology.organization_id
    return None


def project_document(project: Project, tags: list[tuple[str, str]] | None = None) -> Document:
    """``tags``: (name, slug) pairs, when the caller already has them (a reindex prefetches them)."""
    if tags is None:
        tags = list(project.tags.values_list("name", "slug"))
    return Document(
        kind="project",
        object_id=project.pk,
        title=normalize(project.title),
        summary=normalize(project.pitch),
        body=normalize(project.body),
        tags=normalize(" ".join(name for name, _slug in tags)),
        organization_id=project.technology.organization_id,
        stage=project.status,
        tag_slugs=tuple(sorted(slug for _name, slug in tags)),
    )


def technology_document(technology: Technology) -> Document:
    return Document(
        kind="technology",
        object_id=technology.pk,
        title=normalize(technology.name),
        summary=normalize(technology.summary),
        body=normalize(technology.description),
        organization_id=technology.organization_id,
    )


def challenge_document(challenge: Challenge) -> Document:
    return Document(
        kind="challenge",
        object_id=challenge.pk,
        title=normalize(challenge.title),
        body=normalize(challenge.brief),
        organization_id=challenge.technology.organization_id,
    )


def comment_document(comment_id: int, body: str, organization_id: int | None) -> Document:
    # No title: a comment matches by what it says, and ranks below a title that says the same.
    return Document(kind="comment", object_id=comment_id, body=normalize(body), organization_id=organization_id)


def design_document(design: Design) -> Document:
    """A design is found by its title, its project's title and its kind's name (e.g. "brick model")."""
    from boucle.studio.registry import find_kind

    kind = find_kind(design.kind)
    return Document(
        kind="design",
        object_id=design.pk,
        title=normalize(design.title),
        summary=normalize(design.project.title),
        body=normalize(f"{kind.label if kind else design.kind} {design.kind}"),
        organization_id=design.project.technology.organization_id,
    )


def offer_document(offer: Offer) -> Document:
    """An offer is found by its title, its project's and design's titles, its producer and its description.
    Its organization facet is the producer's."""
    realization = offer.realization
    return Document(
        kind="offer",
        object_id=offer.pk,
        title=normalize(offer.title),
        summary=normalize(f"{realization.project.title} {realization.design.title} {realization.organization.name}"),
        body=normalize(offer.description),
        organization_id=realization.organization_id,
    )


def make_document(make: Make) -> Document:
    """A make is found by its project's title, its maker's name and its note."""
    return Document(
        kind="make",
        object_id=make.pk,
        title=normalize(make.project.title),
        summary=normalize(f"{make.author.name} {make.author.username}"),
        body=normalize(make.note),
        organization_id=make.project.technology.organization_id,
    )


def document(obj) -> Document:
    kind = kind_of(obj)
    if kind == "comment":
        return comment_document(obj.pk, obj.body, organization_id_of(obj.target))
    return {
        "project": project_document,
        "technology": technology_document,
        "challenge": challenge_document,
        "design": design_document,
        "offer": offer_document,
        "make": make_document,
    }[kind](obj)


def comments_on(target):
    """The comments of a project, technology or challenge (any state)."""
    return Comment.objects.filter(target_type=ContentType.objects.get_for_model(target), target_id=target.pk)
