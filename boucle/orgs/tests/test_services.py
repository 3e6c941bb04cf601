import pytest
from django.core import mail

from boucle.accounts.tests.factories import UserFactory
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.orgs import services
from boucle.orgs.models import Invitation, Membership, Organization, Role
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_creator_becomes_owner_and_slug_is_unique(user):
    # given
    first = services.organization_create(actor=user, name="Brick Works")
    # when
    second = services.organization_create(actor=user, name="Brick works")
    # then
    assert first.slug == "brick-works"
    assert second.slug == "brick-works-2"
    assert Membership.objects.get(organization=first).role == Role.OWNER


def test_name_made_only_of_symbols_is_refused(user):
    with pytest.raises(InvalidInput):
        services.organization_create(actor=user, name="!!!")
    assert Organization.objects.count() == 0


def test_reserved_slug_is_avoided(user):
    org = services.organization_create(actor=user, name="New")
    assert org.slug != "new"


def test_non_owner_cannot_edit(user, other_user):
    # given
    org = OrganizationFactory(owner=user, name="Brewers")
    Membership.objects.create(organization=org, user=other_user, role=Role.REVIEWER)
    # when / then
    with pytest.raises(NotAllowed):
        services.organization_update(actor=other_user, organization=org, name="Hijacked")
    org.refresh_from_db()
    assert org.name == "Brewers"


def test_staff_can_edit_any_organization(user):
    org = OrganizationFactory(owner=user)
    staff = UserFactory(is_staff=True)
    services.organization_update(actor=staff, organization=org, name="Renamed by staff")
    org.refresh_from_db()
    assert org.name == "Renamed by staff"


def test_owner_sets_ladder_and_criteria_and_blank_restores_default(user):
    org = OrganizationFactory(owner=user)
    services.organization_update(
        actor=user, organization=org, support_ladder_text="10/30, 50/60", review_criteria_text="taste: Taste\ncost: Cost"
    )
    org.refresh_from_db()
    assert org.support_ladder == [{"supporters": 10, "days": 30}, {"supporters": 50, "days": 60}]
    assert org.review_criteria == [{"key": "taste", "label": "Taste"}, {"key": "cost", "label": "Cost"}]
    services.organization_update(actor=user, organization=org, support_ladder_text="", review_criteria_text=" ")
    org.refresh_from_db()
    assert org.support_ladder is None and org.review_criteria is None


@pytest.mark.parametrize("ladder", ["100", "100/60, 50/30", "abc/def", "100/0"])
def test_bad_ladder_is_refused_and_nothing_changes(user, ladder):
    # given
    org = OrganizationFactory(owner=user, name="Stable")
    services.organization_update(actor=user, organization=org, support_ladder_text="100/60")
    # when
    with pytest.raises(InvalidInput) as exc:
        services.organization_update(actor=user, organization=org, name="Changed", support_ladder_text=ladder)
    # then
    assert exc.value.field == "support_ladder"
    org.refresh_from_db()
    assert org.name == "Stable"
    assert org.support_ladder == [{"supporters": 100, "days": 60}]


@pytest.mark.parametrize("text", ["no colon here", "a: A\na: again", "bad key!: Label", ": label"])
def test_bad_criteria_are_refused(user, text):
    org = OrganizationFactory(owner=user)
    with pytest.raises(InvalidInput):
        services.organization_update(actor=user, organization=org, review_criteria_text=text)
    org.refresh_from_db()
    assert org.review_criteria is None


def test_bad_website_is_refused(user):
    org = OrganizationFactory(owner=user)
    with pytest.raises(InvalidInput):
        services.organization_update(actor=user, organization=org, website="javascript:alert(1)")
    org.refresh_from_db()
    assert org.website == ""


def test_invitation_sends_mail_on_commit(user, django_capture_on_commit_callbacks):
    org = OrganizationFactory(owner=user, name="Hardware Makers")
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(actor=user, organization=org, email="carol@example.org", role="producer")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["carol@example.org"]
    assert f"/orgs/invitations/{invitation.token}/" in mail.outbox[0].body
    assert len(invitation.token) >= 32


