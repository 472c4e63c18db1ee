from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "sasaeai.volunteers"
    verbose_name = "ボランティアセンター"
