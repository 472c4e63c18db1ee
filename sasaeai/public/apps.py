from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "sasaeai.public"
    verbose_name = "公開ページ"

    def ready(self) -> None:
        """Watch the models behind the public pages so that their cache is renewed on a change."""
        from . import signals

        signals.connect()
