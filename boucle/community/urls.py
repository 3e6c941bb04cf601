from django.urls import path

from boucle.community import views

urlpatterns = [
    path("comments/new/", views.comment_create, name="comment_create"),
    path("comments/<int:comment_id>/edit/", views.comment_edit, name="comment_edit"),
    path("comments/<int:comment_id>/delete/", views.comment_delete, name="comment_delete"),
    path("comments/<int:comment_id>/react/", views.comment_react, name="comment_react"),
    path("comments/<int:comment_id>/helpful/", views.comment_helpful, name="comment_helpful"),
    path("comments/<int:comment_id>/history/", views.comment_history, name="comment_history"),
]
