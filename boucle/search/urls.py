from django.urls import path

from boucle.search import views

urlpatterns = [
    path("search/", views.search, name="search"),
    path("search/similar/", views.similar, name="search_similar"),
]
