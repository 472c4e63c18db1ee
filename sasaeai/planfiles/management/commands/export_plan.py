from django.core.management.base import BaseCommand, CommandError

from sasaeai.planfiles.exporter import dump, export_plan
from sasaeai.plans.models import Plan


class Command(BaseCommand):
    help = "計画を計画ファイル（YAML または JSON）として書き出します。"

    def add_arguments(self, parser):
        parser.add_argument("slug", help="計画の識別子（sasaeai list-plans で確認できます）")
        parser.add_argument("--format", choices=["yaml", "json"], default="yaml")
        parser.add_argument("-o", "--output", help="書き出すファイル（省略時は標準出力）")

    def handle(self, *args, **options):
        plan = Plan.objects.filter(slug=options["slug"]).first()
        if plan is None:
            raise CommandError(
                f"計画「{options['slug']}」はありません。"
                "sasaeai list-plans で識別子を確認してください。"
            )
        text = dump(export_plan(plan), options["format"])
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8", newline="\n") as out:
                out.write(text)
        else:
            self.stdout.ending = ""
            self.stdout.write(text)
