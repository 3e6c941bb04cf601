"""`boucle seed` gives the brewers' collective's technologies the recipe kit and the demo recipes."""

import pytest
from django.core.management import call_command

from boucle.demo.seed import seed
from boucle.studio.models import Design, DesignKit


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed(scale=1)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_brewers_technologies_have_the_recipe_kit_and_valid_recipes(seeded):
    kits = DesignKit.objects.filter(technology__organization__slug="free-beer-collective")
    assert kits.exists() and set(kits.values_list("kind", flat=True)) == {"recipes"}
    ingredients = kits.first().content
    assert sum(len(ingredients[g]) for g in ("fermentables", "hops", "yeasts", "miscs")) >= 40
    designs = Design.objects.filter(kind="recipes")
    assert designs.count() >= 3
    originals = [d for d in designs if d.forked_from_id is None]
    assert originals and all(d.head.valid for d in originals)
