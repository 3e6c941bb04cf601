from django.urls import path

from boucle.moderation import views

urlpatterns = [
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/report/", views.report, name="moderation_report"),
    path("moderation/act/", views.act, name="moderation_act"),
    path("moderation/log/", views.log, name="moderation_log"),
    path("orgs/<slug:slug>/moderation/", views.org_queue, name="moderation_org_queue"),
]
