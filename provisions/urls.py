"""The public site's URLs: pages, their JSON twins under api/, and the feed."""

from django.urls import path

from . import api, views
from .feeds import VersionFeed

app_name = "provisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("versions/", views.version_list, name="version_list"),
    path("threads/", views.thread_list, name="thread_list"),
    path("themes/", views.theme_list, name="theme_list"),
    path("api/", api.index, name="api_index"),
    path("versions/<slug:slug>/", views.version_detail, name="version_detail"),
    path("threads/<slug:slug>/", views.thread_detail, name="thread_detail"),
    path("compare/", views.compare_many, name="compare_many"),
    path("compare/<slug:first>/<slug:second>/", views.compare_pair, name="compare_pair"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("provisions/", views.provision_search, name="provision_search"),
    path("api/versions/", api.versions, name="api_versions"),
    path("api/versions/<slug:slug>/", api.version_detail, name="api_version"),
    path("api/threads/", api.threads, name="api_threads"),
    path("api/threads/<slug:slug>/", api.thread_detail, name="api_thread"),
    path("api/sources/", api.sources, name="api_sources"),
    path("api/provisions/", api.provisions, name="api_provisions"),
    path("api/compare/", api.compare_many, name="api_compare_many"),
    path("api/compare/<slug:first>/<slug:second>/", api.compare_pair, name="api_compare_pair"),
    path("feeds/versions/", VersionFeed(), name="version_feed"),
]
