from django.urls import path

from boucle.makes import views

urlpatterns = [
    path("projects/<slug:slug>/makes/", views.project_make_list, name="project_make_list"),
    path("projects/<slug:slug>/makes/new/", views.make_create, name="make_create"),
    path("makes/<int:pk>/", views.make_detail, name="make_detail"),
    path("makes/<int:pk>/edit/", views.make_edit, name="make_edit"),
    path("makes/<int:pk>/delete/", views.make_delete, name="make_delete"),
    path("makes/<int:pk>/moderate/", views.make_moderate, name="make_moderate"),
    path("orgs/<slug:slug>/usages/", views.organization_usages, name="organization_usages"),
]
