"""Yearly progress (進捗): a reporting cycle per plan and fiscal year, and its entries."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sasaeai.accounts.models import Department, Organization
from sasaeai.plans.models import Actor, Node, Plan


class Cycle(models.Model):
    """One report of progress, yearly or for the whole plan period, open or confirmed (確定版)."""

    class Status(models.TextChoices):
        OPEN = "open", _("受付中")
        CONFIRMED = "confirmed", _("確定")

    plan = models.ForeignKey(
        Plan, verbose_name="計画", on_delete=models.CASCADE, related_name="cycles"
    )
    fiscal_year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    title = models.CharField("表題", max_length=300)
    status = models.CharField("状態", max_length=16, choices=Status.choices, default=Status.OPEN)
    confirmed_by = models.CharField("確定した会議体", max_length=200, blank=True)
    confirmed_on = models.DateField("確定日", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "進捗報告"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """Progress of one node for one actor or department: 進捗状況, 課題, 今後の方向."""

    cycle = models.ForeignKey(
        Cycle, verbose_name="進捗報告", on_delete=models.CASCADE, related_name="entries"
    )
    node = models.ForeignKey(
        Node, verbose_name="施策", on_delete=models.CASCADE, related_name="progress_entries"
    )
    actor = models.CharField("主体", max_length=32, choices=Actor.choices, blank=True)
    organization = models.ForeignKey(
        Organization, verbose_name="組織", null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name="担当課", null=True, blank=True, on_delete=models.PROTECT
    )
    progress = models.TextField("進捗状況", blank=True)
    issues = models.TextField("課題", blank=True)
    next_steps = models.TextField("今後の方向", blank=True)
    self_rating = models.CharField("自己評価", max_length=50, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "進捗"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.node} / {self.get_actor_display()}"
