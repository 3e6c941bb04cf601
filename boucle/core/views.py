from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


def home(request):
    from boucle.core.selectors import home_context

    context = home_context(user=request.user)
    if request.user.is_authenticated:
        from django.urls import reverse

        from boucle.activity.selectors import feed_page

        # The first lines of the member's feed; "More" continues on /feed/.
        context["feed"] = feed_page(user=request.user, limit=10)
        context["feed_url"] = reverse("feed")
    return render(request, "core/home.html", context)


def ratelimited(request, exception=None):
    message = _("Too many requests. Please wait a moment and try again.")
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=429)
    return render(request, "core/error.html", {"title": _("Slow down"), "message": message}, status=429)


def page_not_found(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return render(request, "404.html", status=404)


def server_error(request):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Server error.")}, status=500)
    return render(request, "500.html", status=500)


def permission_denied(request, exception=None):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": str(exception) or _("Permission denied.")}, status=403)
    return render(
        request,
        "core/error.html",
        {"title": _("Not allowed"), "message": str(exception) or _("You are not allowed to do this.")},
        status=403,
    )


def bad_request(request, exception=None):
    return render(request, "core/error.html", {"title": _("Bad request"), "message": _("This request is not valid.")}, status=400)


def under_construction(request, *args, **kwargs):  # replaced app by app; removed once every page exists
    return render(request, "core/error.html", {"title": "…", "message": "…"}, status=501)
