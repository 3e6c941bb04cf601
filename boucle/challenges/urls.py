from django.urls import path

from boucle.core.views import under_construction

urlpatterns = [
    path("challenges/", under_construction, name="challenge_list"),
    path("challenges/<slug:slug>/", under_construction, name="challenge_detail"),
]
