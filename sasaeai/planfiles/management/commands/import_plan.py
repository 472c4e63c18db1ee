from django.core.management.base import BaseCommand, CommandError

from sasaeai.planfiles import PlanFileError, load


class Command(BaseCommand):
    help = "計画ファイル（YAML または JSON）を取り込みます。誤りがあれば何も書き込みません。"

    def add_arguments(self, parser):
        parser.add_argument("file", help="計画ファイルのパス（.yaml / .yml / .json）")
        parser.add_argument("--dry-run", action="store_true", help="確認だけして書き込まない")
        parser.add_argument("--replace", action="store_true", help="同じ識別子の計画を置き換える")

    def handle(self, *args, **options):
        try:
            summary = load(options["file"], replace=options["replace"], dry_run=options["dry_run"])
        except PlanFileError as exc:
            for problem in exc.problems:
                self.stderr.write(problem.format(options["file"]))
            raise CommandError(
                f"取り込めません: 誤り {len(exc.problems)} 件。何も書き込んでいません。"
            ) from exc
        for line in summary.warnings:
            self.stderr.write(f"警告: {line}")
        self.stdout.write("\n".join(summary.lines()))
