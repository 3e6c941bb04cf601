import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.orgs.models import Role
from boucle.reviews.tests.factories import ProjectInReviewFactory, member_with_role

GOOD_SCORES = {"design": 4, "fit": 5, "demand": 3, "feasibility": 2}
REASON = "A clever design that our production line can make as it is."


@pytest.fixture
def project(db):
    return ProjectInReviewFactory()


@pytest.fixture
def organization(project):
    return project.technology.organization


@pytest.fixture
def reviewer(organization):
    return member_with_role(organization, Role.REVIEWER, username="rita")


@pytest.fixture
def owner(organization):
    return organization.created_by


@pytest.fixture
def team_member(project):
    return project.created_by


@pytest.fixture
def outsider(db):
    return UserFactory(username="oscar")


@pytest.fixture
def producer(organization):
    return member_with_role(organization, Role.PRODUCER, username="paul")


@pytest.fixture
def staff(db):
    return UserFactory(username="sally", is_staff=True)
