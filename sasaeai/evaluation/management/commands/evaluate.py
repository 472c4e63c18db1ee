import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sasaeai.evaluation.selectors import evaluate_plan
from sasaeai.grading import SchemeError, parse_scheme
from sasaeai.grading.io import InputError, run
from sasaeai.plans.models import Plan


class Command(BaseCommand):
    help = (
        "指標を評価して JSON で出力します（docs/grading.md）。"
        "--input か --plan のどちらかを指定します。"
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--input", help="評価する指標の JSON ファイル")
        source.add_argument("--plan", help="評価する計画の識別子")
        parser.add_argument(
            "--scheme", help="評価方式の名前（kenko21, sabc, abc, level5, toward）または JSON"
        )
        parser.add_argument(
            "--as-of", type=int, dest="as_of", help="評価する年度（西暦、例: 2023）"
        )

    def handle(self, *args, **options):
        scheme = _scheme(options["scheme"])
        output = self._plan(options, scheme) if options["plan"] else self._file(options, scheme)
        self.stdout.write(json.dumps(output, ensure_ascii=False, indent=2))

    def _file(self, options, scheme):
        path = Path(options["input"])
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"{path}: ファイルを開けません: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}:{exc.lineno}: JSON として読めません: {exc.msg}") from exc
        try:
            return run(data, scheme=scheme, as_of=options["as_of"])
        except (InputError, SchemeError) as exc:
            raise CommandError(f"{path}: {exc}") from exc

    def _plan(self, options, scheme):
        plan = Plan.objects.filter(slug=options["plan"]).first()
        if plan is None:
            raise CommandError(
                f"計画「{options['plan']}」はありません。sasaeai list-plans で確認してください。"
            )
        evaluation = evaluate_plan(plan, options["as_of"], parse_scheme(scheme) if scheme else None)
        return {
            "plan": plan.slug,
            "scheme": evaluation.scheme.to_dict(),
            "as_of": evaluation.as_of,
            "results": [
                {
                    **g.result.as_dict(),
                    "name": g.indicator.name,
                    "override": g.override.grade if g.override else None,
                }
                for g in evaluation.graded.values()
            ],
        }


def _scheme(text: str | None):
    """Return the --scheme value as a name or a parsed JSON object, checked."""
    if not text:
        return None
    value = json.loads(text) if text.lstrip().startswith("{") else text
    try:
        parse_scheme(value)
    except SchemeError as exc:
        raise CommandError(f"--scheme: {exc}") from exc
    return value
