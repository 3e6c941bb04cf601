"""The demo's makes: photos, ledger rows, a version citing a project per organization; a second run adds none."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.storage import default_storage
from django.core.management import call_command

from boucle.catalog.models import VersionInspiration
from boucle.demo.seed import seed
from boucle.ledger.models import Contribution, ContributionKind
from boucle.makes.demo import _next_version, seed_makes
from boucle.makes.models import Make
from boucle.orgs.models import Organization


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        seed(scale=1)
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


@pytest.mark.django_db
def test_the_demo_has_makes_with_photos_each_counted_once_in_the_ledger(seeded):
    makes = list(Make.objects.prefetch_related("photos"))
    assert len(makes) >= 6
    assert all(m.photos.all() and 1 <= m.rating <= 5 for m in makes)
    assert all(default_storage.exists(m.photos.all()[0].image) for m in makes)
    make_type = ContentType.objects.get_for_model(Make)
    for make in makes:
        assert (
            Contribution.objects.filter(
                kind=ContributionKind.MAKE, object_type=make_type, object_id=make.pk, actor=make.author
            ).count()
            == 1
        )
        assert not make.project.team.filter(user=make.author).exists()


@pytest.mark.django_db
def test_each_demo_organization_publishes_a_version_citing_its_most_made_project(seeded):
    for organization in Organization.objects.filter(technologies__projects__makes__isnull=False).distinct():
        citation = VersionInspiration.objects.get(version__technology__organization=organization)
        assert citation.project.technology.organization == organization
        assert citation.make is not None and citation.make.project == citation.project


@pytest.mark.django_db
def test_seeding_the_makes_again_adds_nothing(seeded):
    from types import SimpleNamespace

    from boucle.accounts.models import User

    orgs = [SimpleNamespace(org=o) for o in Organization.objects.all()]
    people = SimpleNamespace(community=list(User.objects.filter(is_staff=False)))
    assert seed_makes(orgs=orgs, people=people) == {"makes": 0, "versions": 0}


@pytest.mark.parametrize(
    "given, expected", [("2025.1", "2025.2"), ("1.1", "1.2"), ("3", "4"), ("beta", "beta.1")]
)
def test_the_next_version_increments_the_last_number(given, expected):
    assert _next_version(given) == expected
