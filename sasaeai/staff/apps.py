from django.apps import AppConfig


class StaffConfig(AppConfig):
    name = "sasaeai.staff"
    verbose_name = "職員向け画面"
