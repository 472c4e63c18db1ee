"""A plan (計画) as a tree of nodes with narratives, actions and indicators.

Everything a printed plan says is held here faithfully; docs/plan-file.md is the same model as a
file, and docs/glossary.md maps the Japanese terms to these names.
"""

from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from sasaeai.accounts.models import Department, Organization


class Actor(models.TextChoices):
    """Who carries out an action or is addressed by a message (取組の主体)."""

    CITY = "city", _("市")
    COUNCIL = "council", _("社協")
    RESIDENT = "resident", _("市民")
    NEIGHBORHOOD = "neighborhood", _("自治会・町内会")
    GROUP = "group", _("団体")
    WELFARE_CORPORATION = "welfare_corporation", _("社会福祉法人")


class Direction(models.TextChoices):
    INCREASE = "increase", _("増加")
    DECREASE = "decrease", _("減少")
    MAINTAIN = "maintain", _("維持")


class Plan(models.Model):
    """A regional welfare plan, possibly joint (市と社協), possibly with sub-plans."""

    class Relation(models.TextChoices):
        PART = "part", _("計画に含まれる計画")
        PREVIOUS = "previous", _("前計画の振り返り")

    slug = models.SlugField("識別子", max_length=63, unique=True)
    title = models.CharField("計画名", max_length=300)
    subtitle = models.CharField("副題", max_length=300, blank=True)
    period_start = models.PositiveSmallIntegerField("計画期間（開始年度）", null=True, blank=True)
    period_end = models.PositiveSmallIntegerField("計画期間（終了年度）", null=True, blank=True)
    period_note = models.TextField("計画期間の注記", blank=True)
    vision = models.TextField("基本理念", blank=True)
    level_names = models.JSONField("階層の名称", default=list)
    description = models.TextField("説明", blank=True)
    source = models.TextField("出典", blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name="親計画",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="sub_plans",
    )
    grading_scheme = models.JSONField(
        "評価方式",
        null=True,
        blank=True,
        help_text="評価方式の名前（kenko21, sabc, abc, level5, toward）またはその設定。"
        "空欄なら kenko21。",
    )
    relation = models.CharField(
        "親計画との関係", max_length=16, choices=Relation.choices, blank=True
    )
    order = models.PositiveIntegerField("表示順", default=0)
    updated_at = models.DateTimeField("更新日時", auto_now=True)

    class Meta:
        verbose_name = verbose_name_plural = "計画"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title

    def level_name(self, depth: int) -> str:
        """Return the plan's own name for the level at depth (0 = top)."""
        names = self.level_names or []
        return names[depth] if depth < len(names) else ""


