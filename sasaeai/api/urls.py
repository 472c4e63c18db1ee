"""URLs of the JSON API, mounted at /api/v1/. Each one is described in openapi.py."""

from django.urls import path

from . import public, views

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
    # Open data: read-only, no sign-in, confirmed content only (public.py).
    path("public/plans", public.plans, name="public_plans"),
    path("public/plans/<slug:slug>", public.plan, name="public_plan"),
    path("public/plans/<slug:slug>/nodes/<int:node_id>", public.node, name="public_node"),
    path("public/plans/<slug:slug>/indicators", public.indicators, name="public_indicators"),
    path("public/plans/<slug:slug>/progress", public.progress, name="public_progress"),
    path(
        "public/plans/<slug:slug>/download.json",
        public.download_json,
        name="public_download_json",
    ),
    path("public/plans/<slug:slug>/download.zip", public.download_zip, name="public_download_zip"),
]
