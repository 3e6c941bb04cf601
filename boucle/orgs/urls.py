from django.urls import path

from boucle.core.views import under_construction

urlpatterns = [
    path("orgs/", under_construction, name="org_list"),
    path("orgs/<slug:slug>/", under_construction, name="org_detail"),
]
