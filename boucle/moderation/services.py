"""Writes of the moderation app: reports, moderators' decisions, bans. Every decision appends a
ModerationAction row (the audit log) from inside the service.

Hiding works as on Decidim: when ``reports_to_hide`` distinct members have an open report on a target
(3 by default, settings.BOUCLE_REPORTS_TO_HIDE, or the organization's ModerationSettings), it is hidden until
a moderator decides: hide (confirm), restore (show it again), or dismiss (close the reports, leave it as is).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.mail import send_mass_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from boucle.accounts.models import User
from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.moderation import selectors
from boucle.moderation.models import (
    ActionKind,
    ModerationAction,
    OrganizationBan,
    Report,
    ReportReason,
    TargetKind,
)

MAX_TEXT = 2000


def _require_member(user) -> None:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        raise NotAllowed(_("Log in to do this."))


def _clean_reason(reason: str) -> str:
    if reason not in ReportReason.values:
        raise InvalidInput(_("Choose a reason."), field="reason")
    return reason


def _clean_text(text: str, *, field: str, required: bool, message=None) -> str:
    text = (text or "").replace("\x00", "").strip()
    if required and not text:
        raise InvalidInput(message or _("Say why."), field=field)
    if len(text) > MAX_TEXT:
        raise InvalidInput(
            _("Keep it under %(n)d characters.") % {"n": MAX_TEXT}, field=field
        )
    return text


def _lock(target):
    """Re-read the target under a row lock: concurrent reports and decisions on it serialize."""
    return type(target).objects.select_for_update().get(pk=target.pk)


def _set_hidden(target, when) -> None:
    from boucle.makes.models import Make

    name = "profile_hidden_at" if isinstance(target, User) else "hidden_at"
    setattr(target, name, when)
    # save(), not update(): post_save tells caches (whole-page caching) that the page changed.
    target.save(update_fields=[name])
    if when is not None and isinstance(target, Make):
        from boucle.makes.services import make_forget_feed_lines

        make_forget_feed_lines(target)


def _log(*, moderator, action: str, target, reason: str = "", organization=None) -> ModerationAction:
    return ModerationAction.objects.create(
        moderator=moderator,
        action=action,
        kind=selectors.target_kind(target),
        target_type=ContentType.objects.get_for_model(target),
        target_id=target.pk,
        target_label=selectors.target_label(target)[:200],
        organization=organization if organization is not None else selectors.target_organization(target),
        reason=reason,
    )


def _open_reports(target):
    return Report.objects.filter(
        target_type=ContentType.objects.get_for_model(target), target_id=target.pk, resolved_at__isnull=True
    )


def _resolve_reports(target, *, moderator, resolution: str) -> int:
    return _open_reports(target).update(resolved_at=timezone.now(), resolved_by=moderator, resolution=resolution)


# --- reports ----------------------------------------------------------------------------------------------


def _notify_new_report(report_id: int) -> None:
    """E-mail the target's moderators (and staff) about a new report. Runs after commit."""
    report = Report.objects.select_related("reporter", "organization").filter(pk=report_id).first()
    if report is None:
        return
    target = report.target
    if target is None:
        return
    if report.organization is not None:
        queue = reverse("moderation_org_queue", args=[report.organization.slug])
    else:
        queue = reverse("moderation_queue")
    base = settings.SITE_URL.rstrip("/")
    messages = []
    for recipient in selectors.moderation_recipients(organization=report.organization):
        if recipient.pk == report.reporter_id:
            continue
        with override(getattr(recipient, "language", None) or settings.LANGUAGE_CODE):
            subject = _("[Boucle] New report: %(target)s") % {"target": selectors.target_label(target)}
            body = _(
                "%(reporter)s reported %(target)s (%(reason)s).\n\n%(text)s\n\n"
                "Reported content: %(url)s\nModeration queue: %(queue)s\n"
            ) % {
                "reporter": report.reporter.username,
                "target": selectors.target_label(target),
                "reason": report.get_reason_display(),
                "text": report.text or "—",
                "url": base + selectors.target_url(target),
                "queue": base + queue,
            }
        messages.append((subject, body, None, [recipient.email]))
    if messages:
        send_mass_mail(messages, fail_silently=True)


