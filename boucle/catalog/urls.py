from django.urls import path

from boucle.catalog import views

urlpatterns = [
    path("technologies/", views.technology_list, name="technology_list"),
    path("orgs/<slug:slug>/technologies/new/", views.technology_create, name="technology_create"),
    path("technologies/<slug:slug>/", views.technology_detail, name="technology_detail"),
    path("technologies/<slug:slug>/edit/", views.technology_edit, name="technology_edit"),
    path("technologies/<slug:slug>/status/", views.technology_status, name="technology_status"),
    path("technologies/<slug:slug>/versions/", views.technology_version_add, name="technology_version_add"),
    path("technologies/<slug:slug>/versions/new/", views.technology_version_publish, name="technology_version_publish"),
    path("technologies/<slug:slug>/images/", views.technology_image_add, name="technology_image_add"),
    path(
        "technologies/<slug:slug>/images/<int:pk>/remove/", views.technology_image_remove,
        name="technology_image_remove",
    ),
]
