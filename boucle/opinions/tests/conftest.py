import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.opinions.services import conversation_create
from boucle.orgs.tests.factories import OrganizationFactory


@pytest.fixture
def owner(db):
    return UserFactory(username="olivia")


@pytest.fixture
def technology(owner):
    return TechnologyFactory(organization=OrganizationFactory(owner=owner), name="Bricks")


@pytest.fixture
def conversation(owner, technology):
    return conversation_create(
        actor=owner,
        target=technology,
        question="What should the next brick set be about?",
        seeds=["Bigger wheels for rovers", "More pieces in muted colours", "Instructions on paper"],
    )


@pytest.fixture
def members(db):
    return [UserFactory(username=f"member{i}") for i in range(6)]