@transaction.atomic
def report_create(*, reporter, target, reason: str, text: str = "") -> Report:
    """A signed-in member reports a project, a comment, a make or a profile (not their own). When enough distinct
    members have an open report on it, the target is hidden until a moderator decides; moderators and staff
    are e-mailed on each new report.

    >>> report_create(reporter=bob, target=project, reason="spam", text="Links to a shop.")
    <Report: bob reports project 12 (spam)>
    """
    _require_member(reporter)
    kind = selectors.target_kind(target)
    reason = _clean_reason(reason)
    text = _clean_text(
        text, field="text", required=reason == ReportReason.OTHER, message=_("Say what is wrong.")
    )
    target = _lock(target)
    if reporter.pk in selectors.target_author_ids(target):
        raise NotAllowed(_("You cannot report your own content."))
    if kind == TargetKind.COMMENT and target.deleted_at is not None:
        raise Conflict(_("This comment was deleted."))
    if kind == TargetKind.PROJECT:
        from boucle.projects.selectors import project_visible_to

        if not project_visible_to(project=target, user=reporter):
            raise NotAllowed(_("There is nothing to report here."))
    if kind == TargetKind.MAKE:
        from boucle.makes.selectors import make_visible_to

        if not make_visible_to(user=reporter, make=target):
            raise NotAllowed(_("There is nothing to report here."))
    if kind == TargetKind.COMMENT:
        from boucle.community.selectors import target_is_visible

        commented = target.target
        if commented is None or not target_is_visible(user=reporter, target=commented):
            raise NotAllowed(_("There is nothing to report here."))
    if _open_reports(target).filter(reporter=reporter).exists():
        raise Conflict(_("You have already reported this. Moderators will look at it."))
    organization = selectors.target_organization(target)
    try:
        with transaction.atomic():
            report = Report.objects.create(
                reporter=reporter,
                kind=kind,
                target_type=ContentType.objects.get_for_model(target),
                target_id=target.pk,
                organization=organization,
                reason=reason,
                text=text,
            )
    except IntegrityError:
        raise Conflict(_("You have already reported this. Moderators will look at it.")) from None
    reporters = _open_reports(target).values("reporter").distinct().count()
    threshold = selectors.reports_to_hide(organization=organization)
    if reporters >= threshold and selectors.target_hidden_at(target) is None:
        _set_hidden(target, timezone.now())
        _log(
            moderator=None,
            action=ActionKind.HIDE,
            target=target,
            organization=organization,
            reason=_("Hidden automatically: %(n)d members reported it.") % {"n": reporters},
        )
    transaction.on_commit(lambda pk=report.pk: _notify_new_report(pk))
    return report


# --- moderators' decisions ------------------------------------------------------------------------------------


def _require_moderator(moderator, target) -> None:
    _require_member(moderator)
    if not selectors.can_moderate(user=moderator, target=target):
        if isinstance(target, User):
            raise NotAllowed(_("Only site staff moderate member profiles."))
        raise NotAllowed(_("Only this organization's moderators may do this."))


@transaction.atomic
def content_hide(*, moderator, target, reason: str = "") -> ModerationAction:
    """Hide a target (or confirm the hiding enough reports did): its open reports are closed."""
    _require_moderator(moderator, target)
    reason = _clean_text(reason, field="reason", required=False)
    target = _lock(target)
    has_reports = _open_reports(target).exists()
    if selectors.target_hidden_at(target) is not None and not has_reports:
        raise Conflict(_("This is already hidden."))
    if selectors.target_hidden_at(target) is None:
        _set_hidden(target, timezone.now())
    _resolve_reports(target, moderator=moderator, resolution=ActionKind.HIDE)
    return _log(moderator=moderator, action=ActionKind.HIDE, target=target, reason=reason)


@transaction.atomic
def content_restore(*, moderator, target, reason: str = "") -> ModerationAction:
    """Show a hidden target again; its open reports are closed."""
    _require_moderator(moderator, target)
    reason = _clean_text(reason, field="reason", required=False)
    target = _lock(target)
    if selectors.target_hidden_at(target) is None:
        raise Conflict(_("This is not hidden."))
    _set_hidden(target, None)
    _resolve_reports(target, moderator=moderator, resolution=ActionKind.RESTORE)
    return _log(moderator=moderator, action=ActionKind.RESTORE, target=target, reason=reason)


@transaction.atomic
def reports_dismiss(*, moderator, target, reason: str = "") -> ModerationAction:
    """Close a target's open reports without changing it (hidden content stays hidden; restore shows it)."""
    _require_moderator(moderator, target)
    reason = _clean_text(reason, field="reason", required=False)
    target = _lock(target)
    if not _resolve_reports(target, moderator=moderator, resolution=ActionKind.DISMISS):
        raise Conflict(_("There is no open report to dismiss."))
    return _log(moderator=moderator, action=ActionKind.DISMISS, target=target, reason=reason)


