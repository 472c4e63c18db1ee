"""What every community register (地域の登録簿) shares, and the binding of indicators to them.

A register row belongs to one branch (支部) of a 社協, or to the 社協 itself for work it runs
centrally (the volunteer centre). Gathering places, volunteers and meetings are registers today;
consultations, watch-over and the evacuation-support list (要配慮個人情報) follow as siblings on the
same base: a branch, a sample flag, timestamps, scope checks in registers/access.py and an audit
event for every change.
"""

from django.conf import settings
from django.db import models

from sasaeai.accounts.models import Organization
from sasaeai.plans.models import Indicator


class BranchRecord(models.Model):
    """A row of a register: whose branch it is, whether it is made up for the demo, when."""

    branch = models.ForeignKey(
        Organization,
        verbose_name="支部",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="社協の支部（社協全体の事業なら社協）。",
    )
    sample = models.BooleanField("架空のデモ値", default=False)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        abstract = True


class DatedRecord(BranchRecord):
    """A register row that happened on a day, kept with its fiscal year (年度) for counting.

    `DATE_FIELD` names the day; `fiscal_year` follows it on every save. Bulk writes, which skip
    save(), set it themselves with registers.fiscal.fiscal_year_of.
    """

    DATE_FIELD = "date"

    fiscal_year = models.PositiveSmallIntegerField("年度", editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        from .fiscal import fiscal_year_of

        self.fiscal_year = fiscal_year_of(getattr(self, self.DATE_FIELD))
        super().save(*args, **kwargs)


class Neighbourhood(models.Model):
    """A neighbourhood association (自治会・町内会・区会) inside a branch's area."""

    class Kind(models.TextChoices):
        JICHIKAI = "jichikai", "自治会"
        CHONAIKAI = "chonaikai", "町内会"
        KUKAI = "kukai", "区会"
        OTHER = "other", "その他"

    branch = models.ForeignKey(
        Organization,
        verbose_name="支部",
        on_delete=models.PROTECT,
        related_name="neighbourhoods",
    )
    name = models.CharField("名称", max_length=200)
    kind = models.CharField("種別", max_length=16, choices=Kind.choices, default=Kind.JICHIKAI)
    households = models.PositiveIntegerField("世帯数", null=True, blank=True)
    note = models.TextField("備考", blank=True)
    sample = models.BooleanField("架空のデモ値", default=False)
    order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "自治会・町内会"
        ordering = ["branch__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["branch", "name"], name="neighbourhood_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class IndicatorBinding(models.Model):
    """An indicator whose yearly actual is counted from a register (集計値).

    `measure` names a measure of registers/measures.py; `params` are its options (a course
    kind, cumulative from a year …). The count covers the council's branches, or one branch.
    """

    indicator = models.OneToOneField(
        Indicator, verbose_name="指標", on_delete=models.CASCADE, related_name="binding"
    )
    measure = models.CharField("集計項目", max_length=64)
    params = models.JSONField("集計の条件", default=dict, blank=True)
    council = models.ForeignKey(
        Organization,
        verbose_name="社協",
        on_delete=models.PROTECT,
        related_name="+",
    )
    branch = models.ForeignKey(
        Organization,
        verbose_name="支部（一つに限る場合）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    first_year = models.PositiveSmallIntegerField(
        "集計を始めた年度",
        null=True,
        blank=True,
        help_text="登録簿の記録がそろっている最初の年度。これより前の年度は集計値を出しません。",
    )
    note = models.TextField("備考", blank=True)
    created_at = models.DateTimeField("登録日時", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="登録者",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = verbose_name_plural = "指標と登録簿の対応"

    def __str__(self) -> str:
        return f"{self.indicator} ← {self.measure}"
