from django.urls import path

from sasaeai.reports import views as report_views

from . import cycle_views, import_views, views

app_name = "plans"
cycles = [
    path("<slug:slug>/cycles/", cycle_views.cycle_list, name="cycles"),
    path("<slug:slug>/cycles/<int:fy>/", cycle_views.cycle_dashboard, name="cycle"),
    path("<slug:slug>/cycles/<int:fy>/accept/", cycle_views.cycle_accept, name="cycle_accept"),
    path("<slug:slug>/cycles/<int:fy>/remind/", cycle_views.cycle_remind, name="cycle_remind"),
    path("<slug:slug>/cycles/<int:fy>/confirm/", cycle_views.cycle_confirm, name="cycle_confirm"),
    path(
        "<slug:slug>/cycles/<int:fy>/versions/<int:number>/",
        cycle_views.cycle_version,
        name="cycle_version",
    ),
    path("<slug:slug>/entries/<int:entry_id>/", cycle_views.entry_detail, name="entry"),
    path(
        "<slug:slug>/entries/<int:entry_id>/<str:action>/",
        cycle_views.entry_transition,
        name="entry_transition",
    ),
]

imports = [
    path("import/", import_views.import_start, name="import"),
    path("import/<int:draft_id>/", import_views.import_review, name="import_review"),
    path("import/template.xlsx", import_views.workbook_template, name="workbook_template"),
]

urlpatterns = (
    imports
    + cycles
    + [
        path("", views.plan_list, name="list"),
        path("<slug:slug>/", views.plan_detail, name="detail"),
        path("<slug:slug>/grading/", views.plan_grading, name="grading"),
        path("<slug:slug>/reports/<str:kind>/", report_views.download, name="report"),
        path("<slug:slug>/workbook.xlsx", import_views.plan_workbook, name="workbook"),
        path("<slug:slug>/nodes/<int:node_id>/", views.node_detail, name="node"),
        path(
            "<slug:slug>/indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"
        ),
        path(
            "<slug:slug>/indicators/<int:indicator_id>/binding/",
            views.indicator_binding,
            name="indicator_binding",
        ),
        path(
            "<slug:slug>/indicators/<int:indicator_id>/override/",
            views.indicator_override,
            name="indicator_override",
        ),
    ]
)
