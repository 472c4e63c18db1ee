"""Community meetings (地域福祉懇談会) and the issues residents raise in them."""

from django.db import models

from sasaeai.plans.models import Node
from sasaeai.registers.models import DatedRecord, Neighbourhood


class Meeting(DatedRecord):
    """One 地域福祉懇談会 of a branch, or of one neighbourhood association in it."""

    DATE_FIELD = "held_on"

    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name="自治会・町内会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meetings",
    )
    held_on = models.DateField("開催日")
    theme = models.CharField("テーマ", max_length=300)
    venue = models.CharField("会場", max_length=200, blank=True)
    participants = models.PositiveIntegerField("参加人数", default=0)
    note = models.TextField("記録", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "地域福祉懇談会"
        ordering = ["-held_on", "id"]
        indexes = [models.Index(fields=["branch", "fiscal_year"], name="meeting_branch_year")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.theme}"


class MeetingIssue(models.Model):
    """An issue raised in a meeting, linked to the plan node it concerns once someone says so."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="issues")
    text = models.TextField("出された課題")
    node = models.ForeignKey(
        Node,
        verbose_name="関係する施策",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="meeting_issues",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "懇談会で出された課題"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text[:40]
