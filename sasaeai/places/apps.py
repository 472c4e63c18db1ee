from django.apps import AppConfig


class PlacesConfig(AppConfig):
    name = "sasaeai.places"
    verbose_name = "集いの場"
