"""Writes for organizations, memberships and invitations. Every function checks the actor's rights itself."""

import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import URLValidator, validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from boucle.core.errors import Conflict, InvalidInput, NotAllowed
from boucle.core.images import image_store
from boucle.orgs.models import Invitation, Membership, Organization, Role
from boucle.orgs.selectors import org_has_role
from boucle.projects.ladder import ladder_parse

# Slugs that would shadow fixed routes under /orgs/, /technologies/ or /challenges/.
RESERVED_SLUGS = {"new", "invitations", "edit", "members", "api", "admin"}
MAX_CRITERIA = 12


def unique_slug(model, text: str, *, max_length: int = 120, exclude_pk=None) -> str:
    """A slug for ``text`` unused in ``model``: ``brick-system``, then ``brick-system-2``...

    >>> unique_slug(Organization, "Brick Works")
    'brick-works'
    """
    base = slugify(text)[: max_length - 6].strip("-") or "item"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, n = base, 1
    qs = model.objects.all()
    if exclude_pk is not None:
        qs = qs.exclude(pk=exclude_pk)
    while qs.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def clean_text(value, *, field: str, label: str, max_length: int, required: bool = False) -> str:
    """Strip a text and check its length; the error names the field."""
    value = (value or "").strip()
    if "\x00" in value:
        raise InvalidInput(_("%(label)s contains a character that is not allowed.") % {"label": label}, field=field)
    if required and not value:
        raise InvalidInput(_("%(label)s is required.") % {"label": label}, field=field)
    if len(value) > max_length:
        raise InvalidInput(
            _("%(label)s is too long (%(n)d characters at most).") % {"label": label, "n": max_length}, field=field
        )
    return value


def require_authenticated(actor):
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Log in first."))


def gettext_owner_only(organization: Organization) -> str:
    return _("Only the owners of %(org)s can do this.") % {"org": organization.name}


def require_owner(*, actor, organization: Organization):
    if not org_has_role(user=actor, organization=organization, roles=[Role.OWNER]):
        raise NotAllowed(gettext_owner_only(organization))


def _clean_website(value: str) -> str:
    value = (value or "").strip()
    if not value:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError:
        raise InvalidInput(_("Enter a web address starting with http:// or https://."), field="website") from None
    if len(value) > 200:
        raise InvalidInput(_("This web address is too long."), field="website")
    return value


def _clean_role(role) -> str:
    if role not in Role.values:
        raise InvalidInput(
            _("Choose a role among: %(roles)s.") % {"roles": ", ".join(str(label) for label in Role.labels)},
            field="role",
        )
    return role


def criteria_parse(text: str) -> list[dict] | None:
    """Parse review criteria, one per line ``key: label``; blank text means the platform default (None).

    >>> criteria_parse("design: Design\\nfit: Fit with the technology")
    [{'key': 'design', 'label': 'Design'}, {'key': 'fit', 'label': 'Fit with the technology'}]
    """
    lines = [line.strip() for line in (text or "").splitlines() if line.strip()]
    if not lines:
        return None
    if len(lines) > MAX_CRITERIA:
        raise InvalidInput(_("At most %(n)d review criteria.") % {"n": MAX_CRITERIA}, field="review_criteria")
    criteria, keys = [], set()
    for i, line in enumerate(lines, start=1):
        key, sep, label = line.partition(":")
        key, label = key.strip().lower(), label.strip()
        if not sep or not key or not label:
            raise InvalidInput(
                _("Write each criterion as “key: label” (line %(i)d).") % {"i": i}, field="review_criteria"
            )
        if not re.fullmatch(r"[a-z0-9_-]{1,30}", key):
            raise InvalidInput(
                _("The key of line %(i)d may only hold letters, digits, “-” and “_” (30 at most).") % {"i": i},
                field="review_criteria",
            )
        if key in keys:
            raise InvalidInput(_("The key “%(key)s” appears twice.") % {"key": key}, field="review_criteria")
        if len(label) > 80:
            raise InvalidInput(_("The label of line %(i)d is too long.") % {"i": i}, field="review_criteria")
        keys.add(key)
        criteria.append({"key": key, "label": label})
    return criteria


def criteria_format(criteria) -> str:
    return "\n".join(f"{c['key']}: {c['label']}" for c in (criteria or []))


@transaction.atomic
def organization_create(*, actor, name: str, description: str = "", website: str = "") -> Organization:
    """Create an organization; its creator becomes its first owner."""
    require_authenticated(actor)
    name = clean_text(name, field="name", label=_("Name"), max_length=120, required=True)
    if not slugify(name):
        raise InvalidInput(_("The name needs at least one letter or digit."), field="name")
    org = Organization.objects.create(
        name=name,
        slug=unique_slug(Organization, name),
        description=clean_text(description, field="description", label=_("Description"), max_length=20000),
        website=_clean_website(website),
        created_by=actor,
    )
    Membership.objects.create(organization=org, user=actor, role=Role.OWNER)
    return org


_UNSET = object()


