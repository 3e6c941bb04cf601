"""Fixtures of the activity tests: a published project of alice's, and bob who watches."""

import pytest

from boucle.projects.tests.factories import make_project


@pytest.fixture
def project(user):
    return make_project(owner=user, publish=True, title="Castle that opens", tags="castle, medieval")


@pytest.fixture
def draft(user):
    return make_project(owner=user, title="Secret draft")
