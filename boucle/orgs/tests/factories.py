import factory
from django.utils.text import slugify

from boucle.accounts.tests.factories import UserFactory
from boucle.orgs.models import Invitation, Membership, Organization, Role


class OrganizationFactory(factory.django.DjangoModelFactory):
    """An organization whose creator holds the owner role.

    ``OrganizationFactory(owner=alice)`` makes alice its creator and owner.
    """

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    class Params:
        owner = None

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    description = "We open our know-how to the community."
    created_by = factory.LazyAttribute(lambda o: o.owner or UserFactory())

    @factory.post_generation
    def owner_membership(org, create, extracted, **kwargs):
        if create:
            Membership.objects.get_or_create(organization=org, user=org.created_by, role=Role.OWNER)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    organization = factory.SubFactory(OrganizationFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.REVIEWER


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organization = factory.SubFactory(OrganizationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.REVIEWER
    token = factory.Sequence(lambda n: f"token-{n:040d}")
    invited_by = factory.LazyAttribute(lambda i: i.organization.created_by)
