"""`sasaeai report KIND --plan SLUG --fy N --format pdf|xlsx|html|csv -o FILE`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sasaeai.plans.models import Plan
from sasaeai.reports import base


class Command(BaseCommand):
    help = "計画の帳票（指標一覧など）を PDF・XLSX・HTML・CSV で書き出します。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="帳票の種類（indicators …）")
        parser.add_argument("--plan", required=True, help="計画の識別子（slug）")
        parser.add_argument("--fy", type=int, required=True, help="評価する年度（西暦、例 2024）")
        parser.add_argument("--format", choices=("pdf", "xlsx", "html", "csv"), default="pdf")
        parser.add_argument("-o", "--output", required=True, help="書き出すファイル")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            exporter = base.get(options["kind"])
            plan = Plan.objects.get(slug=options["plan"])
            _filename, _type, content = exporter.render(plan, options["fy"], options["format"])
        except base.ExportError as error:
            raise CommandError(str(error)) from None
        except Plan.DoesNotExist:
            raise CommandError(f"計画「{options['plan']}」はありません。") from None
        Path(options["output"]).write_bytes(content)
        self.stdout.write(
            f"{options['output']}（{exporter.verbose_name}、{len(content):,} バイト）"
        )
