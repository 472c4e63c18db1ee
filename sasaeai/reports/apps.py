from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "sasaeai.reports"
    verbose_name = "帳票"

    def ready(self) -> None:
        from . import indicators  # noqa: F401 - registers the report kinds
