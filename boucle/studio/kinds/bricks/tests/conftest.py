import pytest

from boucle.studio.kinds.bricks import kind as bricks_kind


@pytest.fixture
def kind():
    return bricks_kind


@pytest.fixture
def kit():
    return bricks_kind.demo_kit()
