from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "sasaeai.demo"
    verbose_name = "デモ"
