from django.urls import path

from . import views

app_name = "public"
urlpatterns = [
    path("", views.plan_list, name="plans"),
    # Before <slug>/ so that a plan can never shadow it.
    path("branches/", views.branches, name="branches"),
    path("branches.csv", views.branches_data, {"fmt": "csv"}, name="branches_csv"),
    path("branches.json", views.branches_data, {"fmt": "json"}, name="branches_json"),
    path("healthz/", views.healthz, name="healthz"),
    path("<slug:slug>/", views.plan_detail, name="plan"),
    path("<slug:slug>/nodes/<int:node_id>/", views.node_detail, name="node"),
    path(
        "<slug:slug>/nodes/<int:node_id>/indicators.csv",
        views.node_indicators_data,
        {"fmt": "csv"},
        name="node_indicators_csv",
    ),
    path(
        "<slug:slug>/nodes/<int:node_id>/indicators.json",
        views.node_indicators_data,
        {"fmt": "json"},
        name="node_indicators_json",
    ),
    path("<slug:slug>/indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path(
        "<slug:slug>/indicators/<int:indicator_id>.csv",
        views.indicator_data,
        {"fmt": "csv"},
        name="indicator_csv",
    ),
    path(
        "<slug:slug>/indicators/<int:indicator_id>.json",
        views.indicator_data,
        {"fmt": "json"},
        name="indicator_json",
    ),
    path("<slug:slug>/progress/", views.progress, name="progress"),
    path("<slug:slug>/progress.csv", views.progress_data, {"fmt": "csv"}, name="progress_csv"),
    path("<slug:slug>/progress.json", views.progress_data, {"fmt": "json"}, name="progress_json"),
    path("<slug:slug>/search/", views.search, name="search"),
]
