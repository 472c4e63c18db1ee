from django.urls import include, path

from . import views

app_name = "registers"
urlpatterns = [
    path("", views.home, name="home"),
    path("branches/<int:branch_id>/", views.branch, name="branch"),
    path("bindings/<int:binding_id>/<int:fy>/", views.binding_records, name="binding_records"),
]

# The register apps, each under its own prefix and namespace (places:…, volunteers:…, meetings:…).
apps = [
    path("places/", include("sasaeai.places.urls")),
    path("volunteers/", include("sasaeai.volunteers.urls")),
    path("meetings/", include("sasaeai.meetings.urls")),
]
