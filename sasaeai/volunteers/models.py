"""The volunteer centre (ボランティアセンター): volunteers, groups, requests, matching, activity
records, and training courses with their attendance.

A volunteer's contact details (name reading, address, phone, e-mail) are personal data: only
volunteer-centre staff of the volunteer's branch (or of the 社協 as a whole) see them
(registers/access.py), and every change is audited.
"""

from django.db import models

from sasaeai.accounts.models import Organization
from sasaeai.registers.models import BranchRecord, DatedRecord


class Skill(models.Model):
    """Something a volunteer can do and a request can need (傾聴, 送迎, 調理 …)."""

    name = models.CharField("名称", max_length=100, unique=True)
    order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "できること"
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


# When a volunteer can help: a weekday and a part of the day, e.g. "tue_am".
WEEKDAYS = (
    ("mon", "月"),
    ("tue", "火"),
    ("wed", "水"),
    ("thu", "木"),
    ("fri", "金"),
    ("sat", "土"),
    ("sun", "日"),
)
PERIODS = (("am", "午前"), ("pm", "午後"), ("eve", "夜間"))
AVAILABILITY_CHOICES = [
    (f"{day}_{period}", f"{day_label}{period_label}")
    for day, day_label in WEEKDAYS
    for period, period_label in PERIODS
]


