from django.db import models


class PeriodicJob(models.Model):
    """When a periodic job last ran and next runs. Claimed by an atomic UPDATE, so with several workers
    each run happens once."""

    name = models.CharField(max_length=100, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name
