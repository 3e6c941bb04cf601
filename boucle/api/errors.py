"""One error format for the whole API: {"detail": "...", "errors": {"field": ["..."]}}."""

from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from django_ratelimit.exceptions import Ratelimited
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from boucle.core.errors import BoucleError


def install(api):
    @api.exception_handler(BoucleError)
    def boucle_error(request, exc: BoucleError):
        body = {"detail": str(exc.message)}
        if exc.errors:
            body["errors"] = {k: [str(m) for m in v] for k, v in exc.errors.items()}
        return api.create_response(request, body, status=exc.status_code)

    @api.exception_handler(DjangoValidationError)
    def django_validation_error(request, exc: DjangoValidationError):
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        first = next(iter(errors.values()))[0] if errors else _("Invalid input.")
        return api.create_response(request, {"detail": first, "errors": errors}, status=400)

    @api.exception_handler(NinjaValidationError)
    def validation_error(request, exc: NinjaValidationError):
        errors = {}
        for err in exc.errors:
            loc = ".".join(
                str(x) for x in err.get("loc", []) if x not in ("body", "payload", "query", "path")
            )
            errors.setdefault(loc or "__all__", []).append(err.get("msg", ""))
        return api.create_response(request, {"detail": _("Invalid input."), "errors": errors}, status=422)

    @api.exception_handler(Http404)
    def not_found(request, exc):
        return api.create_response(request, {"detail": _("Not found.")}, status=404)

    @api.exception_handler(PermissionDenied)
    def forbidden(request, exc):
        return api.create_response(request, {"detail": str(exc) or _("Permission denied.")}, status=403)

    @api.exception_handler(AuthenticationError)
    def unauthorized(request, exc):
        return api.create_response(request, {"detail": _("Authentication required.")}, status=401)

    @api.exception_handler(Ratelimited)
    def ratelimited(request, exc):
        return api.create_response(request, {"detail": _("Too many requests.")}, status=429)

    @api.exception_handler(RequestDataTooBig)
    def too_big(request, exc):
        return api.create_response(request, {"detail": _("The request is too large.")}, status=413)

    @api.exception_handler(HttpError)
    def http_error(request, exc: HttpError):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
