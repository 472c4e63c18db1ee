from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "sasaeai.public"
    verbose_name = "公開ページ"
