"""Request guards that hold for every app."""

from urllib.parse import unquote

from django.core.exceptions import RequestDataTooBig
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _


class RejectNulCharactersMiddleware:
    """Answer 400 to a request carrying a NUL character in its path, query string or JSON body.

    PostgreSQL refuses NUL in text, so such a value would otherwise surface as a server error deep inside
    whichever lookup first meets it. Django's form fields refuse it already; this covers URLs and the API.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            has_nul = self._has_nul(request)
        except RequestDataTooBig:
            message = _("The request is too large.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        if has_nul:
            message = _("Null characters are not allowed.")
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message)
        return self.get_response(request)

    @staticmethod
    def _has_nul(request) -> bool:
        if "\x00" in request.path or "\x00" in unquote(request.META.get("QUERY_STRING", "")):
            return True
        if request.content_type == "application/json" and request.method in ("POST", "PUT", "PATCH", "DELETE"):
            body = request.body
            return b"\\u0000" in body or b"\x00" in body
        return False
