from django.urls import path

from boucle.opinions import views

urlpatterns = [
    path("opinions/<int:conversation_id>/", views.conversation_detail, name="opinions_conversation"),
    path("opinions/<int:conversation_id>/vote/", views.vote, name="opinions_vote"),
    path(
        "opinions/<int:conversation_id>/statements/", views.statement_create, name="opinions_statement_create"
    ),
    path("opinions/<int:conversation_id>/moderation/", views.moderation, name="opinions_moderation"),
    path("opinions/<int:conversation_id>/export/", views.conversation_export, name="opinions_export"),
    path("opinions/new/<str:target_type>/<str:slug>/", views.conversation_open, name="opinions_open"),
    path("opinions/import/<str:target_type>/<str:slug>/", views.conversation_import, name="opinions_import"),
]
