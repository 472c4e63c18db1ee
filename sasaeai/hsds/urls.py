"""The HSDS feed's URLs, as the HSDS API reference names them (no trailing slash)."""

from django.urls import path

from . import views

app_name = "hsds"
urlpatterns = [
    path("", views.api_info, name="root"),
    path("services", views.services, name="services"),
    path("services/<str:hsds_id>", views.service_detail, name="service"),
    path("organizations", views.organizations, name="organizations"),
    path("organizations/<str:hsds_id>", views.organization_detail, name="organization"),
    path("locations", views.locations, name="locations"),
    path("locations/<str:hsds_id>", views.location_detail, name="location"),
    path("service_at_locations", views.service_at_locations, name="service_at_locations"),
    path(
        "service_at_locations/<str:hsds_id>",
        views.service_at_location_detail,
        name="service_at_location",
    ),
    path("taxonomies", views.taxonomies, name="taxonomies"),
    path("taxonomies/<str:hsds_id>", views.taxonomy_detail, name="taxonomy"),
    path("taxonomy_terms", views.taxonomy_terms, name="taxonomy_terms"),
    path("taxonomy_terms/<str:hsds_id>", views.taxonomy_term_detail, name="taxonomy_term"),
]
