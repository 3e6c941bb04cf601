import pytest
from django.core import mail

from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.orgs import services
from boucle.orgs.models import Invitation, Membership, Organization, Role
from boucle.orgs.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


def test_public_pages_render(client, user):
    org = OrganizationFactory(owner=user, description="We make **bricks**.")
    TechnologyFactory(organization=org, name="Brick System")
    TechnologyFactory(organization=org, name="Secret Draft", status="draft")
    assert client.get("/orgs/").status_code == 200
    response = client.get(f"/orgs/{org.slug}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>bricks</strong>" in html
    assert "Brick System" in html
    assert "Secret Draft" not in html
    assert user.name in html


def test_unknown_organization_gets_the_helpful_404(client):
    response = client.get("/orgs/nobody-here/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_member_creates_an_organization(user_client, user):
    response = user_client.post("/orgs/new/", {"name": "Brewers' Collective", "description": "Beer.", "website": ""})
    org = Organization.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/orgs/{org.slug}/"
    assert Membership.objects.filter(organization=org, user=user, role=Role.OWNER).exists()


def test_create_form_shows_errors(user_client):
    response = user_client.post("/orgs/new/", {"name": "", "website": "not a url at all"})
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert Organization.objects.count() == 0


def test_visitor_is_sent_to_log_in(client):
    response = client.get("/orgs/new/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_owner_edits_with_bad_ladder_sees_the_error(client_for, user):
    org = OrganizationFactory(owner=user, name="Before")
    response = client_for(user).post(
        f"/orgs/{org.slug}/edit/", {"name": "After", "support_ladder": "100/60, 10/5", "review_criteria": ""}
    )
    assert response.status_code == 200
    assert "more supporters than the tier before" in response.content.decode()
    org.refresh_from_db()
    assert org.name == "Before"


def test_owner_edits(client_for, user):
    org = OrganizationFactory(owner=user)
    response = client_for(user).post(
        f"/orgs/{org.slug}/edit/",
        {"name": "After", "description": "x", "website": "https://example.org", "support_ladder": "5/10",
         "review_criteria": "look: Look"},
    )
    assert response.status_code == 302
    org.refresh_from_db()
    assert (org.name, org.support_ladder, org.review_criteria) == (
        "After", [{"supporters": 5, "days": 10}], [{"key": "look", "label": "Look"}])


def test_non_owner_gets_403_on_edit_and_members(client_for, user, other_user):
    org = OrganizationFactory(owner=user)
    client = client_for(other_user)
    assert client.get(f"/orgs/{org.slug}/edit/").status_code == 403
    assert client.post(f"/orgs/{org.slug}/members/", {"email": "x@example.org", "role": "owner"}).status_code == 403
    assert Invitation.objects.count() == 0


def test_invite_accept_flow(client_for, user, other_user, django_capture_on_commit_callbacks):
    # given
    org = OrganizationFactory(owner=user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(user).post(f"/orgs/{org.slug}/members/", {"email": "bob@example.org", "role": "producer"})
    assert response.status_code == 302
    token = Invitation.objects.get().token
    assert token in mail.outbox[0].body
    bob = client_for(other_user)
    # when
    page = bob.get(f"/orgs/invitations/{token}/")
    accepted = bob.post(f"/orgs/invitations/{token}/")
    again = bob.post(f"/orgs/invitations/{token}/")
    # then
    assert page.status_code == 200 and "Accept the invitation" in page.content.decode()
    assert accepted.status_code == 302
    assert again.status_code == 409 and "already used" in again.content.decode()
    assert Membership.objects.filter(organization=org, user=other_user, role="producer").count() == 1


def test_unknown_invitation_token_is_404(user_client):
    assert user_client.get("/orgs/invitations/nope/").status_code == 404


def test_members_page_revoke_and_roles(client_for, user, other_user):
    org = OrganizationFactory(owner=user)
    Membership.objects.create(organization=org, user=other_user, role=Role.REVIEWER)
    invitation = services.invitation_create(actor=user, organization=org, email="z@example.org", role="reviewer")
    owner = client_for(user)
    page = owner.get(f"/orgs/{org.slug}/members/")
    assert page.status_code == 200 and "z@example.org" in page.content.decode()
    owner.post(f"/orgs/{org.slug}/invitations/{invitation.pk}/revoke/")
    owner.post(f"/orgs/{org.slug}/members/{other_user.username}/roles/add/", {"role": "moderator"})
    response = owner.post(f"/orgs/{org.slug}/members/{user.username}/roles/remove/", {"role": "owner"}, follow=True)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert Membership.objects.filter(user=other_user, role="moderator").exists()
    assert Membership.objects.filter(user=user, role="owner").exists()
    assert "at least one owner" in response.content.decode()


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_no_active_content_from_name_or_description(client, user, payload):
    org = services.organization_create(actor=user, name=f"Org {payload}", description=payload)
    for url in ("/orgs/", f"/orgs/{org.slug}/", "/"):
        assert active_content(client.get(url).content.decode()) == []


def test_edit_page_shows_current_ladder_and_stores_a_logo(client_for, user):
    from boucle.catalog.tests.test_services import png

    org = OrganizationFactory(owner=user)
    services.organization_update(actor=user, organization=org, support_ladder_text="30/15, 60/30")
    owner = client_for(user)
    assert "30/15, 60/30" in owner.get(f"/orgs/{org.slug}/edit/").content.decode()
    response = owner.post(f"/orgs/{org.slug}/edit/", {"name": org.name, "support_ladder": "30/15, 60/30",
                                                      "logo": png("logo.png")})
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.logo.startswith("orgs/") and org.logo.endswith(".png")
    assert org.logo in owner.get(f"/orgs/{org.slug}/").content.decode().replace(".small.jpg", ".png")
