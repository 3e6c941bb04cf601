from django.urls import path

from boucle.projects import views

urlpatterns = [
    path("projects/", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<slug:slug>/", views.project_detail, name="project_detail"),
    path("projects/<slug:slug>/edit/", views.project_edit, name="project_edit"),
    path("projects/<slug:slug>/publish/", views.project_publish, name="project_publish"),
    path("projects/<slug:slug>/archive/", views.project_archive, name="project_archive"),
    path("projects/<slug:slug>/team/", views.project_team, name="project_team"),
    path(
        "projects/<slug:slug>/team/<str:username>/remove/",
        views.project_team_remove,
        name="project_team_remove",
    ),
    path("projects/<slug:slug>/merge/", views.project_merge, name="project_merge"),
    path(
        "projects/merge-requests/<int:pk>/<str:answer>/",
        views.merge_request_answer,
        name="merge_request_answer",
    ),
    path("projects/<slug:slug>/support/", views.project_support, name="project_support"),
    path(
        "projects/<slug:slug>/support/withdraw/",
        views.project_support_withdraw,
        name="project_support_withdraw",
    ),
    path("orgs/<slug:slug>/second-chances/", views.second_chance_list, name="second_chance_list"),
    path("orgs/<slug:slug>/second-chances/new/", views.second_chance_create, name="second_chance_create"),
    path("second-chances/<int:pk>/", views.second_chance_detail, name="second_chance_detail"),
    path("second-chances/<int:pk>/vote/", views.second_chance_vote, name="second_chance_vote"),
]
