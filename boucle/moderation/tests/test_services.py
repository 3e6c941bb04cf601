import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.test import override_settings

from boucle.community.services import comment_create
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.moderation import selectors, services
from boucle.moderation.models import (
    ActionKind,
    ModerationAction,
    ModerationSettings,
    OrganizationBan,
    Report,
)
from boucle.projects.models import Support
from boucle.projects.services import project_create, support_add
from boucle.projects.tests.factories import make_project

pytestmark = pytest.mark.django_db


def _report(world, reporter, target=None, reason="spam", text=""):
    return services.report_create(reporter=reporter, target=target or world.project, reason=reason, text=text)


# --- reporting --------------------------------------------------------------------------------------------


def test_a_member_reports_a_project(world):
    # when
    report = _report(world, world.reporters[0], text="Spam links")
    # then
    assert report.is_open
    assert report.kind == "project" and report.target == world.project
    assert report.organization == world.org


def test_reporting_own_content_is_refused(world):
    for target, member in [(world.project, world.author), (world.comment, world.commenter), (world.author,
                                                                                               world.author)]:
        with pytest.raises(NotAllowed):
            services.report_create(reporter=member, target=target, reason="spam")
    assert Report.objects.count() == 0


def test_reporting_twice_is_refused_with_a_clear_message(world):
    # given
    _report(world, world.reporters[0])
    # when
    with pytest.raises(Conflict) as error:
        _report(world, world.reporters[0], reason="abuse")
    # then
    assert "already reported" in str(error.value)
    assert Report.objects.count() == 1


def test_anonymous_cannot_report(world):
    with pytest.raises(NotAllowed):
        services.report_create(reporter=AnonymousUser(), target=world.project, reason="spam")
    assert Report.objects.count() == 0


def test_other_reason_needs_details_and_unknown_reasons_are_refused(world):
    with pytest.raises(InvalidInput):
        _report(world, world.reporters[0], reason="other", text="  ")
    with pytest.raises(InvalidInput):
        _report(world, world.reporters[0], reason="boring")
    assert Report.objects.count() == 0


def test_threshold_hides_after_n_distinct_reporters(world):
    # given
    for reporter in world.reporters[:2]:
        _report(world, reporter)
    world.project.refresh_from_db()
    assert world.project.hidden_at is None
    # when
    _report(world, world.reporters[2])
    # then
    world.project.refresh_from_db()
    assert world.project.hidden_at is not None
    auto = ModerationAction.objects.get()
    assert auto.action == ActionKind.HIDE and auto.moderator is None and auto.organization == world.org


def test_reports_by_one_member_never_reach_the_threshold(world):
    # given: one member's report, dismissed, then reported again, twice
    _report(world, world.reporters[0])
    services.reports_dismiss(moderator=world.moderator, target=world.project)
    _report(world, world.reporters[0])
    # then: three reports in all, one reporter with an open report
    world.project.refresh_from_db()
    assert Report.objects.count() == 2
    assert world.project.hidden_at is None


@override_settings(BOUCLE_REPORTS_TO_HIDE=1)
def test_the_threshold_is_a_setting(world):
    _report(world, world.reporters[0], target=world.comment)
    world.comment.refresh_from_db()
    assert world.comment.hidden_at is not None


def test_an_organization_sets_its_own_threshold(world):
    ModerationSettings.objects.create(organization=world.org, reports_to_hide=2)
    _report(world, world.reporters[0])
    _report(world, world.reporters[1])
    world.project.refresh_from_db()
    assert world.project.hidden_at is not None


def test_moderators_and_staff_are_emailed_on_a_new_report(world, django_capture_on_commit_callbacks):
    # when
    with django_capture_on_commit_callbacks(execute=True):
        _report(world, world.reporters[0], text="Spam links")
    # then: the organization's owner and moderator, and staff; not the other organization's moderator
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == sorted([world.owner.email, world.moderator.email, world.staff.email])
    assert "/orgs/brickworks/moderation/" in mail.outbox[0].body
    assert "Spam links" in mail.outbox[0].body


