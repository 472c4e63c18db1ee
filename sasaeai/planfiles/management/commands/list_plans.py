from django.core.management.base import BaseCommand

from sasaeai.lib.wareki import format_fiscal_year
from sasaeai.plans.models import Plan


class Command(BaseCommand):
    help = "登録されている計画を一覧します。"

    def handle(self, *args, **options):
        plans = Plan.objects.filter(parent=None).prefetch_related("sub_plans", "nodes__indicators")
        if not plans:
            self.stdout.write(
                "計画はまだありません。"
                "sasaeai import-plan FILE または sasaeai load-demo で登録できます。"
            )
        for plan in plans:
            self.stdout.write(_line(plan, ""))
            for sub in plan.sub_plans.all():
                self.stdout.write(_line(sub, "  └ "))


def _line(plan: Plan, indent: str) -> str:
    indicators = sum(len(n.indicators.all()) for n in plan.nodes.all())
    period = ""
    if plan.period_start and plan.period_end:
        period = f"  {format_fiscal_year(plan.period_start)}〜{format_fiscal_year(plan.period_end)}"
    return f"{indent}{plan.slug}\t{plan.title}{period}  指標 {indicators}"
