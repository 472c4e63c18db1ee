from django.apps import AppConfig


class EvaluationConfig(AppConfig):
    name = "sasaeai.evaluation"
    verbose_name = "評価"
