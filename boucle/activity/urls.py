from django.urls import path

from boucle.activity import feeds, views

urlpatterns = [
    path("feed/", views.feed, name="feed"),
    path("follow/<str:kind>/<str:key>/", views.follow_toggle, name="follow_toggle"),
    path("members/<str:username>/followers/", views.member_followers, name="member_followers"),
    path("members/<str:username>/following/", views.member_following, name="member_following"),
    path("projects/<slug:slug>/activity/", views.project_activity, name="project_activity"),
    path("orgs/<slug:slug>/activity/", views.org_activity, name="org_activity"),
    path("projects/<str:key>/feed.atom", feeds.ProjectFeed(), name="project_atom"),
    path("orgs/<str:key>/feed.atom", feeds.OrganizationFeed(), name="org_atom"),
    path("challenges/<str:key>/feed.atom", feeds.ChallengeFeed(), name="challenge_atom"),
    path("tags/<str:key>/feed.atom", feeds.TagFeed(), name="tag_atom"),
    path("members/<str:key>/feed.atom", feeds.MemberFeed(), name="member_atom"),
]
