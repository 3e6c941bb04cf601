from django.conf import settings
from django.contrib import admin
from django.http import HttpResponse
from django.urls import include, path, re_path
from django.views.static import serve

from boucle.api.api import api
from boucle.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("accounts/", include("allauth.urls")),
    path("api/", api.urls),
    path("", include("boucle.accounts.urls")),
    path("", include("boucle.orgs.urls")),
    path("", include("boucle.catalog.urls")),
    path("", include("boucle.challenges.urls")),
    path("", include("boucle.projects.urls")),
    path("", include("boucle.reviews.urls")),
    path("", include("boucle.community.urls")),
    path("", include("boucle.activity.urls")),
    path("", include("boucle.notifications.urls")),
    path("", include("boucle.search.urls")),
    path("", include("boucle.moderation.urls")),
    path("", include("boucle.studio.urls")),
    path("", include("boucle.opinions.urls")),
    path("", include("boucle.realization.urls")),
    path("", include("boucle.orders.urls")),
    path("", include("boucle.makes.urls")),
    path("", include("boucle.ledger.urls")),
]

if settings.BOUCLE_BENCH_FLOOR:  # bench/http_bench.py: the fixed answer every figure is compared with

    def bench_floor(request):
        return HttpResponse(b"ok", content_type="text/plain")

    urlpatterns += [path("bench/floor/", bench_floor, name="bench_floor")]

if settings.SERVE_MEDIA:
    urlpatterns += [
        re_path(r"^media/(?P<path>.*)$", serve, {"document_root": settings.MEDIA_ROOT}),
    ]

handler400 = "boucle.core.views.bad_request"
handler403 = "boucle.core.views.permission_denied"
handler404 = "boucle.core.views.page_not_found"
handler500 = "boucle.core.views.server_error"
