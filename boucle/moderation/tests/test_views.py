import pytest
from django.test import override_settings
from django.urls import reverse

from boucle.core.testing import XSS_PAYLOADS, active_content
from boucle.moderation import services
from boucle.moderation.models import ModerationAction, OrganizationBan, Report

pytestmark = pytest.mark.django_db


def _hide_by_reports(world, target):
    for reporter in world.reporters[:3]:
        services.report_create(reporter=reporter, target=target, reason="spam")
    target.refresh_from_db()


# --- the report form --------------------------------------------------------------------------------------


def test_the_project_page_has_a_report_link_that_opens_the_form(world, client_for):
    # given
    client = client_for(world.visitor)
    # when
    page = client.get(world.project.get_absolute_url()).content.decode()
    form = client.get(reverse("moderation_report"), {"type": "project", "id": world.project.pk})
    # then
    assert f"/moderation/report/?type=project&amp;id={world.project.pk}" in page
    assert form.status_code == 200
    assert "Castle" in form.content.decode()


def test_reporting_through_the_form(world, client_for):
    # when
    response = client_for(world.visitor).post(
        reverse("moderation_report"), {"type": "comment", "id": world.comment.pk, "reason": "spam", "text": "Ads"}
    )
    # then
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.reporter == world.visitor and report.target == world.comment and report.text == "Ads"


def test_the_form_shows_errors_and_changes_nothing(world, client_for):
    client = client_for(world.visitor)
    url = reverse("moderation_report")
    bad = client.post(url, {"type": "project", "id": world.project.pk, "reason": "other", "text": ""})
    assert bad.status_code == 400 and "Say what is wrong" in bad.content.decode()
    own = client_for(world.author).post(url, {"type": "project", "id": world.project.pk, "reason": "spam"})
    assert own.status_code == 400 and "your own content" in own.content.decode()
    client.post(url, {"type": "project", "id": world.project.pk, "reason": "spam"})
    twice = client.post(url, {"type": "project", "id": world.project.pk, "reason": "spam"})
    assert twice.status_code == 400 and "already reported" in twice.content.decode()
    assert Report.objects.count() == 1


@pytest.mark.parametrize("query", [{"type": "nope", "id": 1}, {"type": "project", "id": "x"},
                                   {"type": "project", "id": 999999}, {"type": "project\x00", "id": 1}, {}])
def test_unknown_targets_are_404(world, client_for, query):
    # (a NUL byte is refused earlier, with a 400, by the core middleware)
    assert client_for(world.visitor).get(reverse("moderation_report"), query).status_code in (400, 404)


