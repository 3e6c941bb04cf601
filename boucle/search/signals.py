"""Signal receivers keeping the index in step with every write (connected in ``SearchConfig.ready``).

Signals are the right tool here: the index is a derived concern that every writer must feed, and no
writer should have to know it exists. Writes that send no signal (``QuerySet.update()``, ``bulk_create``)
are followed by ``search_index(obj)`` or ``search_reindex()``.
"""

from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save, pre_delete

from boucle.search.services import search_index, search_remove


def _saved(sender, instance, raw=False, **kwargs):
    if not raw:  # loaddata: related rows may not exist yet; reindex afterwards
        search_index(instance)


def _deleted(sender, instance, **kwargs):
    search_remove(instance)


def _project_tags_changed(sender, instance, action, reverse, pk_set, **kwargs):
    from boucle.projects.models import Project

    if action == "pre_clear" and reverse:
        instance._search_project_ids = list(instance.projects.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if not reverse:
        search_index(instance)
        return
    ids = getattr(instance, "_search_project_ids", []) if action == "post_clear" else list(pk_set or [])
    for project in Project.objects.filter(pk__in=ids).select_related("technology"):
        search_index(project)


def _tag_saved(sender, instance, created=False, raw=False, **kwargs):
    if created or raw:
        return
    for project in instance.projects.select_related("technology"):  # a renamed tag: its name is indexed
        search_index(project)


def _tag_deleting(sender, instance, **kwargs):
    instance._search_project_ids = list(instance.projects.values_list("pk", flat=True))


def _tag_deleted(sender, instance, **kwargs):
    from boucle.projects.models import Project

    ids = getattr(instance, "_search_project_ids", [])
    for project in Project.objects.filter(pk__in=ids).select_related("technology"):
        search_index(project)


def _after_migrate(sender, using="default", **kwargs):
    """``flush`` (between transactional tests, or by hand) empties the tables but not the index, which is no
    model: an empty database gets an empty index. A database with content keeps its index as it is."""
    from django.db import connections

    from boucle.catalog.models import Technology
    from boucle.search.backends import backend

    connection = connections[using]
    if using != "default" or connection.vendor not in ("sqlite", "postgresql"):
        return
    if backend().table not in connection.introspection.table_names():
        return  # migrated back before the index existed
    # Every findable thing hangs from a technology: none left means nothing can be findable.
    if not Technology.objects.using(using).exists():
        backend().clear()


def connect(app_config=None) -> None:
    from boucle.catalog.models import Technology
    from boucle.challenges.models import Challenge
    from boucle.community.models import Comment
    from boucle.makes.models import Make
    from boucle.projects.models import Project, Tag
    from boucle.realization.models import Offer
    from boucle.studio.models import Design

    for model in (Project, Technology, Challenge, Comment, Design, Offer, Make):
        post_save.connect(_saved, sender=model, dispatch_uid=f"search_saved_{model.__name__}")
        post_delete.connect(_deleted, sender=model, dispatch_uid=f"search_deleted_{model.__name__}")
    m2m_changed.connect(_project_tags_changed, sender=Project.tags.through, dispatch_uid="search_project_tags")
    post_save.connect(_tag_saved, sender=Tag, dispatch_uid="search_tag_saved")
    pre_delete.connect(_tag_deleting, sender=Tag, dispatch_uid="search_tag_deleting")
    post_delete.connect(_tag_deleted, sender=Tag, dispatch_uid="search_tag_deleted")
    if app_config is not None:
        post_migrate.connect(_after_migrate, sender=app_config, dispatch_uid="search_after_migrate")
