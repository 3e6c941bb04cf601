from django.urls import path

from boucle.ledger import views

urlpatterns = [
    path("projects/<slug:slug>/influence/", views.project_influence_page, name="project_influence"),
    path("accounts/earnings/", views.earnings, name="earnings"),
    path("accounts/earnings.csv", views.earnings_csv, name="earnings_csv"),
    path("orgs/<slug:slug>/royalties/", views.org_royalties, name="org_royalties"),
    path("orgs/<slug:slug>/royalties.csv", views.org_royalties_csv, name="org_royalties_csv"),
    path("orgs/<slug:slug>/influence-weights/", views.org_influence_weights, name="org_influence_weights"),
]
