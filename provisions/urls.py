from django.urls import path

from . import api_compare, views

app_name = "provisions"

urlpatterns = [
    path("", views.home, name="home"),
    path("versions/<slug:slug>/", views.version_detail, name="version_detail"),
    path("threads/<slug:slug>/", views.thread_detail, name="thread_detail"),
    # Reading: comparisons, themes and sources (HTML, CSV and JSON).
    path("compare/", views.compare_many, name="compare_many"),
    path("compare/<slug:first>/<slug:second>/", views.compare_pair, name="compare_pair"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme_detail"),
    path("sources/", views.source_list, name="source_list"),
    path("sources/<slug:slug>/", views.source_detail, name="source_detail"),
    path("api/compare/", api_compare.compare_many, name="api_compare_many"),
    path(
        "api/compare/<slug:first>/<slug:second>/",
        api_compare.compare_pair,
        name="api_compare_pair",
    ),
]