class PlanOwner(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="ownerships")
    organization = models.ForeignKey(
        Organization, verbose_name="策定主体", on_delete=models.PROTECT
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "策定主体"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return str(self.organization)


class GlossaryTerm(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="glossary")
    term = models.CharField("用語", max_length=200)
    description = models.TextField("解説", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "用語解説"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.term


class Node(models.Model):
    """A goal, policy, measure or initiative (基本目標, 基本方針, 施策, 取組 …) at any depth."""

    class Kind(models.TextChoices):
        MEASURE = "measure", "施策"
        CROSS_CUTTING = "cross_cutting", "重点施策（横断）"

    plan = models.ForeignKey(
        Plan, verbose_name="計画", on_delete=models.CASCADE, related_name="nodes"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上位",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    key = models.CharField("識別子", max_length=200)
    code = models.CharField("番号", max_length=20, blank=True)
    level = models.CharField("階層名", max_length=50, blank=True)
    title = models.CharField("名称", max_length=300)
    subtitle = models.CharField("副題", max_length=300, blank=True)
    kind = models.CharField("種別", max_length=16, choices=Kind.choices, default=Kind.MEASURE)
    priority = models.BooleanField("重点", default=False)
    related = models.ManyToManyField(
        "self", verbose_name="関連する施策", symmetrical=False, blank=True, related_name="+"
    )
    relist_of = models.ForeignKey(
        "self",
        verbose_name="再掲元",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relistings",
    )
    page_ref = models.CharField("参照ページ", max_length=200, blank=True)
    indicator_notes = models.JSONField("指標表の注記", default=list, blank=True)
    order = models.PositiveIntegerField("表示順", default=0)
    depth = models.PositiveSmallIntegerField("深さ", default=0)

    class Meta:
        verbose_name = verbose_name_plural = "施策体系の項目"
        ordering = ["plan", "depth", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["plan", "key"], name="node_unique_key")]

    def __str__(self) -> str:
        return f"{self.level_label} {self.code} {self.title}".strip()

    @property
    def level_label(self) -> str:
        """Return the level's printed name: the node's own, or the plan's for its depth."""
        return self.level or self.plan.level_name(self.depth)


class Narrative(models.Model):
    """An ordered titled text of a node: a section (現状と課題, 目指す姿 …) or a column (コラム)."""

    class Kind(models.TextChoices):
        SECTION = "section", "本文"
        COLUMN = "column", "コラム"

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="narratives")
    kind = models.CharField("種別", max_length=16, choices=Kind.choices, default=Kind.SECTION)
    title = models.CharField("見出し", max_length=300)
    body = models.TextField("本文")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "本文・コラム"
        ordering = ["kind", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Message(models.Model):
    """What residents, associations and groups can do (地域で取り組んでみましょう)."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField("対象", max_length=32, choices=Actor.choices, blank=True)
    label = models.CharField("見出し", max_length=200, blank=True)
    items = models.JSONField("内容", default=list)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "地域へのメッセージ"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label or self.get_audience_display()


class Footnote(models.Model):
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="footnotes")
    number = models.CharField("番号", max_length=20)
    text = models.TextField("注記")
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "脚注"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.number} {self.text}"


class Action(models.Model):
    """An action (取組・事業・主な取り組み) with its actor and responsible departments."""

    node = models.ForeignKey(
        Node, verbose_name="施策", on_delete=models.CASCADE, related_name="actions"
    )
    actor = models.CharField("主体", max_length=32, choices=Actor.choices, blank=True)
    title = models.CharField("取組", max_length=300)
    content = models.TextField("内容", blank=True)
    priority = models.BooleanField("重点項目", default=False)
    relist_of = models.ForeignKey(
        Node,
        verbose_name="再掲元",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="relisted_actions",
    )
    note = models.TextField("備考", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "取組"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.title


class Assignment(models.Model):
    """A responsible body (担当) in printed order: a department, or a whole organization."""

    organization = models.ForeignKey(Organization, verbose_name="組織", on_delete=models.PROTECT)
    department = models.ForeignKey(
        Department, verbose_name="担当課", null=True, blank=True, on_delete=models.PROTECT
    )
    printed_name = models.CharField("表記", max_length=200, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """Return the name as printed in a 担当 column."""
        if self.printed_name:
            return self.printed_name
        if self.department_id:
            return self.department.name
        return self.organization.short_name or self.organization.name


class ActionAssignment(Assignment):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="assignments")

    class Meta(Assignment.Meta):
        verbose_name = verbose_name_plural = "取組の担当"


class Indicator(models.Model):
    """An indicator (指標) with its baseline (現状値), targets and yearly actual values."""

    node = models.ForeignKey(
        Node, verbose_name="施策", on_delete=models.CASCADE, related_name="indicators"
    )
    key = models.CharField("識別子", max_length=200)
    name = models.CharField("指標名", max_length=300)
    unit = models.CharField("単位", max_length=50, blank=True)
    source_note = models.TextField("出典", blank=True)
    definition = models.TextField("定義", blank=True)
    cumulative = models.BooleanField("累計", default=False)
    survey = models.BooleanField("意識調査", default=False)
    direction = models.CharField("めざす方向", max_length=16, choices=Direction.choices, blank=True)
    numerator = models.DecimalField(
        "分子（現状値）", max_digits=20, decimal_places=6, null=True, blank=True
    )
    denominator = models.DecimalField(
        "分母（現状値）", max_digits=20, decimal_places=6, null=True, blank=True
    )
    ratio_unit = models.CharField("分子・分母の単位", max_length=50, blank=True)
    footnotes = models.JSONField("脚注番号", default=list, blank=True)
    notes = models.JSONField("注記", default=list, blank=True)
    baseline_year = models.PositiveSmallIntegerField("現状値の年度", null=True, blank=True)
    baseline_value = models.DecimalField(
        "現状値", max_digits=20, decimal_places=6, null=True, blank=True
    )
    baseline_precision = models.PositiveSmallIntegerField("現状値の小数桁", default=0)
    baseline_note = models.TextField("現状値の注記", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "指標"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name


class IndicatorAssignment(Assignment):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="assignments")

    class Meta(Assignment.Meta):
        verbose_name = verbose_name_plural = "指標の担当"


class Target(models.Model):
    """A target (目標値): a value, only a direction, or deliberately none with the reason."""

    class Qualifier(models.TextChoices):
        AT_LEAST = "以上", "以上"
        AT_MOST = "以下", "以下"
        BELOW = "未満", "未満"
        ABOVE = "超", "超"

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField("目標年度", null=True, blank=True)
    value = models.DecimalField("目標値", max_digits=20, decimal_places=6, null=True, blank=True)
    precision = models.PositiveSmallIntegerField("小数桁", default=0)
    direction = models.CharField("方向", max_length=16, choices=Direction.choices, blank=True)
    qualifier = models.CharField("以上・以下", max_length=4, choices=Qualifier.choices, blank=True)
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(
        "分母", max_digits=20, decimal_places=6, null=True, blank=True
    )
    note = models.TextField("注記", blank=True)
    not_set_reason = models.TextField("目標を設定しない理由", blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "目標値"
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.value if self.value is not None else self.direction}"


class Actual(models.Model):
    """A yearly actual value (実績値); `sample` marks a number made up for the demo."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="actuals")
    fiscal_year = models.PositiveSmallIntegerField("年度")
    value = models.DecimalField("実績値", max_digits=20, decimal_places=6, null=True, blank=True)
    precision = models.PositiveSmallIntegerField("小数桁", default=0)
    numerator = models.DecimalField("分子", max_digits=20, decimal_places=6, null=True, blank=True)
    denominator = models.DecimalField(
        "分母", max_digits=20, decimal_places=6, null=True, blank=True
    )
    note = models.TextField("注記", blank=True)
    method_changed = models.BooleanField("集計方法の変更", default=False)
    sample = models.BooleanField("架空のデモ値", default=False)

    class Meta:
        verbose_name = verbose_name_plural = "実績値"
        ordering = ["fiscal_year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "fiscal_year"], name="actual_one_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.fiscal_year}: {self.value}"


def decimals_of(value: Decimal) -> int:
    """Return how many decimal places a number was written with (`83.0` → 1)."""
    exponent = value.as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0
