from django.apps import AppConfig


class HsdsConfig(AppConfig):
    name = "sasaeai.hsds"
    verbose_name = "HSDS（Open Referral）"
