"""Organizations (市, 社協, 支部), their departments and bases, and the people who use Sasaeai."""

from django.contrib.auth.models import AbstractUser
from django.db import models


class Organization(models.Model):
    """A city, a social welfare council (社協) or one of its branches (支部)."""

    class Kind(models.TextChoices):
        CITY = "city", "市区町村"
        COUNCIL = "council", "社会福祉協議会"
        BRANCH = "branch", "社協支部"

    key = models.SlugField("識別子", max_length=63, unique=True)
    name = models.CharField("名称", max_length=200)
    short_name = models.CharField("略称", max_length=100, blank=True)
    kind = models.CharField("種別", max_length=16, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name="上位組織",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="branches",
    )
    order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "組織"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class Department(models.Model):
    """A responsible unit (担当課) of an organization.

    An organization that reports as one unit (the 社協 in a city's 担当 column) is named by the
    organization itself, not by a department: see plans.models.Responsibility.
    """

    organization = models.ForeignKey(
        Organization, verbose_name="組織", on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField("名称", max_length=200)
    order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "担当課"
        ordering = ["organization__order", "order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="department_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class Base(models.Model):
    """A base (拠点) of an organization: where residents find it."""

    organization = models.ForeignKey(
        Organization, verbose_name="組織", on_delete=models.CASCADE, related_name="bases"
    )
    name = models.CharField("拠点名", max_length=200)
    address = models.CharField("住所", max_length=300, blank=True)
    phone = models.CharField("電話番号", max_length=50, blank=True)
    hours = models.CharField("開所時間", max_length=200, blank=True)
    coordinator = models.CharField("コーディネーター", max_length=200, blank=True)
    note = models.TextField("備考", blank=True)
    order = models.PositiveIntegerField("表示順", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "拠点"
        ordering = ["organization__order", "order", "id"]

    def __str__(self) -> str:
        return self.name


class User(AbstractUser):
    """A person using Sasaeai, who belongs to an organization and, for clerks, a department."""

    class Role(models.TextChoices):
        SECRETARIAT = "secretariat", "事務局"
        CLERK = "clerk", "担当課職員"
        COUNCIL_STAFF = "council_staff", "社協職員"
        VOLUNTEER_STAFF = "volunteer_staff", "ボランティアセンター職員"
        COMMITTEE_MEMBER = "committee_member", "推進委員"
        COMMITTEE_CHAIR = "committee_chair", "推進委員長"
        VIEWER = "viewer", "閲覧者"

    organization = models.ForeignKey(
        Organization, verbose_name="組織", null=True, blank=True, on_delete=models.PROTECT
    )
    department = models.ForeignKey(
        Department, verbose_name="担当課", null=True, blank=True, on_delete=models.PROTECT
    )
    role = models.CharField("役割", max_length=32, choices=Role.choices, default=Role.VIEWER)

    class Meta(AbstractUser.Meta):
        verbose_name = verbose_name_plural = "利用者"


class ApiToken(models.Model):
    """A token for the JSON API (`Authorization: Token <token>`); only its hash is stored."""

    user = models.ForeignKey(
        User, verbose_name="利用者", on_delete=models.CASCADE, related_name="api_tokens"
    )
    digest = models.CharField("ハッシュ", max_length=64, unique=True)
    label = models.CharField("用途", max_length=100, blank=True)
    created_at = models.DateTimeField("作成日時")
    last_used_at = models.DateTimeField("最終利用日時", null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "API トークン"

    def __str__(self) -> str:
        return f"{self.user} {self.label}".strip()
