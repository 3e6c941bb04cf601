"""Writes to the full-text index. The index is derived data: every writer feeds it through the signal
receivers of ``boucle.search.signals`` (save, delete, tag changes); bulk loads call ``search_reindex()``.

A writer that changes rows with ``QuerySet.update()`` (which sends no signal) calls ``search_index(obj)``
afterwards. The index writes run in the caller's transaction: a rolled-back write leaves no trace in it.
"""

from django.db import transaction

from boucle.search import documents as docs
from boucle.search.backends import Document, backend

REINDEX_BATCH = 1000


def search_index(obj, *, with_comments: bool = False) -> None:
    """Bring ``obj``'s entry up to date: (re)write it when it is findable, remove it when not.

    When a project, technology or challenge becomes findable or stops being so, its comments (and a
    technology's challenges) follow. ``with_comments=True`` rewrites its comments in any case (after comments
    were moved to it with ``update()``).

    >>> search_index(project)   # after a change that bypassed save()
    """
    kind = docs.kind_of(obj)
    if kind is None:
        return
    if docs.findable(obj):
        changed = bool(backend().upsert([docs.document(obj)]))
        visible = True
    else:
        changed = backend().delete([(kind, obj.pk)]) > 0
        visible = False
    if isinstance(obj, docs.CONTAINERS) and (changed or with_comments):
        _sync_dependents(obj, visible=visible)


def search_remove(obj) -> None:
    """Remove ``obj`` from the index (it was deleted), with its comments and, for a technology, challenges."""
    kind = docs.kind_of(obj)
    if kind is None:
        return
    backend().delete([(kind, obj.pk)])
    if isinstance(obj, docs.CONTAINERS):
        _sync_dependents(obj, visible=False)


def _sync_dependents(target, *, visible: bool) -> None:
    comments = docs.comments_on(target)
    if visible:
        organization_id = docs.organization_id_of(target)
        rows = comments.filter(deleted_at__isnull=True, hidden_at__isnull=True).values_list("pk", "body")
        backend().upsert([docs.comment_document(pk, body, organization_id) for pk, body in rows])
    else:
        backend().delete([("comment", pk) for pk in comments.values_list("pk", flat=True)])
    if docs.kind_of(target) == "project":  # its designs are findable when it is
        for design in target.designs.all():
            design.project = target
            if visible:
                search_index(design)
            else:
                search_remove(design)
        for make in target.makes.select_related("author"):  # and its makes
            make.project = target
            if visible:
                search_index(make)
            else:
                search_remove(make)
    if docs.kind_of(target) == "technology":
        for challenge in target.challenges.all():
            challenge.technology = target
            if visible:
                search_index(challenge)
            else:
                search_remove(challenge)


@transaction.atomic
def search_reindex() -> int:
    """Rebuild the whole index from the database (after ``boucle seed`` or any bulk load). Returns the number
    of documents indexed."""
    from boucle.catalog.models import Technology
    from boucle.challenges.models import Challenge
    from boucle.community.models import Comment
    from boucle.projects.models import Project

    index = backend()
    index.clear()
    total = 0
    batch: list[Document] = []

    def add(doc: Document):
        nonlocal total
        batch.append(doc)
        total += 1
        if len(batch) >= REINDEX_BATCH:
            index.upsert(batch)
            batch.clear()

    # Organization of every findable container, by kind: comments are findable when their target is.
    targets: dict[str, dict[int, int]] = {"technology": {}, "challenge": {}, "project": {}}
    for technology in Technology.objects.exclude(status="draft").iterator(chunk_size=REINDEX_BATCH):
        add(docs.technology_document(technology))
        targets["technology"][technology.pk] = technology.organization_id
    for challenge in Challenge.objects.select_related("technology").iterator(chunk_size=REINDEX_BATCH):
        if docs.challenge_findable(challenge):
            add(docs.challenge_document(challenge))
            targets["challenge"][challenge.pk] = challenge.technology.organization_id
    tags_of: dict[int, list[tuple[str, str]]] = {}
    through = Project.tags.through.objects.values_list("project_id", "tag__name", "tag__slug")
    for project_id, name, slug in through.iterator(chunk_size=10 * REINDEX_BATCH):
        tags_of.setdefault(project_id, []).append((name, slug))
    projects = Project.objects.exclude(status="draft").filter(hidden_at__isnull=True, merged_into__isnull=True)
    for project in projects.select_related("technology").iterator(chunk_size=REINDEX_BATCH):
        if docs.project_findable(project):
            add(docs.project_document(project, tags=tags_of.get(project.pk, [])))
            targets["project"][project.pk] = project.technology.organization_id
    from django.contrib.contenttypes.models import ContentType

    kind_by_type = {
        ContentType.objects.get_for_model(model).pk: kind
        for kind, model in docs.MODELS.items()
        if kind in targets
    }
    comments = Comment.objects.filter(deleted_at__isnull=True, hidden_at__isnull=True).values_list(
        "pk", "target_type_id", "target_id", "body"
    )
    for pk, type_id, target_id, body in comments.iterator(chunk_size=REINDEX_BATCH):
        organizations = targets.get(kind_by_type.get(type_id, ""), {})
        if target_id in organizations:
            add(docs.comment_document(pk, body, organizations[target_id]))
    from boucle.studio.models import Design

    designs = Design.objects.filter(project_id__in=list(targets["project"])).select_related("project__technology")
    for design in designs.iterator(chunk_size=REINDEX_BATCH):
        add(docs.design_document(design))
    from boucle.realization.models import Offer

    offers = Offer.objects.filter(
        status="active", realization__status="active", realization__project_id__in=list(targets["project"])
    ).select_related("realization__project", "realization__design", "realization__organization")
    for offer in offers.iterator(chunk_size=REINDEX_BATCH):
        add(docs.offer_document(offer))
    from boucle.makes.models import Make

    makes = Make.objects.filter(hidden_at__isnull=True, project_id__in=list(targets["project"]))
    for make in makes.select_related("project__technology", "author").iterator(chunk_size=REINDEX_BATCH):
        add(docs.make_document(make))
    if batch:
        index.upsert(batch)
    return total
