from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sasaeai.planfiles.workbook import WorkbookError, import_workbook


class Command(BaseCommand):
    help = (
        "記入した Excel ブック（.xlsx）を取り込みます。誤りがあれば何も書き込みません。"
        "既存の計画では、ブックにない文章・取組・進捗報告などを引き継ぎます。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel ブックのパス（.xlsx）")
        parser.add_argument("--dry-run", action="store_true", help="確認だけして書き込まない")
        parser.add_argument(
            "--replace", action="store_true", help="同じ識別子の計画を、このブックの内容で更新する"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイル「{path}」を開けません: {exc.strerror}") from exc
        try:
            summary = import_workbook(
                content, path.name, dry_run=options["dry_run"], replace=options["replace"]
            )
        except WorkbookError as exc:
            lines = [p.format(path.name) for p in exc.problems]
            lines.append(f"取り込めません: 誤り {len(exc.problems)} 件。何も書き込んでいません。")
            raise CommandError("\n".join(lines)) from exc
        for line in summary.warnings:
            self.stderr.write(f"警告: {line}")
        self.stdout.write("\n".join(summary.lines()))
