from importlib import import_module

from django.apps import AppConfig

# The apps whose `measures` module registers register measures (登録簿の集計), in menu order.
MEASURE_APPS = ("sasaeai.places", "sasaeai.meetings", "sasaeai.volunteers")


class RegistersConfig(AppConfig):
    name = "sasaeai.registers"
    verbose_name = "地域の登録簿"

    def ready(self) -> None:
        for app in MEASURE_APPS:
            import_module(f"{app}.measures")
