from django.apps import AppConfig


class PlanfilesConfig(AppConfig):
    name = "sasaeai.planfiles"
    verbose_name = "計画ファイル"
