from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sasaeai.planfiles.workbook import blank_template, export_workbook
from sasaeai.plans.models import Plan


class Command(BaseCommand):
    help = "計画を記入用の Excel ブック（.xlsx）として書き出します。--blank で空のテンプレート。"

    def add_arguments(self, parser):
        parser.add_argument(
            "slug", nargs="?", help="計画の識別子（sasaeai list-plans で確認できます）"
        )
        parser.add_argument(
            "--blank", action="store_true", help="記入例付きの空のテンプレートを書き出す"
        )
        parser.add_argument("-o", "--output", required=True, help="書き出すファイル（.xlsx）")

    def handle(self, *args, **options):
        if options["blank"] == bool(options["slug"]):
            raise CommandError("計画の識別子か --blank のどちらか一方を指定してください。")
        if options["blank"]:
            content = blank_template()
        else:
            plan = Plan.objects.filter(slug=options["slug"], parent=None).first()
            if plan is None:
                raise CommandError(
                    f"計画「{options['slug']}」はありません。"
                    "sasaeai list-plans で識別子を確認してください。"
                )
            content = export_workbook(plan)
        Path(options["output"]).write_bytes(content)
        self.stdout.write(f"書き出しました: {options['output']}")
