"""Yearly progress (進捗): a reporting cycle per plan and fiscal year, and its entries.

A cycle is opened by the plan's secretariat with a deadline. Each department fills its entries
(進捗状況・課題・今後の方向 and the actual values of its indicators), submits them; the
secretariat returns or accepts them; the committee chair confirms the cycle, which freezes an
immutable version (確定版) for reports and the public site.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sasaeai.accounts.models import Department, Organization
from sasaeai.plans.models import Action, Actor, Indicator, Node, Plan


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
    deadline = models.DateField("提出期限", null=True, blank=True)
    confirmed_by = models.CharField("確定した会議体", max_length=200, blank=True)
    confirmed_on = models.DateField("確定日", null=True, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "進捗報告"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Entry(models.Model):
    """Progress of one node or action for one department (or actor): 進捗状況, 課題, 今後の方向."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("入力中")
        SUBMITTED = "submitted", _("提出済")
        RETURNED = "returned", _("差戻し")
        ACCEPTED = "accepted", _("受理")
        CONFIRMED = "confirmed", _("確定")

    cycle = models.ForeignKey(
        Cycle, verbose_name="進捗報告", on_delete=models.CASCADE, related_name="entries"
    )
    node = models.ForeignKey(
        Node, verbose_name="施策", on_delete=models.CASCADE, related_name="progress_entries"
    )
    action = models.ForeignKey(
        Action,
        verbose_name="取組",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="progress_entries",
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
    status = models.CharField(
        "状態", max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    version = models.PositiveIntegerField("版", default=1)
    return_reason = models.TextField("差戻しの理由", blank=True)
    submitted_at = models.DateTimeField("提出日時", null=True, blank=True)
    late = models.BooleanField("期限後の提出", default=False)
    updated_at = models.DateTimeField("更新日時", null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="更新者",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "進捗"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.action or self.node} / {self.responsible_label}"

    @property
    def responsible_label(self) -> str:
        """Return who reports this entry, as a person would say it."""
        if self.department_id:
            return self.department.name
        if self.organization_id:
            return self.organization.short_name or self.organization.name
        return self.get_actor_display()

    @property
    def started(self) -> bool:
        """Return whether anyone has saved this entry since the cycle opened (入力中 vs 未着手)."""
        return self.version > 1


class ValueSlot(models.Model):
    """An actual value (実績値) to report in an entry, for one indicator of its node."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="value_slots")
    indicator = models.ForeignKey(Indicator, verbose_name="指標", on_delete=models.CASCADE)
    value = models.DecimalField("実績値", max_digits=20, decimal_places=6, null=True, blank=True)
    precision = models.PositiveSmallIntegerField("小数桁", default=0)
    note = models.TextField("注記", blank=True)
    method_changed = models.BooleanField("集計方法の変更", default=False)
    sample = models.BooleanField("架空のデモ値", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "実績値の入力欄"
        ordering = ["indicator__order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "indicator"], name="slot_one_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class Comment(models.Model):
    """A committee member's comment on an entry."""

    entry = models.ForeignKey(Entry, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT)
    text = models.TextField("コメント")
    created_at = models.DateTimeField("日時")

    class Meta:
        verbose_name = verbose_name_plural = "委員のコメント"
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:40]


class ConfirmedVersion(models.Model):
    """The frozen content of a cycle as the committee confirmed it (確定版). Never changed."""

    cycle = models.ForeignKey(Cycle, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("版")
    confirmed_at = models.DateTimeField("確定日時")
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="確定した人", null=True, on_delete=models.PROTECT
    )
    committee = models.CharField("会議体", max_length=200, blank=True)
    content = models.JSONField("内容")

    class Meta:
        verbose_name = verbose_name_plural = "確定版"
        ordering = ["cycle", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "number"], name="version_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.cycle} 第{self.number}版"