def test_non_owner_cannot_invite(user, other_user):
    org = OrganizationFactory(owner=user)
    with pytest.raises(NotAllowed):
        services.invitation_create(actor=other_user, organization=org, email="x@example.org", role="owner")
    assert Invitation.objects.count() == 0


@pytest.mark.parametrize("email,role", [("not-an-email", "reviewer"), ("x@example.org", "king")])
def test_bad_invitation_is_refused(user, email, role):
    org = OrganizationFactory(owner=user)
    with pytest.raises(InvalidInput):
        services.invitation_create(actor=user, organization=org, email=email, role=role)
    assert Invitation.objects.count() == 0


def test_invitation_accept_creates_the_membership_once(user, other_user):
    # given
    org = OrganizationFactory(owner=user)
    invitation = services.invitation_create(actor=user, organization=org, email="bob@example.org", role="reviewer")
    # when
    services.invitation_accept(actor=other_user, invitation=invitation)
    with pytest.raises(Conflict):
        services.invitation_accept(actor=other_user, invitation=invitation)
    # then
    assert Membership.objects.filter(organization=org, user=other_user).count() == 1
    invitation.refresh_from_db()
    assert invitation.accepted_by == other_user


def test_revoked_invitation_cannot_be_accepted(user, other_user):
    org = OrganizationFactory(owner=user)
    invitation = services.invitation_create(actor=user, organization=org, email="bob@example.org", role="reviewer")
    services.invitation_revoke(actor=user, invitation=invitation)
    with pytest.raises(Conflict):
        services.invitation_accept(actor=other_user, invitation=invitation)
    assert not Membership.objects.filter(user=other_user).exists()


def test_non_owner_cannot_revoke(user, other_user):
    org = OrganizationFactory(owner=user)
    invitation = services.invitation_create(actor=user, organization=org, email="bob@example.org", role="reviewer")
    with pytest.raises(NotAllowed):
        services.invitation_revoke(actor=other_user, invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.revoked_at is None


def test_last_owner_cannot_be_removed(user):
    org = OrganizationFactory(owner=user)
    with pytest.raises(Conflict):
        services.membership_role_remove(actor=user, organization=org, user=user, role="owner")
    assert Membership.objects.filter(organization=org, user=user, role=Role.OWNER).exists()


def test_owner_can_be_removed_when_another_remains(user, other_user):
    org = OrganizationFactory(owner=user)
    Membership.objects.create(organization=org, user=other_user, role=Role.REVIEWER)
    services.membership_role_add(actor=user, organization=org, user=other_user, role="owner")
    services.membership_role_remove(actor=other_user, organization=org, user=user, role="owner")
    assert not Membership.objects.filter(organization=org, user=user, role=Role.OWNER).exists()
    with pytest.raises(Conflict):
        services.membership_role_remove(actor=other_user, organization=org, user=other_user, role="owner")


def test_staff_cannot_remove_the_last_owner_either(user):
    org = OrganizationFactory(owner=user)
    staff = UserFactory(is_staff=True)
    with pytest.raises(Conflict):
        services.membership_role_remove(actor=staff, organization=org, user=user, role="owner")


def test_role_only_added_to_existing_members(user, other_user):
    org = OrganizationFactory(owner=user)
    with pytest.raises(InvalidInput):
        services.membership_role_add(actor=user, organization=org, user=other_user, role="reviewer")
    assert not Membership.objects.filter(user=other_user).exists()


def test_non_owner_cannot_change_roles(user, other_user):
    org = OrganizationFactory(owner=user)
    Membership.objects.create(organization=org, user=other_user, role=Role.REVIEWER)
    with pytest.raises(NotAllowed):
        services.membership_role_add(actor=other_user, organization=org, user=other_user, role="owner")
    assert not Membership.objects.filter(user=other_user, role=Role.OWNER).exists()

