from django.urls import path

from boucle.accounts import views

urlpatterns = [
    path("members/<str:username>/", views.member_detail, name="member_detail"),
    path("accounts/profile/", views.profile_edit, name="profile_edit"),
    path("accounts/tokens/", views.token_list, name="token_list"),
    path("accounts/tokens/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
]