@transaction.atomic
def organization_update(
    *,
    actor,
    organization: Organization,
    name=_UNSET,
    description=_UNSET,
    website=_UNSET,
    support_ladder_text=_UNSET,
    review_criteria_text=_UNSET,
    logo=None,
) -> Organization:
    """Change what the owners give; omitted arguments stay as they are.

    Blank ladder or criteria text returns to the platform default. Everything is checked before anything is
    written, so a bad value changes nothing.
    """
    require_owner(actor=actor, organization=organization)
    changes = {}
    if name is not _UNSET:
        changes["name"] = clean_text(name, field="name", label=_("Name"), max_length=120, required=True)
    if description is not _UNSET:
        changes["description"] = clean_text(description, field="description", label=_("Description"), max_length=20000)
    if website is not _UNSET:
        changes["website"] = _clean_website(website)
    if support_ladder_text is not _UNSET:
        text = (support_ladder_text or "").strip()
        changes["support_ladder"] = ladder_parse(text) if text else None
    if review_criteria_text is not _UNSET:
        changes["review_criteria"] = criteria_parse(review_criteria_text)
    if logo is not None:
        changes["logo"] = image_store(logo, folder="orgs")
    for field, value in changes.items():
        setattr(organization, field, value)
    organization.save()
    return organization


def _send_invitation(invitation_id: int):
    invitation = Invitation.objects.select_related("organization", "invited_by").get(pk=invitation_id)
    url = settings.SITE_URL.rstrip("/") + reverse("invitation_accept", args=[invitation.token])
    subject = _("You are invited to join %(org)s on Boucle") % {"org": invitation.organization.name}
    body = _(
        "%(inviter)s invites you to join %(org)s on Boucle as %(role)s.\n\n"
        "Open this link, log in or sign up, and confirm:\n%(url)s\n\n"
        "If you did not expect this invitation, ignore this message."
    ) % {
        "inviter": invitation.invited_by.name,
        "org": invitation.organization.name,
        "role": invitation.get_role_display(),
        "url": url,
    }
    send_mail(subject, body, None, [invitation.email])


@transaction.atomic
def invitation_create(*, actor, organization: Organization, email: str, role: str) -> Invitation:
    """Invite someone by e-mail with a role; the mail leaves once the invitation is saved."""
    require_owner(actor=actor, organization=organization)
    email = (email or "").strip()
    try:
        if len(email) > 254:
            raise ValidationError("too long")
        validate_email(email)
    except ValidationError:
        raise InvalidInput(_("Enter a valid e-mail address."), field="email") from None
    role = _clean_role(role)
    if Invitation.objects.filter(
        organization=organization, email__iexact=email, role=role, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise Conflict(_("%(email)s is already invited with this role.") % {"email": email}, field="email")
    invitation = Invitation.objects.create(
        organization=organization, email=email, role=role, token=secrets.token_urlsafe(32), invited_by=actor
    )
    transaction.on_commit(lambda: _send_invitation(invitation.pk))
    return invitation


@transaction.atomic
def invitation_revoke(*, actor, invitation: Invitation) -> Invitation:
    require_owner(actor=actor, organization=invitation.organization)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at:
        raise Conflict(_("This invitation was already accepted; remove the member's role instead."))
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, actor, invitation: Invitation) -> Membership:
    """Give the signed-in member the invited role. An invitation is used once; a revoked one not at all."""
    require_authenticated(actor)
    # Lock the row so two clicks on the link cannot both use it.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.revoked_at:
        raise Conflict(_("This invitation was revoked."))
    if invitation.accepted_at:
        raise Conflict(_("This invitation was already used."))
    membership, _created = Membership.objects.get_or_create(
        organization=invitation.organization, user=actor, role=invitation.role
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = actor
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return membership


@transaction.atomic
def membership_role_add(*, actor, organization: Organization, user, role: str) -> Membership:
    """Give an existing member of the organization one more role."""
    require_owner(actor=actor, organization=organization)
    role = _clean_role(role)
    if not Membership.objects.filter(organization=organization, user=user).exists():
        raise InvalidInput(_("%(name)s is not a member of %(org)s; invite them instead.") % {
            "name": user.name, "org": organization.name})
    membership, _created = Membership.objects.get_or_create(organization=organization, user=user, role=role)
    return membership


@transaction.atomic
def membership_role_remove(*, actor, organization: Organization, user, role: str) -> None:
    """Take a role away from a member. The last owner always stays."""
    require_owner(actor=actor, organization=organization)
    role = _clean_role(role)
    if role == Role.OWNER:
        # Lock every owner row: two owners removing each other at once must not leave the organization ownerless.
        owners = list(
            Membership.objects.select_for_update().filter(organization=organization, role=Role.OWNER).values_list(
                "user_id", flat=True
            )
        )
        if owners == [user.pk]:
            raise Conflict(_("%(org)s needs at least one owner: add another owner first.") % {
                "org": organization.name})
    deleted, _detail = Membership.objects.filter(organization=organization, user=user, role=role).delete()
    if not deleted:
        raise InvalidInput(_("%(name)s does not hold this role.") % {"name": user.name}, field="role")
