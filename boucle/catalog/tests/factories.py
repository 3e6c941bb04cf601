import factory
from django.utils import timezone
from django.utils.text import slugify

from boucle.catalog.models import Technology, TechnologyImage, TechnologyStatus, TechnologyVersion
from boucle.orgs.tests.factories import OrganizationFactory


class TechnologyFactory(factory.django.DjangoModelFactory):
    """A published technology of a new organization (whose creator is its owner)."""

    class Meta:
        model = Technology

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Technology {n}")
    slug = factory.LazyAttribute(lambda t: slugify(t.name))
    summary = "A technology open to co-design."
    description = "What it is and how to use it."
    status = TechnologyStatus.PUBLISHED
    created_by = factory.LazyAttribute(lambda t: t.organization.created_by)


class TechnologyVersionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnologyVersion

    technology = factory.SubFactory(TechnologyFactory)
    version = factory.Sequence(lambda n: f"1.{n}")
    changelog = "What changed."
    released_at = factory.LazyFunction(timezone.now)
    created_by = factory.LazyAttribute(lambda v: v.technology.created_by)


class TechnologyImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TechnologyImage

    technology = factory.SubFactory(TechnologyFactory)
    image = "technologies/example.png"
    caption = "An example"
