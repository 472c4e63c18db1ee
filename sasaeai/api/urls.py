"""URLs of the JSON API, mounted at /api/v1/. Each one is described in openapi.py."""

from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path(
        "plans/<slug:slug>/cycles/<int:fiscal_year>/entries",
        views.cycle_entries,
        name="cycle_entries",
    ),
    path("entries/<int:entry_id>", views.entry_detail, name="entry"),
    path("entries/<int:entry_id>/submit", views.entry_submit, name="entry_submit"),
    path("entries/<int:entry_id>/return", views.entry_return, name="entry_return"),
    path("entries/<int:entry_id>/accept", views.entry_accept, name="entry_accept"),
    path("openapi.json", views.openapi_document, name="openapi"),
]
