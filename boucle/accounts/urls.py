from django.urls import path

from boucle.core.views import under_construction

urlpatterns = [
    path("members/<str:username>/", under_construction, name="member_detail"),
]
