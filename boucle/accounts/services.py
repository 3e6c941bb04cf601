"""Writes on members: profile, personal API tokens. Log-in, sign-up and passwords are django-allauth's."""

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from boucle.accounts.models import ApiToken, User
from boucle.core.errors import InvalidInput, NotAllowed, NotFound
from boucle.core.images import image_store

DISPLAY_NAME_MAX = 80
BIO_MAX = 4000
SKILLS_MAX = 20
SKILL_MAX_CHARS = 40
LINKS_MAX = 10
LINK_MAX_CHARS = 500
TOKEN_NAME_MAX = 80
TOKENS_ACTIVE_MAX = 50

_url_validator = URLValidator(schemes=["http", "https"])


def skills_parse(value: str | list[str]) -> list[str]:
    """Comma-separated skills (or a list) to a clean list: trimmed, no blanks, no duplicates (any case).

    >>> skills_parse(" Lego,  brewing ,lego,, ")
    ['Lego', 'brewing']
    """
    parts = value.split(",") if isinstance(value, str) else list(value)
    skills, seen = [], set()
    for part in parts:
        skill = " ".join(str(part).split())
        if skill and skill.casefold() not in seen:
            seen.add(skill.casefold())
            skills.append(skill)
    if len(skills) > SKILLS_MAX:
        raise InvalidInput(
            ngettext("List %(max)d skill at most.", "List %(max)d skills at most.", SKILLS_MAX) % {"max": SKILLS_MAX},
            field="skills",
        )
    for skill in skills:
        if len(skill) > SKILL_MAX_CHARS:
            raise InvalidInput(
                _("The skill “%(skill)s…” is too long (%(max)d characters at most).")
                % {"skill": skill[:20], "max": SKILL_MAX_CHARS},
                field="skills",
            )
    return skills


def links_parse(value: str | list[str]) -> list[str]:
    """One URL per line (or a list) to a clean list of http(s) URLs.

    >>> links_parse("https://example.org\\n\\n  http://a.example/x  ")
    ['https://example.org', 'http://a.example/x']
    """
    lines = value.splitlines() if isinstance(value, str) else list(value)
    links = []
    for line in lines:
        link = str(line).strip()
        if link and link not in links:
            links.append(link)
    if len(links) > LINKS_MAX:
        raise InvalidInput(
            ngettext("Give %(max)d link at most.", "Give %(max)d links at most.", LINKS_MAX) % {"max": LINKS_MAX},
            field="links",
        )
    for link in links:
        try:
            if len(link) > LINK_MAX_CHARS:
                raise ValidationError("too long")
            _url_validator(link)
        except ValidationError:
            raise InvalidInput(
                _("“%(link)s” is not a web address: each line must start with http:// or https://.")
                % {"link": link[:60]},
                field="links",
            ) from None
    return links


@transaction.atomic
def profile_update(
    *,
    actor: User,
    user: User,
    display_name: str | None = None,
    bio: str | None = None,
    skills: str | list[str] | None = None,
    links: str | list[str] | None = None,
    avatar=None,
    avatar_remove: bool = False,
) -> User:
    """Change a member's profile. Arguments left to None keep their value.

    Every field is checked before anything is written (the avatar is stored last), so a bad value
    leaves the profile as it was. Raises InvalidInput naming each field at fault.
    """
    if actor is None or not actor.is_authenticated or actor.pk != user.pk:
        raise NotAllowed(_("You can only edit your own profile."))
    errors: dict[str, list[str]] = {}
    changes: dict = {}
    if display_name is not None:
        display_name = " ".join(display_name.split())
        if len(display_name) > DISPLAY_NAME_MAX:
            errors["display_name"] = [
                _("The display name is too long (%(max)d characters at most).") % {"max": DISPLAY_NAME_MAX}
            ]
        changes["display_name"] = display_name
    if bio is not None:
        bio = bio.strip()
        if len(bio) > BIO_MAX:
            errors["bio"] = [_("The bio is too long (%(max)d characters at most).") % {"max": BIO_MAX}]
        changes["bio"] = bio
    for name, value, parse in (("skills", skills, skills_parse), ("links", links, links_parse)):
        if value is None:
            continue
        try:
            changes[name] = parse(value)
        except InvalidInput as error:
            errors.update(error.errors)
    if errors:
        raise InvalidInput(next(iter(errors.values()))[0], errors=errors)
    if avatar is not None:
        try:
            changes["avatar"] = image_store(avatar, folder="avatars")
        except InvalidInput as error:
            raise InvalidInput(error.message, field="avatar") from None
    elif avatar_remove:
        changes["avatar"] = ""
    for name, value in changes.items():
        setattr(user, name, value)
    if changes:
        user.save(update_fields=list(changes))
    return user


@transaction.atomic
def token_create(*, actor: User, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token; return it with its key, which is never stored nor shown again.

    >>> token, key = token_create(actor=alice, name="laptop script")
    >>> key
    'bcl_...'
    """
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Log in to create an API token."))
    name = " ".join((name or "").split())
    if not name:
        raise InvalidInput(_("Give the token a name, so you know later what uses it."), field="name")
    if len(name) > TOKEN_NAME_MAX:
        raise InvalidInput(
            _("The name is too long (%(max)d characters at most).") % {"max": TOKEN_NAME_MAX}, field="name"
        )
    # Lock the member's row so two concurrent creations cannot both pass the limit.
    User.objects.select_for_update().filter(pk=actor.pk).first()
    if ApiToken.objects.filter(user=actor, revoked_at__isnull=True).count() >= TOKENS_ACTIVE_MAX:
        raise InvalidInput(
            _("You have %(max)d active tokens: revoke one before creating another.") % {"max": TOKENS_ACTIVE_MAX},
            field="name",
        )
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        user=actor, name=name, key_hash=ApiToken.hash_key(key), hint=key[: len(ApiToken.PREFIX) + 4]
    )
    return token, key


@transaction.atomic
def token_revoke(*, actor: User, token_id: int) -> ApiToken:
    """Revoke one of the actor's tokens. Revoking a revoked token changes nothing.

    Another member's token answers NotFound, so token ids of others cannot be probed.
    """
    if actor is None or not actor.is_authenticated:
        raise NotAllowed(_("Log in to manage your API tokens."))
    token = ApiToken.objects.select_for_update().filter(pk=token_id, user=actor).first()
    if token is None:
        raise NotFound(_("This token does not exist."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token
