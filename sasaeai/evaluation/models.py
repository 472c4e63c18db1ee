"""Manual grade overrides: a committee's decision, kept beside the computed grade, with history."""

from django.conf import settings
from django.db import models

from sasaeai.plans.models import Indicator


class GradeOverride(models.Model):
    """One decision to override (or, with an empty grade, to withdraw an override of) a grade.

    Rows are never edited or deleted: the latest row for an indicator and year is in force,
    and the earlier ones are its history.
    """

    indicator = models.ForeignKey(
        Indicator, verbose_name="指標", on_delete=models.CASCADE, related_name="grade_overrides"
    )
    fiscal_year = models.PositiveSmallIntegerField("評価年度")
    grade = models.CharField("評価（手入力）", max_length=16, blank=True)
    computed_grade = models.CharField("その時点の算定評価", max_length=16)
    reason = models.TextField("理由")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="入力者", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("入力日時")

    class Meta:
        verbose_name = verbose_name_plural = "評価の手入力"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.indicator} {self.fiscal_year}: {self.grade or '取り消し'}"
