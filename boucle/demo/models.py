from django.db import models
from django.utils.translation import gettext_lazy as _


class GeneratedCommunity(models.Model):
    """What ``boucle seed --scale N`` has generated so far (one row): running it again adds only the difference.

    ``projects`` and ``members`` count the generated rows whose whole batch has committed, so an interrupted
    run resumes where it stopped.
    """

    projects = models.PositiveIntegerField(_("generated projects"), default=0)
    members = models.PositiveIntegerField(_("generated members"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("generated community")
        verbose_name_plural = _("generated communities")

    def __str__(self):
        return f"{self.projects} projects, {self.members} members"
