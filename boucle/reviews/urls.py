from django.urls import path

from boucle.reviews import views

urlpatterns = [
    path("orgs/<slug:slug>/review-windows/", views.review_window_list, name="review_window_list"),
    path(
        "orgs/<slug:slug>/review-windows/<int:pk>/delete/", views.review_window_delete, name="review_window_delete"
    ),
    path("orgs/<slug:slug>/reviews/", views.review_queue, name="review_queue"),
    path("projects/<slug:slug>/review/", views.project_review, name="project_review"),
    path("projects/<slug:slug>/decision/", views.project_decide, name="project_decide"),
    path("projects/<slug:slug>/review/start/", views.project_review_start, name="project_review_start"),
    path("projects/<slug:slug>/decision/answer/", views.decision_answer, name="decision_answer"),
]
