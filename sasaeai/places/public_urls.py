from django.urls import path

from . import public_views

app_name = "public_places"
urlpatterns = [
    path("", public_views.place_list, name="list"),
    path("places.json", public_views.geojson, name="geojson"),
    path("<int:pk>/", public_views.place_detail, name="detail"),
]
