"""The demo data has kits and designs for every technology whose kind is installed (bricks: Brickwerk)."""

import pytest
from django.core.management import call_command

from boucle.demo.seed import seed
from boucle.studio.models import Design, DesignKit, Suggestion
from boucle.studio.registry import find_kind


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        report = seed(scale=1)
    yield report
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_brickwerk_technologies_have_the_brick_kit_and_each_challenge_several_models(seeded):
    if find_kind("bricks") is None:
        pytest.fail("the brick kind is declared in pyproject.toml: reinstall Boucle (scripts/setup)")
    kits = DesignKit.objects.filter(technology__organization__slug="brickwerk")
    assert kits.count() == 2 and set(kits.values_list("kind", flat=True)) == {"bricks"}
    for challenge_slug in ("lighthouses-of-the-world", "small-flats-big-builds", "rolling-toys-for-toddlers"):
        designs = Design.objects.filter(project__challenge__slug=challenge_slug)
        assert designs.count() >= 3, challenge_slug
        assert all(d.head.valid for d in designs if d.forked_from_id is None), challenge_slug
    assert Design.objects.filter(forked_from__isnull=False).exists()
    assert Suggestion.objects.filter(author__username="alice").exists()
    # the other organizations' kits are of their own kinds, and only of installed ones
    others = DesignKit.objects.exclude(technology__organization__slug="brickwerk")
    assert all(find_kind(kind) is not None for kind in others.values_list("kind", flat=True))
    assert not others.filter(kind="bricks").exists()


@pytest.mark.django_db
def test_a_second_seed_adds_no_design(seeded):
    before = (Design.objects.count(), DesignKit.objects.count(), Suggestion.objects.count())
    report = seed(scale=1)
    assert (Design.objects.count(), DesignKit.objects.count(), Suggestion.objects.count()) == before
    assert "nothing changed" in report
