import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.projects.tests.factories import make_project

# Two supporters reach the first tier: a milestone; ten are needed to be supported.
LADDER = [{"supporters": 2, "days": 30}, {"supporters": 10, "days": 30}]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(service, **kwargs): call a service as a request would, with what runs after its commit
    (event → fan-out task → e-mail tasks; the test settings run tasks at once)."""

    def call(service, /, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return service(**kwargs)

    return call


@pytest.fixture
def carol(db):
    return UserFactory(username="carol")


@pytest.fixture
def dave(db):
    return UserFactory(username="dave")


@pytest.fixture
def project(user):
    """alice's published project."""
    return make_project(owner=user, publish=True, ladder=LADDER, title="A castle that opens")
