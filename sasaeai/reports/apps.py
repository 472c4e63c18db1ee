from importlib import import_module

from django.apps import AppConfig

# The report kinds, in the order the command and the download menus list them.
KINDS = ("progress", "indicators", "sheets", "booklet")


class ReportsConfig(AppConfig):
    name = "sasaeai.reports"
    verbose_name = "帳票"

    def ready(self) -> None:
        for kind in KINDS:  # each module registers its exporter
            import_module(f"{self.name}.{kind}")
