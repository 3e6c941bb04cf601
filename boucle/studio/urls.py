"""The studio's HTML pages (``views.py``). The JSON API is ``api.py``, mounted under /api/."""

from django.urls import path

from boucle.studio import views

DESIGN = "projects/<slug:slug>/designs/<int:number>/"

urlpatterns = [
    path("designs/", views.design_gallery, name="design_gallery"),
    path("designs/previews/<int:revision_id>.svg", views.revision_preview_svg, name="revision_preview_svg"),
    path("designs/previews/<int:revision_id>.png", views.revision_preview_png, name="revision_preview_png"),
    path("projects/<slug:slug>/designs/new/", views.design_create, name="design_create"),
    path(DESIGN, views.design_detail, name="design_detail"),
    path(DESIGN + "history/", views.design_history, name="design_history"),
    path(DESIGN + "compare/", views.design_compare, name="design_compare"),
    path(DESIGN + "revisions/<int:revision>/", views.revision_detail, name="revision_detail"),
    path(DESIGN + "lineage/", views.design_lineage, name="design_lineage"),
    path(DESIGN + "suggestions/", views.design_suggestions, name="design_suggestions"),
    path(DESIGN + "suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path(DESIGN + "suggestions/<int:pk>/merge/", views.suggestion_merge, name="suggestion_merge"),
    path(DESIGN + "suggestions/<int:pk>/decline/", views.suggestion_decline, name="suggestion_decline"),
    path(DESIGN + "edit/", views.design_edit, name="design_edit"),
    path(DESIGN + "rename/", views.design_rename, name="design_rename"),
    path(DESIGN + "suggest/", views.design_suggest, name="design_suggest"),
    path(DESIGN + "fork/", views.design_fork, name="design_fork"),
    path(DESIGN + "comments/", views.design_comment, name="design_comment"),
    path("technologies/<slug:slug>/kit/", views.kit_detail, name="kit_detail"),
    path("technologies/<slug:slug>/kit/edit/", views.kit_edit, name="kit_edit"),
    path("technologies/<slug:slug>/kit/<int:number>/", views.kit_version, name="kit_version"),
]
