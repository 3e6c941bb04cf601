from django.urls import path

from boucle.core.views import under_construction

urlpatterns = [
    path("technologies/", under_construction, name="technology_list"),
    path("technologies/<slug:slug>/", under_construction, name="technology_detail"),
]
