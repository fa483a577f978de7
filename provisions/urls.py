from django.urls import path

from . import api, views, views_search
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
    path("api/versions/", api.versions, name="api_versions"),
    path("api/versions/<slug:slug>/", api.version_detail, name="api_version"),
    path("api/threads/", api.threads, name="api_threads"),
    path("api/threads/<slug:slug>/", api.thread_detail, name="api_thread"),
    path("api/sources/", api.sources, name="api_sources"),
    path("api/provisions/", api.provisions, name="api_provisions"),
    path("feeds/versions/", VersionFeed(), name="version_feed"),
]
