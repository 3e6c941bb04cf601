"""Fixtures of the ledger's tests: an organization whose owner is alice, a project on its technology."""

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.ledger.models import ContributionKind
from boucle.ledger.services import contribution_record
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.tests.factories import make_project


@pytest.fixture
def org(user):
    return OrganizationFactory(owner=user, name="Brewers Collective")


@pytest.fixture
def creator(db):
    return UserFactory(username="carol")


@pytest.fixture
def project(org, creator):
    """A published project whose original idea is carol's (one project_created act)."""
    return make_project(
        owner=creator, technology=TechnologyFactory(organization=org), title="Smoked porter", publish=True
    )


def record(project, member, kind: ContributionKind, times: int = 1):
    """Append ``times`` acts of a kind by a member on a project; returns the last one."""
    row = None
    for _ in range(times):
        row = contribution_record(actor=member, kind=kind, project=project, subject=project)
    return row
