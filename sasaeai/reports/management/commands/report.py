"""`sasaeai report KIND --plan SLUG --fy N --format pdf|xlsx|html|csv -o FILE [--node KEY]`."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from sasaeai.plans.models import Node, Plan
from sasaeai.reports import base


class Command(BaseCommand):
    help = (
        "計画の帳票（進捗のまとめ・指標一覧・取組シート・計画書）を"
        " PDF・XLSX・HTML・CSV で書き出します。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        kinds = "、".join(f"{e.identifier}（{e.verbose_name}）" for e in base.all())
        parser.add_argument("kind", help=f"帳票の種類: {kinds}")
        parser.add_argument("--plan", required=True, help="計画の識別子（slug）")
        parser.add_argument(
            "--fy", type=int, required=True, help="報告・評価する年度（西暦、例 2024）"
        )
        parser.add_argument("--format", choices=("pdf", "xlsx", "html", "csv"), default="pdf")
        parser.add_argument(
            "--node", help="この施策とその下だけ（施策の識別子、例 1/①。取組シートと計画書）"
        )
        parser.add_argument("-o", "--output", required=True, help="書き出すファイル")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            exporter = base.get(options["kind"])
            plan = Plan.objects.get(slug=options["plan"])
            node = _node(plan, options["node"]) if options["node"] else None
            _filename, _type, content = exporter.render(
                plan, options["fy"], options["format"], node=node
            )
        except base.ExportError as error:
            raise CommandError(str(error)) from None
        except Plan.DoesNotExist:
            raise CommandError(f"計画「{options['plan']}」はありません。") from None
        Path(options["output"]).write_bytes(content)
        self.stdout.write(
            f"{options['output']}（{exporter.verbose_name}、{len(content):,} バイト）"
        )


def _node(plan: Plan, key: str) -> Node:
    try:
        return Node.objects.get(plan=plan, key=key)
    except Node.DoesNotExist:
        keys = "、".join(plan.nodes.filter(depth=0).values_list("key", flat=True)[:12])
        raise base.ExportError(
            f"計画「{plan.slug}」に施策「{key}」はありません（最上位の施策: {keys} …）。"
        ) from None
