from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "sasaeai.audit"
    verbose_name = "操作記録"
