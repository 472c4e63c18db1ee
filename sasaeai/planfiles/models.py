"""An upload being checked before it becomes a plan: a document's draft or an Excel workbook."""

from django.conf import settings
from django.db import models

from sasaeai.plans.models import Plan


class ImportDraft(models.Model):
    """What a person uploaded and is reviewing; only its uploader sees it."""

    class Kind(models.TextChoices):
        DOCUMENT = "document", "計画書（PDF・テキスト）"
        WORKBOOK = "workbook", "Excel（計画の様式）"

    class Status(models.TextChoices):
        OPEN = "open", "確認中"
        IMPORTED = "imported", "取り込み済み"
        DISCARDED = "discarded", "破棄"

    kind = models.CharField("種類", max_length=16, choices=Kind.choices)
    filename = models.CharField("ファイル名", max_length=255)
    status = models.CharField("状態", max_length=16, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="取り込んだ人", on_delete=models.PROTECT
    )
    created_at = models.DateTimeField("作成日時", auto_now_add=True)
    updated_at = models.DateTimeField("更新日時", auto_now=True)
    source_lines = models.JSONField("原文の行", default=list, blank=True)
    text = models.TextField("下書き（YAML）", blank=True)
    content = models.BinaryField("ファイル", blank=True, default=b"")
    plan = models.ForeignKey(
        Plan, verbose_name="作られた計画", null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = verbose_name_plural = "取り込みの下書き"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.filename