def _check_bannable(moderator, member) -> None:
    if member.pk == moderator.pk:
        raise InvalidInput(_("You cannot ban yourself."))
    if member.is_staff:
        raise NotAllowed(_("Site staff cannot be banned."))


@transaction.atomic
def member_ban_org(*, moderator, member, organization, reason: str) -> ModerationAction:
    """Ban a member from an organization: they can no longer comment on or propose or support projects in it."""
    _require_member(moderator)
    if not selectors.is_org_moderator(user=moderator, organization=organization):
        raise NotAllowed(_("Only this organization's moderators may do this."))
    reason = _clean_text(reason, field="reason", required=True, message=_("Say why you ban this member."))
    _check_bannable(moderator, member)
    if selectors.member_is_banned(user=member, organization=organization):
        raise Conflict(_("This member is already banned from this organization."))
    try:
        with transaction.atomic():
            OrganizationBan.objects.create(organization=organization, member=member, reason=reason, by=moderator)
    except IntegrityError:
        raise Conflict(_("This member is already banned from this organization.")) from None
    return _log(
        moderator=moderator, action=ActionKind.BAN_ORG, target=member, organization=organization, reason=reason
    )


@transaction.atomic
def member_unban_org(*, moderator, member, organization, reason: str = "") -> ModerationAction:
    _require_member(moderator)
    if not selectors.is_org_moderator(user=moderator, organization=organization):
        raise NotAllowed(_("Only this organization's moderators may do this."))
    reason = _clean_text(reason, field="reason", required=False)
    lifted = OrganizationBan.objects.filter(organization=organization, member=member, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=moderator
    )
    if not lifted:
        raise Conflict(_("This member is not banned from this organization."))
    return _log(
        moderator=moderator, action=ActionKind.UNBAN_ORG, target=member, organization=organization, reason=reason
    )


@transaction.atomic
def member_ban_site(*, moderator, member, reason: str) -> ModerationAction:
    """Staff ban a member from the site: the account is deactivated, so they can no longer log in (their
    sessions and API tokens stop working)."""
    selectors.require_staff(moderator)
    reason = _clean_text(reason, field="reason", required=True, message=_("Say why you ban this member."))
    _check_bannable(moderator, member)
    member = _lock(member)
    if not member.is_active:
        raise Conflict(_("This member is already banned from the site."))
    member.is_active = False
    member.save(update_fields=["is_active"])
    return _log(moderator=moderator, action=ActionKind.BAN_SITE, target=member, reason=reason)


@transaction.atomic
def member_unban_site(*, moderator, member, reason: str = "") -> ModerationAction:
    selectors.require_staff(moderator)
    reason = _clean_text(reason, field="reason", required=False)
    member = _lock(member)
    if member.is_active:
        raise Conflict(_("This member is not banned from the site."))
    member.is_active = True
    member.save(update_fields=["is_active"])
    return _log(moderator=moderator, action=ActionKind.UNBAN_SITE, target=member, reason=reason)


CONTENT_ACTIONS = {
    ActionKind.HIDE: content_hide,
    ActionKind.RESTORE: content_restore,
    ActionKind.DISMISS: reports_dismiss,
}


def moderation_act(*, moderator, action: str, target, reason: str = "", organization=None) -> ModerationAction:
    """One entry point for pages and the API: ``action`` is an ActionKind value; bans take a member as
    ``target`` (and an organization for ban_org/unban_org)."""
    if action in CONTENT_ACTIONS:
        return CONTENT_ACTIONS[action](moderator=moderator, target=target, reason=reason)
    if action not in ActionKind.values:
        raise InvalidInput(_("Choose an action."), field="action")
    if not isinstance(target, User):
        raise InvalidInput(_("Only members can be banned."), field="type")
    if action in (ActionKind.BAN_SITE, ActionKind.UNBAN_SITE):
        fn = member_ban_site if action == ActionKind.BAN_SITE else member_unban_site
        return fn(moderator=moderator, member=target, reason=reason)
    if organization is None:
        raise InvalidInput(_("Choose the organization."), field="organization")
    fn = member_ban_org if action == ActionKind.BAN_ORG else member_unban_org
    return fn(moderator=moderator, member=target, organization=organization, reason=reason)
