from django.urls import include, path

from . import io_views, views

app_name = "registers"
urlpatterns = [
    path("", views.home, name="home"),
    path("branches/<int:branch_id>/", views.branch, name="branch"),
    path("bindings/<int:binding_id>/<int:fy>/", views.binding_records, name="binding_records"),
    path("io/", io_views.io_page, name="import"),
    path("io/export/", io_views.export, name="export"),
    path("io/template/", io_views.template, name="template"),
]

# The register apps, each under its own prefix and namespace (places:…, volunteers:…, meetings:…).
apps = [
    path("places/", include("sasaeai.places.urls")),
    path("volunteers/", include("sasaeai.volunteers.urls")),
    path("meetings/", include("sasaeai.meetings.urls")),
]
