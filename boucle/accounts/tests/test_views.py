import io

import pytest
from django.urls import reverse
from PIL import Image

from boucle.accounts.models import ApiToken
from boucle.accounts.services import profile_update, token_create
from boucle.accounts.tests.factories import UserFactory
from boucle.catalog.tests.factories import TechnologyFactory
from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.ledger.models import Contribution, ContributionKind
from boucle.ledger.services import contribution_record, contribution_reverse
from boucle.projects.enums import ProjectStatus, TeamRole
from boucle.projects.models import Project, ProjectMember, Support

pytestmark = pytest.mark.django_db


def png_upload(name="avatar.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    buf = io.BytesIO()
    Image.new("RGB", (200, 150), (200, 30, 30)).save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")


def make_project(member, *, title, status):
    # The projects app's services are built elsewhere; rows are enough for a profile page.
    technology = TechnologyFactory()
    project = Project.objects.create(
        title=title, slug=title.lower().replace(" ", "-"), pitch=f"Pitch of {title}",
        technology=technology, status=status, created_by=member,
    )
    ProjectMember.objects.create(project=project, user=member, role=TeamRole.OWNER)
    return project


# --- member page ------------------------------------------------------------------------------------


def test_member_page_shows_profile_projects_and_counts(client, user, other_user):
    # given
    profile_update(
        actor=user, user=user, display_name="Alice Maker", bio="I **love** bricks.",
        skills="brick design, brewing", links="https://alice.example",
    )
    public = make_project(user, title="Brick Crane", status=ProjectStatus.PUBLISHED)
    make_project(user, title="Secret Draft", status=ProjectStatus.DRAFT)
    theirs = make_project(other_user, title="Bob Boat", status=ProjectStatus.PUBLISHED)
    support = Support.objects.create(project=theirs, user=user)
    contribution_record(actor=user, kind=ContributionKind.SUPPORT, project=theirs, subject=support)
    contribution_record(actor=user, kind=ContributionKind.PROJECT_CREATED, project=public, subject=public)
    withdrawn = make_project(other_user, title="Bob Kite", status=ProjectStatus.PUBLISHED)
    contribution_record(actor=user, kind=ContributionKind.SUPPORT, project=withdrawn, subject=withdrawn)
    contribution_reverse(actor=user, kind=ContributionKind.SUPPORT, subject=withdrawn)

    # when
    response = client.get(reverse("member_detail", args=["alice"]))

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert "Alice Maker" in html
    assert "<strong>love</strong>" in html
    assert "brick design" in html and "brewing" in html
    assert 'href="https://alice.example"' in html
    assert "Brick Crane" in html
    assert "Secret Draft" not in html
    assert "Bob Boat" not in html
    assert response.context["counts"] == {"supports": 1, "contributions": 2}
    assert reverse("profile_edit") not in html


def test_member_sees_own_drafts_and_settings_links(user_client, user):
    # given
    make_project(user, title="Secret Draft", status=ProjectStatus.DRAFT)

    # when
    html = user_client.get(reverse("member_detail", args=["alice"])).content.decode()

    # then
    assert "Secret Draft" in html
    assert reverse("profile_edit") in html
    assert reverse("token_list") in html


def test_unknown_member_is_404(client, db):
    assert client.get("/members/nobody-here/").status_code == 404


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_in_profile_fields_leaves_no_active_content(client, user, payload):
    # given
    profile_update(actor=user, user=user, display_name=payload[:80], bio=payload, skills=payload.replace(",", " ")[:40])

    # when
    response = client.get(reverse("member_detail", args=["alice"]))

    # then
    assert response.status_code == 200
    assert active_content(response.content.decode()) == []


# --- profile edit -----------------------------------------------------------------------------------


def test_profile_edit_needs_login(client, db):
    response = client.get(reverse("profile_edit"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_profile_edit_form_shows_current_values(user_client, user):
    profile_update(actor=user, user=user, skills="a, b", links="https://a.example\nhttps://b.example")
    html = user_client.get(reverse("profile_edit")).content.decode()
    assert 'value="a, b"' in html
    assert "https://a.example\nhttps://b.example" in html


def test_profile_edit_updates_every_field(user_client, user, settings, tmp_path):
    # given
    settings.MEDIA_ROOT = tmp_path

    # when
    response = user_client.post(
        reverse("profile_edit"),
        {
            "display_name": "  Alice   the Maker ",
            "bio": "Hello *world*",
            "skills": " bricks , brewing,, Bricks, soldering ",
            "links": "https://alice.example\n\nhttp://blog.alice.example/about\n",
            "avatar": png_upload(),
        },
    )

    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("member_detail", args=["alice"])
    user.refresh_from_db()
    assert user.display_name == "Alice the Maker"
    assert user.bio == "Hello *world*"
    assert user.skills == ["bricks", "brewing", "soldering"]
    assert user.links == ["https://alice.example", "http://blog.alice.example/about"]
    assert user.avatar.startswith("avatars/") and user.avatar.endswith(".png")
    assert (tmp_path / user.avatar).exists()
    page = user_client.get(reverse("member_detail", args=["alice"])).content.decode()
    assert ".small.jpg" in page


def test_profile_edit_can_remove_avatar(user_client, user, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    profile_update(actor=user, user=user, avatar=png_upload())
    response = user_client.post(reverse("profile_edit"), {"display_name": "A", "avatar_remove": "on"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.avatar == ""


def _profile_snapshot(user):
    user.refresh_from_db()
    return (user.display_name, user.bio, user.skills, user.links, user.avatar)


def test_profile_edit_rejects_a_file_that_is_not_an_image(user_client, user, settings, tmp_path):
    # given
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    before = _profile_snapshot(user)
    fake = SimpleUploadedFile("avatar.png", b"#!/bin/sh\necho not an image\n", content_type="image/png")

    # when
    response = user_client.post(
        reverse("profile_edit"), {"display_name": "Changed", "bio": "changed", "avatar": fake}
    )

    # then
    assert response.status_code == 400
    assert "not an image Boucle accepts" in response.content.decode()
    assert response.context["form"].errors["avatar"]
    assert _profile_snapshot(user) == before
    assert not (tmp_path / "avatars").exists()


def test_profile_edit_rejects_a_javascript_link(user_client, user):
    # given
    before = _profile_snapshot(user)

    # when
    response = user_client.post(
        reverse("profile_edit"),
        {"display_name": "Changed", "links": "https://ok.example\njavascript:alert(1)"},
    )

    # then
    assert response.status_code == 400
    html = response.content.decode()
    assert "is not a web address" in html
    assert "http:// or https://" in html
    assert response.context["form"].errors["links"]
    assert _profile_snapshot(user) == before
    assert active_content(html) == []


@pytest.mark.parametrize(
    "data, field",
    [
        ({"skills": ", ".join(f"skill {i}" for i in range(21))}, "skills"),
        ({"skills": "x" * 41}, "skills"),
        ({"links": "\n".join(f"https://{i}.example" for i in range(11))}, "links"),
        ({"links": "ftp://files.example"}, "links"),
        ({"bio": "x" * 4001}, "bio"),
        ({"display_name": "x" * 81}, "display_name"),
    ],
)
def test_profile_edit_rejects_bad_values_and_changes_nothing(user_client, user, data, field):
    before = _profile_snapshot(user)
    response = user_client.post(reverse("profile_edit"), {"display_name": "Changed", **data})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert _profile_snapshot(user) == before


# --- tokens -----------------------------------------------------------------------------------------


def test_token_page_creates_a_token_and_shows_its_key_once(user_client, user):
    # when
    response = user_client.post(reverse("token_list"), {"name": "laptop script"})

    # then
    assert response.status_code == 200
    key = response.context["created"]["key"]
    assert key.startswith("bcl_")
    assert key in response.content.decode()
    token = ApiToken.objects.get(user=user)
    assert token.name == "laptop script"
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash and token.hint == key[:8]
    assert key not in user_client.get(reverse("token_list")).content.decode()
    assert "laptop script" in user_client.get(reverse("token_list")).content.decode()


def test_token_page_refuses_a_blank_name(user_client, user):
    response = user_client.post(reverse("token_list"), {"name": "   "})
    assert response.status_code == 400
    assert response.context["form"].errors["name"]
    assert ApiToken.objects.count() == 0


def test_token_revoke_from_the_page(user_client, user):
    # given
    token, _key = token_create(actor=user, name="ci")

    # when
    response = user_client.post(reverse("token_revoke", args=[token.pk]), follow=True)

    # then
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert "is revoked" in response.content.decode()


def test_token_revoke_of_another_members_token_changes_nothing(client_for, user, other_user):
    # given
    token, _key = token_create(actor=other_user, name="bob's")

    # when
    response = client_for(user).post(reverse("token_revoke", args=[token.pk]), follow=True)

    # then
    token.refresh_from_db()
    assert token.revoked_at is None
    assert "does not exist" in response.content.decode()


def test_token_revoke_is_post_only(user_client, user):
    token, _key = token_create(actor=user, name="ci")
    assert user_client.get(reverse("token_revoke", args=[token.pk])).status_code == 405
    token.refresh_from_db()
    assert token.revoked_at is None


def test_tokens_page_needs_login(client, db):
    assert client.get(reverse("token_list")).status_code == 302


def test_other_members_do_not_see_my_tokens(client_for, user, other_user):
    token_create(actor=user, name="alice secret tool")
    html = client_for(other_user).get(reverse("token_list")).content.decode()
    assert "alice secret tool" not in html


def test_inactive_member_page_is_404(client, db):
    UserFactory(username="gone", is_active=False)
    assert client.get("/members/gone/").status_code == 404


def test_contributions_count_ignores_reversals(db, user):
    from boucle.accounts.selectors import member_counts

    project = make_project(user, title="P", status=ProjectStatus.PUBLISHED)
    contribution_record(actor=user, kind=ContributionKind.COMMENT, project=project, subject=project)
    contribution_record(actor=user, kind=ContributionKind.SUPPORT, project=project, subject=project)
    contribution_reverse(actor=user, kind=ContributionKind.SUPPORT, subject=project)
    assert Contribution.objects.filter(actor=user).count() == 3
    assert member_counts(member=user)["contributions"] == 1


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_xss_in_profile_and_token_names_stays_inert_on_the_settings_pages(user_client, user, payload):
    # given
    profile_update(actor=user, user=user, display_name=payload[:80], bio=payload, skills=payload.replace(",", " ")[:40])
    token_create(actor=user, name=payload[:80])

    # when
    edit_page = user_client.get(reverse("profile_edit")).content.decode()
    tokens_page = user_client.get(reverse("token_list")).content.decode()

    # then
    assert active_content(edit_page) == []
    assert active_content(tokens_page) == []


def test_token_revoke_with_htmx_answers_the_updated_row(user_client, user):
    # given
    token, _key = token_create(actor=user, name="ci")

    # when
    response = user_client.post(reverse("token_revoke", args=[token.pk]), headers={"HX-Request": "true"})

    # then
    assert response.status_code == 200
    html = response.content.decode()
    assert html.startswith(f'<tr id="token-{token.pk}">')
    assert "revoked on" in html and "<form" not in html
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_token_revoke_with_htmx_of_an_unknown_token_reloads_the_page(user_client, user):
    response = user_client.post(reverse("token_revoke", args=[999999]), headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("token_list")
