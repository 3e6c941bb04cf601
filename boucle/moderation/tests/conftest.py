"""A small world to moderate: an organization with an owner and a moderator, a technology, a published
project by its author with a comment by a commenter, three reporters; another organization with its own
moderator."""

from types import SimpleNamespace

import pytest

from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.community.services import comment_create
from boucle.orgs.models import Membership, Role
from boucle.orgs.tests.factories import OrganizationFactory
from boucle.projects.tests.factories import make_project


@pytest.fixture
def world(db):
    owner = UserFactory(username="owner")
    org = OrganizationFactory(owner=owner, name="Brickworks", slug="brickworks")
    moderator = UserFactory(username="mod")
    Membership.objects.create(organization=org, user=moderator, role=Role.MODERATOR)
    technology = TechnologyFactory(organization=org)
    author = UserFactory(username="author")
    project = make_project(owner=author, technology=technology, publish=True, title="Castle", pitch="A castle.")
    commenter = UserFactory(username="commenter")
    comment = comment_create(author=commenter, target=project, body="Buy cheap watches at example.com")
    other_org = OrganizationFactory(name="Brewery", slug="brewery")
    other_mod = UserFactory(username="othermod")
    Membership.objects.create(organization=other_org, user=other_mod, role=Role.MODERATOR)
    other_technology = TechnologyFactory(organization=other_org)
    staff = UserFactory(username="staff", is_staff=True)
    reporters = [UserFactory(username=f"reporter{i}") for i in range(4)]
    visitor = UserFactory(username="visitor")
    return SimpleNamespace(
        org=org,
        owner=owner,
        moderator=moderator,
        technology=technology,
        author=author,
        project=project,
        commenter=commenter,
        comment=comment,
        other_org=other_org,
        other_mod=other_mod,
        other_technology=other_technology,
        staff=staff,
        reporters=reporters,
        visitor=visitor,
    )
