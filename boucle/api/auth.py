"""API authentication: a personal token (Authorization: Bearer bcl_...) or the browser session.

Session requests keep Django's CSRF protection (ninja checks the token for cookie-authenticated
writes); token requests carry no cookie, so they need none.
"""

from django.utils import timezone
from ninja.security import APIKeyCookie, HttpBearer

from boucle.accounts.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        token_row = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=ApiToken.hash_key(token), revoked_at__isnull=True, user__is_active=True)
            .first()
        )
        if token_row is None:
            return None
        now = timezone.now()
        # Touch last_used_at at most once a minute: a token used in a loop should not write on every call.
        if token_row.last_used_at is None or (now - token_row.last_used_at).total_seconds() > 60:
            ApiToken.objects.filter(pk=token_row.pk).update(last_used_at=now)
        request.user = token_row.user
        return token_row.user


class SessionAuth(APIKeyCookie):
    """The browser's session cookie, with CSRF checked on writes."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return user
        return None


class OptionalAuth:
    """Anonymous allowed: reads are public; request.user is set when a token is given."""

    def __call__(self, request):
        header = request.headers.get("Authorization", "")
        if header.lower().startswith("bearer "):
            user = TokenAuth().authenticate(request, header.split(" ", 1)[1].strip())
            return user or None
        return getattr(request, "user", None) or True


token_auth = TokenAuth()
session_auth = SessionAuth()
AUTH = [token_auth, session_auth]