class VolunteerGroup(BranchRecord):
    """A volunteer group registered with the centre (ボランティアセンター登録団体)."""

    name = models.CharField("団体名", max_length=200)
    activity = models.TextField("活動内容", blank=True)
    members = models.PositiveIntegerField("会員数", null=True, blank=True)
    representative = models.CharField("代表者", max_length=100, blank=True)
    phone = models.CharField("連絡先電話番号", max_length=50, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    registered_on = models.DateField("登録日", null=True, blank=True)
    ended_on = models.DateField("登録終了日", null=True, blank=True)
    note = models.TextField("備考", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "ボランティアグループ"
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Volunteer(BranchRecord):
    """A person registered with the volunteer centre."""

    name = models.CharField("氏名", max_length=100)
    kana = models.CharField("ふりがな", max_length=100, blank=True)
    phone = models.CharField("電話番号", max_length=50, blank=True)
    email = models.EmailField("メールアドレス", blank=True)
    address = models.CharField("住所", max_length=300, blank=True)
    skills = models.ManyToManyField(Skill, verbose_name="できること", blank=True)
    areas = models.ManyToManyField(
        Organization,
        verbose_name="活動できる地区（支部）",
        blank=True,
        related_name="+",
    )
    availability = models.JSONField(
        "活動できる時間帯", default=list, blank=True, help_text='例：["tue_am", "sat_pm"]'
    )
    groups = models.ManyToManyField(
        VolunteerGroup, verbose_name="所属グループ", blank=True, related_name="volunteers"
    )
    insurance_year = models.PositiveSmallIntegerField(
        "ボランティア活動保険の加入年度", null=True, blank=True
    )
    registered_on = models.DateField("登録日", null=True, blank=True)
    ended_on = models.DateField("登録終了日", null=True, blank=True)
    note = models.TextField("備考", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "ボランティア"
        ordering = ["kana", "name", "id"]

    def __str__(self) -> str:
        return self.name


class Request(BranchRecord):
    """A request for volunteers from a facility, a group or a resident (ボランティア依頼)."""

    class RequesterKind(models.TextChoices):
        FACILITY = "facility", "施設"
        RESIDENT = "resident", "住民"
        GROUP = "group", "団体"
        OTHER = "other", "その他"

    class Status(models.TextChoices):
        OPEN = "open", "調整中"
        MATCHED = "matched", "決定"
        DONE = "done", "実施済"
        CANCELLED = "cancelled", "取消"

    requester = models.CharField("依頼者", max_length=200)
    requester_kind = models.CharField(
        "依頼者の種別", max_length=16, choices=RequesterKind.choices, default=RequesterKind.FACILITY
    )
    what = models.TextField("依頼の内容")
    skills = models.ManyToManyField(Skill, verbose_name="必要なこと", blank=True)
    place = models.CharField("場所", max_length=300, blank=True)
    area = models.ForeignKey(
        Organization,
        verbose_name="地区（支部）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField("開始日時")
    ends_at = models.DateTimeField("終了日時")
    people_needed = models.PositiveIntegerField("必要な人数", default=1)
    status = models.CharField("状態", max_length=16, choices=Status.choices, default=Status.OPEN)
    note = models.TextField("備考", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "ボランティア依頼"
        ordering = ["-starts_at", "id"]

    def __str__(self) -> str:
        return f"{self.requester}：{self.what[:20]}"


class Booking(models.Model):
    """A volunteer put forward for a request; confirmed bookings may not overlap in time."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", "打診中"
        CONFIRMED = "confirmed", "決定"
        DECLINED = "declined", "辞退"

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="bookings")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.PROTECT, related_name="bookings")
    status = models.CharField(
        "状態", max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField("日時", auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = "依頼への紹介"
        constraints = [
            models.UniqueConstraint(fields=["request", "volunteer"], name="booking_once")
        ]

    def __str__(self) -> str:
        return f"{self.request} ← {self.volunteer}"


class Activity(DatedRecord):
    """One activity record (活動記録): a date, hours and how many took part."""

    date = models.DateField("活動日")
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name="ボランティア",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    group = models.ForeignKey(
        VolunteerGroup,
        verbose_name="グループ",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
    )
    request = models.ForeignKey(
        Request,
        verbose_name="依頼",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activities",
    )
    description = models.CharField("活動内容", max_length=300, blank=True)
    hours = models.DecimalField("時間", max_digits=6, decimal_places=2, default=0)
    people = models.PositiveIntegerField("参加人数", default=1)

    class Meta:
        verbose_name = verbose_name_plural = "活動記録"
        ordering = ["-date", "id"]
        indexes = [models.Index(fields=["branch", "fiscal_year"], name="activity_branch_year")]

    def __str__(self) -> str:
        return f"{self.date} {self.description}"


class Course(DatedRecord):
    """A training course (養成講座・研修) with its attendance list."""

    DATE_FIELD = "held_on"

    class Kind(models.TextChoices):
        DEMENTIA_SUPPORTER = "dementia_supporter", "認知症サポーター養成講座"
        VOLUNTEER_INTRO = "volunteer_intro", "ボランティア入門講座"
        COMMUNITY_LEADER = "community_leader", "地域の担い手育成講座"
        OTHER = "other", "その他の講座"

    title = models.CharField("講座名", max_length=200)
    kind = models.CharField("種類", max_length=32, choices=Kind.choices, default=Kind.OTHER)
    held_on = models.DateField("開催日")
    venue = models.CharField("会場", max_length=200, blank=True)
    capacity = models.PositiveIntegerField("定員", null=True, blank=True)
    note = models.TextField("備考", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "講座"
        ordering = ["-held_on", "id"]
        indexes = [models.Index(fields=["kind", "fiscal_year"], name="course_kind_year")]

    def __str__(self) -> str:
        return f"{self.held_on} {self.title}"


class Attendance(models.Model):
    """One person's attendance at a course: a registered volunteer, or a resident by name."""

    course = models.ForeignKey(Course, on_delete=models.CASCADE, related_name="attendances")
    volunteer = models.ForeignKey(
        Volunteer,
        verbose_name="ボランティア",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="attendances",
    )
    name = models.CharField("氏名", max_length=100, blank=True)
    completed = models.BooleanField("修了", default=True)

    class Meta:
        verbose_name = verbose_name_plural = "受講者"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name or str(self.volunteer)


class ActivityTally(models.Model):
    """Per branch and fiscal year, the totals of the activity records (kept by tallies.py).

    Each row is recomputed from the records of its (branch, year) whenever one of them changes,
    never incremented, so it cannot drift; it lets the bound indicators be counted without
    scanning millions of records.
    """

    branch = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    records = models.PositiveIntegerField("件数", default=0)
    people = models.PositiveBigIntegerField("参加人数", default=0)
    hours = models.DecimalField("時間", max_digits=14, decimal_places=2, default=0)
    volunteers = models.PositiveIntegerField("活動したボランティアの実人数", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "活動記録の集計"
        constraints = [
            models.UniqueConstraint(fields=["branch", "fiscal_year"], name="tally_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.branch} {self.fiscal_year}: {self.people}"


class VolunteerYear(models.Model):
    """That a volunteer had at least one activity record in a branch in a fiscal year.

    Kept by tallies.py beside ActivityTally, so that distinct active volunteers can be counted
    across branches without scanning the activity records.
    """

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="+")
    branch = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+")
    fiscal_year = models.PositiveSmallIntegerField("年度")

    class Meta:
        verbose_name = verbose_name_plural = "活動したボランティア（年度別）"
        constraints = [
            models.UniqueConstraint(
                fields=["fiscal_year", "branch", "volunteer"], name="volunteer_year_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.volunteer_id} {self.branch_id} {self.fiscal_year}"
