from django.urls import path

from boucle.challenges import views

urlpatterns = [
    path("challenges/", views.challenge_list, name="challenge_list"),
    path("challenges/new/", views.challenge_create, name="challenge_create"),
    path("challenges/<slug:slug>/", views.challenge_detail, name="challenge_detail"),
    path("challenges/<slug:slug>/edit/", views.challenge_edit, name="challenge_edit"),
]
