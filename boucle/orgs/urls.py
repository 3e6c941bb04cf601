from django.urls import path

from boucle.orgs import views

urlpatterns = [
    path("orgs/", views.org_list, name="org_list"),
    path("orgs/new/", views.org_create, name="org_create"),
    path("orgs/invitations/<str:token>/", views.invitation_accept, name="invitation_accept"),
    path("orgs/<slug:slug>/", views.org_detail, name="org_detail"),
    path("orgs/<slug:slug>/edit/", views.org_edit, name="org_edit"),
    path("orgs/<slug:slug>/members/", views.org_members, name="org_members"),
    path("orgs/<slug:slug>/invitations/<int:pk>/revoke/", views.invitation_revoke, name="invitation_revoke"),
    path(
        "orgs/<slug:slug>/members/<str:username>/roles/add/",
        views.member_role,
        {"action": "add"},
        name="org_member_role_add",
    ),
    path(
        "orgs/<slug:slug>/members/<str:username>/roles/remove/",
        views.member_role,
        {"action": "remove"},
        name="org_member_role_remove",
    ),
]