def test_anonymous_visitors_are_sent_to_log_in(world, client):
    page = client.get(world.project.get_absolute_url()).content.decode()
    assert "/accounts/login/?next=%2Fmoderation%2Freport%2F" in page
    response = client.post(reverse("moderation_report"), {"type": "project", "id": world.project.pk, "reason": "spam"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert Report.objects.count() == 0


# --- hidden content -----------------------------------------------------------------------------------------


def test_a_hidden_project_leaves_lists_and_its_page_but_stays_visible_to_team_and_moderators(world, client,
                                                                                             client_for):
    # given
    _hide_by_reports(world, world.project)
    url = world.project.get_absolute_url()
    # then: gone for visitors
    assert "Castle" not in client.get(reverse("project_list")).content.decode()
    assert client.get(url).status_code == 404
    assert client_for(world.visitor).get(url).status_code == 404
    assert client.get(f"/api/projects/{world.project.slug}").status_code == 404
    # seen by the team, the organization's moderators and staff, with a notice
    for member in (world.author, world.moderator, world.owner, world.staff):
        page = client_for(member).get(url)
        assert page.status_code == 200
        assert "Hidden by moderation" in page.content.decode()
    assert client_for(world.other_mod).get(url).status_code == 404


def test_restore_brings_a_project_back(world, client, client_for):
    # given
    _hide_by_reports(world, world.project)
    # when
    response = client_for(world.moderator).post(
        reverse("moderation_act"), {"action": "restore", "type": "project", "id": world.project.pk}
    )
    # then
    assert response.status_code == 302
    assert client.get(world.project.get_absolute_url()).status_code == 200
    assert "Castle" in client.get(reverse("project_list")).content.decode()


def test_a_hidden_comment_shows_a_placeholder_except_to_its_author_and_moderators(world, client, client_for):
    # given
    _hide_by_reports(world, world.comment)
    url = world.project.get_absolute_url()
    # then
    for viewer in (client, client_for(world.visitor), client_for(world.author)):
        page = viewer.get(url).content.decode()
        assert "cheap watches" not in page
        assert "Comment hidden by moderation" in page
    api = client.get("/api/comments", {"target_type": "project", "target": world.project.slug}).json()
    assert "cheap watches" not in str(api)
    for member in (world.commenter, world.moderator, world.staff):
        page = client_for(member).get(url).content.decode()
        assert "cheap watches" in page and "Hidden by moderation" in page
    # restore brings it back
    services.content_restore(moderator=world.moderator, target=world.comment)
    assert "cheap watches" in client.get(url).content.decode()


def test_comments_have_a_report_link(world, client_for):
    page = client_for(world.visitor).get(world.project.get_absolute_url()).content.decode()
    assert f"type=comment&amp;id={world.comment.pk}" in page


def test_a_hidden_profile_shows_the_username_only(world, client, client_for):
    # given
    world.author.bio = "Visit my shop at spam.example"
    world.author.links = ["https://spam.example"]
    world.author.save()
    services.content_hide(moderator=world.staff, target=world.author)
    # when
    page = client.get(world.author.get_absolute_url()).content.decode()
    api = client.get("/api/members/author")
    # then
    assert "spam.example" not in page and world.author.display_name not in page
    assert "@author" in page and "Hidden by moderation" in page
    if api.status_code == 200:
        assert "spam.example" not in str(api.json())
    # restore brings it back
    services.content_restore(moderator=world.staff, target=world.author)
    assert "spam.example" in client.get(world.author.get_absolute_url()).content.decode()


def test_hidden_projects_leave_the_member_page_for_others(world, client, client_for):
    _hide_by_reports(world, world.project)
    assert "Castle" not in client.get(world.author.get_absolute_url()).content.decode()
    assert "Castle" in client_for(world.author).get(world.author.get_absolute_url()).content.decode()


# --- the queues ----------------------------------------------------------------------------------------------


def test_the_org_queue_lists_reports_with_counts_for_its_moderators(world, client_for):
    # given
    services.report_create(reporter=world.reporters[0], target=world.comment, reason="spam", text="Ads here")
    services.report_create(reporter=world.reporters[1], target=world.project, reason="copyright")
    url = reverse("moderation_org_queue", args=["brickworks"])
    # when
    page = client_for(world.moderator).get(url)
    # then
    html = page.content.decode()
    assert page.status_code == 200
    assert "Ads here" in html and "Castle" in html and "Copyright infringement" in html
    assert 'value="hide"' in html and 'value="dismiss"' in html and 'value="ban_org"' in html
    # the organization page links to it for its moderators only
    assert url in client_for(world.moderator).get(world.org.get_absolute_url()).content.decode()
    assert url not in client_for(world.visitor).get(world.org.get_absolute_url()).content.decode()


@pytest.mark.parametrize("who", ["visitor", "other_mod", "author"])
def test_others_cannot_open_an_org_queue(world, client_for, who):
    response = client_for(getattr(world, who)).get(reverse("moderation_org_queue", args=["brickworks"]))
    assert response.status_code == 403


def test_the_site_queue_is_for_staff(world, client, client_for):
    services.report_create(reporter=world.reporters[0], target=world.author, reason="abuse", text="Rude bio")
    assert "Rude bio" in client_for(world.staff).get(reverse("moderation_queue")).content.decode()
    assert client_for(world.visitor).get(reverse("moderation_queue")).status_code == 403
    # an organization's moderator is sent to their organization's queue
    response = client_for(world.moderator).get(reverse("moderation_queue"))
    assert response.status_code == 302 and response["Location"] == "/orgs/brickworks/moderation/"
    assert client.get(reverse("moderation_queue")).status_code == 302  # to log in


def test_another_orgs_moderator_cannot_act_through_the_page(world, client_for):
    # given
    services.report_create(reporter=world.reporters[0], target=world.project, reason="spam")
    # when
    response = client_for(world.other_mod).post(
        reverse("moderation_act"), {"action": "hide", "type": "project", "id": world.project.pk}
    )
    banned = client_for(world.other_mod).post(
        reverse("moderation_act"),
        {"action": "ban_org", "type": "member", "id": world.author.pk, "organization": "brickworks", "reason": "x"},
    )
    # then
    assert response.status_code == 403 and banned.status_code == 403
    world.project.refresh_from_db()
    assert world.project.hidden_at is None
    assert ModerationAction.objects.count() == 0 and OrganizationBan.objects.count() == 0


def test_a_ban_from_the_queue(world, client_for):
    response = client_for(world.moderator).post(
        reverse("moderation_act"),
        {"action": "ban_org", "type": "member", "id": world.author.pk, "organization": "brickworks",
         "reason": "Spam", "next": "/orgs/brickworks/moderation/"},
    )
    assert response.status_code == 302 and response["Location"] == "/orgs/brickworks/moderation/"
    assert OrganizationBan.objects.get().member == world.author
    page = client_for(world.moderator).get("/orgs/brickworks/moderation/").content.decode()
    assert "@author" in page and "Lift the ban" in page


def test_bad_actions_change_nothing(world, client_for):
    client = client_for(world.moderator)
    for data in [{"action": "explode", "type": "project", "id": world.project.pk},
                 {"action": "hide", "type": "project", "id": "x"},
                 {"action": "ban_org", "type": "member", "id": world.author.pk, "organization": "brickworks"},
                 {"action": "hide", "type": "project", "id": 99999}]:
        response = client.post(reverse("moderation_act"), data, follow=True)
        assert response.status_code == 200
    assert ModerationAction.objects.count() == 0 and OrganizationBan.objects.count() == 0


# --- the log -------------------------------------------------------------------------------------------------


def test_the_log_is_staff_only_filterable_and_paginated(world, client_for):
    # given
    services.content_hide(moderator=world.moderator, target=world.project, reason="Spam project")
    services.content_hide(moderator=world.staff, target=world.author, reason="Rude profile")
    staff = client_for(world.staff)
    # then
    assert client_for(world.moderator).get(reverse("moderation_log")).status_code == 403
    page = staff.get(reverse("moderation_log")).content.decode()
    assert "Spam project" in page and "Rude profile" in page
    filtered = staff.get(reverse("moderation_log"), {"moderator": "mod"}).content.decode()
    assert "Spam project" in filtered and "Rude profile" not in filtered
    assert staff.get(reverse("moderation_log"), {"page": "999", "action": "nope"}).status_code == 200


@override_settings(BOUCLE_REPORTS_TO_HIDE=100)
def test_xss_in_report_texts_leaves_no_active_content_in_the_queue_and_the_log(world, client_for):
    # given
    for i, payload in enumerate(XSS_PAYLOADS):
        reporter = world.reporters[i % 4] if i < 4 else type(world.visitor).objects.create(username=f"x{i}")
        target = [world.project, world.comment, world.author][i % 3]
        if Report.objects.filter(reporter=reporter, target_id=target.pk, kind=target.__class__.__name__.lower()
                                 ).exists():
            continue
        services.report_create(reporter=reporter, target=target, reason="other", text=payload)
    services.reports_dismiss(moderator=world.staff, target=world.author, reason=XSS_PAYLOADS[0])
    services.member_ban_org(moderator=world.staff, member=world.commenter, organization=world.org,
                            reason=XSS_PAYLOADS[1])
    staff = client_for(world.staff)
    # then
    for url in (reverse("moderation_queue"), "/orgs/brickworks/moderation/", reverse("moderation_log")):
        html = staff.get(url).content.decode()
        assert active_content(html) == [], url
    assert "&lt;script&gt;" in staff.get(reverse("moderation_queue")).content.decode()
