"""Projects built through the services, as a member would make them.

project = make_project(owner=alice)                       # a draft
project = make_project(owner=alice, publish=True)         # published, climbing its first tier
project = make_project(owner=alice, publish=True, ladder=[{"supporters": 2, "days": 10}])
"""

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.projects.enums import ProjectStatus
from boucle.projects.models import Project
from boucle.projects.services import project_create, project_publish


def make_project(
    *, owner=None, technology=None, challenge=None, publish=False, ladder=None, **fields
) -> Project:
    owner = owner or UserFactory()
    if technology is None:
        technology = challenge.technology if challenge is not None else TechnologyFactory()
    if ladder is not None:
        technology.support_ladder = ladder
        technology.save(update_fields=["support_ladder"])
    fields.setdefault("title", "A castle that opens")
    fields.setdefault("pitch", "A medieval castle whose walls swing open.")
    project = project_create(actor=owner, technology=technology, challenge=challenge, **fields)
    if publish:
        project_publish(actor=owner, project=project)
    return project


def force_status(project, status: ProjectStatus) -> Project:
    """Put a project in a status directly, for tests of what comes after it (bypasses the lifecycle)."""
    Project.objects.filter(pk=project.pk).update(status=status)
    project.refresh_from_db()
    return project
