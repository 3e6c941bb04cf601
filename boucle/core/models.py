from django.db import models


class PeriodicJob(models.Model):
    """When a periodic job last ran and next runs. Claimed by an atomic UPDATE, so with several workers
    each run happens once."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError(f"{self.model.append_only_message}: rows are never updated.")

    def delete(self):
        raise TypeError(f"{self.model.append_only_message}: rows are never deleted.")


class AppendOnlyModel(models.Model):
    """A log whose rows are only ever added (the contribution ledger, the moderation log).

    Saving an existing row, deleting one, or updating/deleting through a queryset raises TypeError; a
    retraction is a new row. Subclasses say what they are in ``append_only_message``.
    """

    append_only_message = "This log is append-only"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None and not kwargs.get("force_insert"):
            raise TypeError(f"{self.append_only_message}: rows are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError(f"{self.append_only_message}: rows are never deleted.")
