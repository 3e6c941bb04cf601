"""Test data for reviews: an organization with a technology, a project in review, reviewers.

Organizations and technologies come from their apps' factories; projects are made here with the ORM in the
state reviews needs (the projects app's services move them there step by step).
"""

from datetime import timedelta

import factory
from django.utils import timezone

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.enums import ProjectStatus, TeamRole
from boucle.projects.models import Project, ProjectMember
from boucle.reviews.models import ReviewWindow


class ProjectInReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Project
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lighthouse {n}")
    slug = factory.Sequence(lambda n: f"lighthouse-{n}")
    pitch = "A lighthouse with a turning light."
    technology = factory.SubFactory(TechnologyFactory)
    status = ProjectStatus.IN_REVIEW
    created_by = factory.SubFactory(UserFactory)
    published_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def owner(project, create, extracted, **kwargs):
        if create:
            ProjectMember.objects.create(project=project, user=project.created_by, role=TeamRole.OWNER)


class WindowFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewWindow

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Review {n}")
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


def member_with_role(organization, role=Role.REVIEWER, **kwargs):
    member = UserFactory(**kwargs)
    Membership.objects.create(organization=organization, user=member, role=role)
    return member
