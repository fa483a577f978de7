"""The site's URLs: the admin, the provisions app, and the error pages."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("provisions.urls")),
]

handler400 = "plancompare.errors.bad_request"
handler404 = "plancompare.errors.page_not_found"
handler500 = "plancompare.errors.server_error"
