"""Gathering places (サロン・集いの場・通いの場・子ども食堂) and when they meet."""

from django.db import models

from sasaeai.registers.models import BranchRecord, Neighbourhood


class GatheringPlace(BranchRecord):
    """A place where residents gather, run by residents, groups or the branch itself."""

    class Kind(models.TextChoices):
        SALON = "salon", "サロン"
        GATHERING = "gathering", "集いの場"
        KAYOI = "kayoi", "通いの場"
        KODOMO_SHOKUDO = "kodomo_shokudo", "子ども食堂"
        OTHER = "other", "その他"

    class Category(models.TextChoices):
        ELDERLY = "elderly", "高齢"
        DISABILITY = "disability", "障害"
        CHILDCARE = "childcare", "子育て"
        INTERGENERATIONAL = "intergenerational", "世代間"
        OTHER = "other", "その他"

    class Subsidy(models.TextChoices):
        NONE = "none", "なし"
        APPLIED = "applied", "申請中"
        GRANTED = "granted", "交付"

    name = models.CharField("名称", max_length=200)
    kind = models.CharField("種類", max_length=20, choices=Kind.choices, default=Kind.SALON)
    category = models.CharField(
        "対象", max_length=20, choices=Category.choices, default=Category.ELDERLY
    )
    neighbourhood = models.ForeignKey(
        Neighbourhood,
        verbose_name="自治会・町内会",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="places",
    )
    organizer = models.CharField("運営主体", max_length=200, blank=True)
    private_host = models.BooleanField(
        "個人宅など（公開は地区まで）",
        default=False,
        help_text="個人の住まいで開く場合、公開ページと HSDS には地区名だけを出し、"
        "住所と地図の位置は出しません。",
    )
    area = models.CharField("地区", max_length=200, blank=True, help_text="例：上尾市二ツ宮")
    address = models.CharField("住所", max_length=300, blank=True)
    latitude = models.DecimalField("緯度", max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField("経度", max_digits=9, decimal_places=6, null=True, blank=True)
    phone = models.CharField("問い合わせ電話番号", max_length=50, blank=True)
    description = models.TextField("内容", blank=True)
    capacity = models.PositiveIntegerField("定員", null=True, blank=True)
    fee = models.CharField("参加費", max_length=100, blank=True, help_text="例：無料、100円")
    subsidy = models.CharField("助成", max_length=16, choices=Subsidy.choices, default=Subsidy.NONE)
    subsidy_year = models.PositiveSmallIntegerField("助成年度", null=True, blank=True)
    started_on = models.DateField("開始日", null=True, blank=True)
    ended_on = models.DateField("終了日", null=True, blank=True)
    published = models.BooleanField("公開に同意", default=False)
    note = models.TextField("備考（内部）", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "集いの場"
        ordering = ["branch__order", "name", "id"]
        indexes = [models.Index(fields=["branch", "started_on", "ended_on"], name="place_active")]

    def __str__(self) -> str:
        return self.name


class Schedule(models.Model):
    """When a place meets, as a recurrence (RFC 5545 / HSDS schedule): 毎月第2・第4火曜 10:00–12:00.

    `byday` is written as in RFC 5545: `TU` (every Tuesday), `2TU,4TU` (the 2nd and 4th
    Tuesdays), `-1FR` (the last Friday).
    """

    class Freq(models.TextChoices):
        WEEKLY = "WEEKLY", "毎週"
        MONTHLY = "MONTHLY", "毎月"

    place = models.ForeignKey(GatheringPlace, on_delete=models.CASCADE, related_name="schedules")
    freq = models.CharField("くり返し", max_length=8, choices=Freq.choices, default=Freq.MONTHLY)
    interval = models.PositiveSmallIntegerField("間隔", default=1)
    byday = models.CharField("曜日", max_length=100)
    opens_at = models.TimeField("開始時刻", null=True, blank=True)
    closes_at = models.TimeField("終了時刻", null=True, blank=True)
    description = models.CharField("補足", max_length=300, blank=True, help_text="例：祝日は休み")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "開催日程"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.freq} {self.byday}"
