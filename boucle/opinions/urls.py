from django.urls import path

from boucle.opinions import views

urlpatterns = [
    path("opinions/<int:conversation_id>/", views.conversation_detail, name="opinions_conversation"),
    path("opinions/<int:conversation_id>/vote/", views.vote, name="opinions_vote"),
    path(
        "opinions/<int:conversation_id>/statements/", views.statement_create, name="opinions_statement_create"
    ),
    path("opinions/<int:conversation_id>/moderation/", views.moderation, name="opinions_moderation"),
]
