from django.urls import path

from . import views

app_name = "plans"
urlpatterns = [
    path("", views.plan_list, name="list"),
    path("<slug:slug>/", views.plan_detail, name="detail"),
    path("<slug:slug>/grading/", views.plan_grading, name="grading"),
    path("<slug:slug>/nodes/<int:node_id>/", views.node_detail, name="node"),
    path("<slug:slug>/indicators/<int:indicator_id>/", views.indicator_detail, name="indicator"),
    path(
        "<slug:slug>/indicators/<int:indicator_id>/override/",
        views.indicator_override,
        name="indicator_override",
    ),
]
