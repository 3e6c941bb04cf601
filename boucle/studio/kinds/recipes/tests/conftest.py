import pytest

from boucle.studio.kinds.recipes import kind as recipes_kind


@pytest.fixture
def kind():
    return recipes_kind


@pytest.fixture
def kit():
    return recipes_kind.demo_kit()
