from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "sasaeai.plans"
    verbose_name = "計画"
