from django.urls import path

from boucle.core.views import under_construction

urlpatterns = [
    path("projects/", under_construction, name="project_list"),
    path("projects/new/", under_construction, name="project_create"),
    path("projects/<slug:slug>/", under_construction, name="project_detail"),
]
