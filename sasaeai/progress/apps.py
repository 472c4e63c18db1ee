from django.apps import AppConfig


class ProgressConfig(AppConfig):
    name = "sasaeai.progress"
    verbose_name = "進捗管理"