def test_a_profile_report_goes_to_staff_only(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _report(world, world.reporters[0], target=world.author)
    assert [m.to[0] for m in mail.outbox] == [world.staff.email]


# --- decisions ----------------------------------------------------------------------------------------------


def _hidden(target):
    target.refresh_from_db()
    return selectors.target_hidden_at(target) is not None


def test_restore_shows_content_again_and_closes_its_reports(world):
    # given
    for reporter in world.reporters[:3]:
        _report(world, reporter)
    assert _hidden(world.project)
    # when
    action = services.content_restore(moderator=world.moderator, target=world.project, reason="Fine")
    # then
    assert not _hidden(world.project)
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    assert set(Report.objects.values_list("resolution", flat=True)) == {ActionKind.RESTORE}
    assert action.action == ActionKind.RESTORE and action.moderator == world.moderator


def test_hide_and_dismiss(world):
    # given
    _report(world, world.reporters[0], target=world.comment)
    # when
    services.content_hide(moderator=world.owner, target=world.comment)
    # then
    assert _hidden(world.comment)
    assert not Report.objects.filter(resolved_at__isnull=True).exists()
    # and dismissing with nothing open is refused
    with pytest.raises(Conflict):
        services.reports_dismiss(moderator=world.owner, target=world.comment)


def test_each_decision_writes_one_audit_row(world):
    # given
    _report(world, world.reporters[0])
    calls = [
        (services.content_hide, {"target": world.project}),
        (services.content_restore, {"target": world.project}),
    ]
    for fn, kwargs in calls:
        before = ModerationAction.objects.count()
        fn(moderator=world.moderator, **kwargs)
        assert ModerationAction.objects.count() == before + 1
    _report(world, world.reporters[1])
    before = ModerationAction.objects.count()
    services.reports_dismiss(moderator=world.moderator, target=world.project)
    services.member_ban_org(moderator=world.moderator, member=world.author, organization=world.org, reason="spam")
    services.member_unban_org(moderator=world.moderator, member=world.author, organization=world.org)
    services.member_ban_site(moderator=world.staff, member=world.author, reason="spam")
    services.member_unban_site(moderator=world.staff, member=world.author)
    actions = list(ModerationAction.objects.order_by("id").values_list("action", flat=True))[before:]
    assert actions == ["dismiss", "ban_org", "unban_org", "ban_site", "unban_site"]


def test_moderators_of_another_organization_cannot_act(world):
    # given
    _report(world, world.reporters[0])
    # when / then
    for fn in (services.content_hide, services.reports_dismiss):
        with pytest.raises(NotAllowed):
            fn(moderator=world.other_mod, target=world.project)
    with pytest.raises(NotAllowed):
        services.member_ban_org(moderator=world.other_mod, member=world.author, organization=world.org, reason="x")
    with pytest.raises(NotAllowed):
        services.content_hide(moderator=world.visitor, target=world.comment)
    # nothing changed
    assert not _hidden(world.project)
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1
    assert ModerationAction.objects.count() == 0
    assert OrganizationBan.objects.count() == 0


def test_only_staff_moderate_profiles_and_ban_from_the_site(world):
    with pytest.raises(NotAllowed):
        services.content_hide(moderator=world.owner, target=world.author)
    with pytest.raises(NotAllowed):
        services.member_ban_site(moderator=world.owner, member=world.author, reason="x")
    world.author.refresh_from_db()
    assert world.author.is_active and world.author.profile_hidden_at is None
    services.content_hide(moderator=world.staff, target=world.author)
    assert _hidden(world.author)


def test_a_ban_needs_a_reason_and_staff_cannot_be_banned(world):
    with pytest.raises(InvalidInput):
        services.member_ban_org(moderator=world.moderator, member=world.author, organization=world.org, reason="")
    with pytest.raises(NotAllowed):
        services.member_ban_org(moderator=world.moderator, member=world.staff, organization=world.org, reason="x")
    assert OrganizationBan.objects.count() == 0


def test_an_org_ban_blocks_commenting_proposing_and_supporting_in_that_org_only(world):
    # given
    member = world.reporters[0]
    other_project = make_project(technology=world.other_technology, publish=True)
    services.member_ban_org(moderator=world.moderator, member=member, organization=world.org, reason="Spam")
    # when / then: refused in the organization
    with pytest.raises(NotAllowed):
        comment_create(author=member, target=world.project, body="Hello")
    with pytest.raises(NotAllowed):
        project_create(actor=member, title="Mine", pitch="Mine.", technology=world.technology)
    with pytest.raises(NotAllowed):
        support_add(actor=member, project=world.project)
    assert not Support.objects.filter(user=member).exists()
    # and allowed elsewhere
    comment_create(author=member, target=other_project, body="Hello")
    support_add(actor=member, project=other_project)
    project_create(actor=member, title="Mine", pitch="Mine.", technology=world.other_technology)
    # lifting the ban lets them back
    services.member_unban_org(moderator=world.owner, member=member, organization=world.org)
    support_add(actor=member, project=world.project)


def test_a_site_ban_deactivates_the_account_and_unban_restores_it(world, client):
    # when
    services.member_ban_site(moderator=world.staff, member=world.author, reason="Spam")
    # then
    world.author.refresh_from_db()
    assert not world.author.is_active
    assert not client.login(username="author", password="pass-word-123")
    # and unban
    services.member_unban_site(moderator=world.staff, member=world.author)
    assert client.login(username="author", password="pass-word-123")


def test_the_audit_log_is_append_only(world):
    action = services.content_hide(moderator=world.moderator, target=world.project)
    with pytest.raises(TypeError):
        action.save()
    with pytest.raises(TypeError):
        action.delete()
    with pytest.raises(TypeError):
        ModerationAction.objects.update(reason="x")
    with pytest.raises(TypeError):
        ModerationAction.objects.all().delete()
