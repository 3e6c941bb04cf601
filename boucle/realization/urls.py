from django.urls import path

from boucle.realization import views

urlpatterns = [
    path("projects/<slug:slug>/adopt/", views.project_adopt, name="project_adopt"),
    path("realizations/", views.realization_list, name="realization_list"),
    path("realizations/<int:pk>/", views.realization_detail, name="realization_detail"),
    path("realizations/<int:pk>/kit/", views.realization_kit, name="realization_kit"),
    path("realizations/<int:pk>/close/", views.realization_close, name="realization_close"),
    path("realizations/<int:pk>/runs/", views.run_open, name="run_open"),
    path("realizations/<int:pk>/runs/<int:run_pk>/status/", views.run_status, name="run_status"),
    path("realizations/<int:pk>/offers/new/", views.offer_create, name="offer_create"),
    path("offers/<int:pk>/", views.offer_detail, name="offer_detail"),
    path("offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("offers/<int:pk>/stock/", views.offer_stock, name="offer_stock"),
    path("offers/<int:pk>/withdraw/", views.offer_withdraw, name="offer_withdraw"),
    path("orgs/<slug:slug>/realizations/", views.org_realizations, name="org_realizations"),
    path("orgs/<slug:slug>/selling/", views.seller_settings, name="seller_settings"),
    path("grants/", views.grant_list, name="grant_list"),
    path("grants/<int:pk>/revoke/", views.grant_revoke, name="grant_revoke"),
    path("shop/", views.shop, name="shop"),
]
