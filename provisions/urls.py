from django.urls import path

from . import views, views_search
from .feeds import VersionFeed

app_name = "provisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("versions/<slug:slug>/", views.version_detail, name="version_detail"),
    path("threads/<slug:slug>/", views.thread_detail, name="thread_detail"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
]

# Search, open data and the feed.
urlpatterns += [
    path("provisions/", views_search.provision_search, name="provision_search"),
    path("feeds/versions/", VersionFeed(), name="version_feed"),
]
