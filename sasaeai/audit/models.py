"""The audit log: every change and transition, with who, when, before, after and why."""

from django.conf import settings
from django.db import models


class Event(models.Model):
    """One recorded action on one object. Rows are only ever added."""

    created_at = models.DateTimeField("日時", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="操作した人",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    action = models.CharField("操作", max_length=64)
    target_type = models.CharField("対象の種類", max_length=64)
    target_id = models.CharField("対象の識別子", max_length=64)
    before = models.JSONField("変更前", null=True, blank=True)
    after = models.JSONField("変更後", null=True, blank=True)
    reason = models.TextField("理由", blank=True)

    class Meta:
        verbose_name = verbose_name_plural = "操作記録"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"], name="audit_target")]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.action} {self.target_type}:{self.target_id}"

    @property
    def label(self) -> str:
        """Return the action as people say it (保存, 提出, 差戻し …)."""
        return LABELS.get(self.action, self.action)


LABELS = {
    "plan.import": "計画の取り込み",
    "cycle.open": "進捗報告の開始",
    "cycle.confirm": "確定",
    "cycle.remind": "入力のお願い",
    "entry.save": "保存",
    "entry.submit": "提出",
    "entry.return": "差戻し",
    "entry.accept": "受理",
    "entry.confirm": "確定",
    "entry.reopen": "訂正のための再開",
    "entry.comment": "コメント",
    "grade.override": "評価の手入力",
    "grade.withdraw": "評価の手入力の取り消し",
    "plan.scheme": "評価方式の変更",
}
