"""Realizations built through the services.

producer, org = make_producer()                          # a member holding the producer role of a new org
design = accepted_design(owner=alice, licence=Licence.BY)  # a tally design of an accepted project
realization = make_realization(design=design)            # adopted by a new producer's organization
"""

from boucle.accounts.tests.factories import UserFactory
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import Licence, ProjectStatus
from boucle.projects.tests.factories import force_status
from boucle.realization.services import realization_adopt
from boucle.studio.tests.factories import make_design


def make_producer(organization=None, *, user=None, role=Role.PRODUCER):
    organization = organization or OrganizationFactory()
    user = user or UserFactory()
    Membership.objects.get_or_create(organization=organization, user=user, role=role)
    return user, organization


def accepted_design(
    *, owner=None, licence=Licence.BY, technology=None, counters=(("apple", 3),), title="Fruit basket"
):
    design = make_design(owner=owner, licence=licence, technology=technology, counters=counters, title=title)
    force_status(design.project, ProjectStatus.ACCEPTED)
    design.refresh_from_db()
    return design


def make_realization(*, design=None, producer=None, organization=None, revision=None):
    design = design or accepted_design()
    if producer is None:
        producer, organization = make_producer(organization)
    return realization_adopt(
        actor=producer, organization=organization, project=design.project, revision=revision or design.head
    )
