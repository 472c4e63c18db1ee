from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sasaeai.accounts.models import User
from sasaeai.registers.access import RegisterScope, scope_for
from sasaeai.registers.sheets import BY_KEY, REGISTERS
from sasaeai.registers.tabular import Lookup, export_csv, export_xlsx

from .import_register import operator_scope


class Command(BaseCommand):
    help = (
        "登録簿を Excel（登録簿ごとにシート）か CSV（一つの登録簿、BOM 付き UTF-8）で書き出します。"
        f"登録簿: {', '.join(BY_KEY)}"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "registers", nargs="*", help="登録簿（省略するとすべて。CSV は一つだけ）"
        )
        parser.add_argument(
            "-o", "--output", required=True, help="書き出すファイル（.xlsx か .csv）"
        )
        parser.add_argument(
            "--user", help="この利用者に見える範囲だけを書き出す（省略すると全支部）"
        )
        parser.add_argument("--blank", action="store_true", help="見出しだけの空のテンプレート")

    def handle(self, *args, **options):
        unknown = [k for k in options["registers"] if k not in BY_KEY]
        if unknown:
            raise CommandError(
                f"登録簿「{'、'.join(unknown)}」はありません（{', '.join(BY_KEY)}）。"
            )
        chosen = [BY_KEY[k] for k in options["registers"]] or list(REGISTERS)
        lookup = _lookup(options["user"])
        path = Path(options["output"])
        if path.suffix == ".csv":
            if len(chosen) != 1:
                raise CommandError("CSV には登録簿を一つだけ指定してください。")
            content = export_csv(chosen[0], lookup, blank=options["blank"])
        elif path.suffix == ".xlsx":
            content = export_xlsx(chosen, lookup, blank=options["blank"])
        else:
            raise CommandError("書き出すファイルは .xlsx か .csv にしてください。")
        path.write_bytes(content)
        self.stdout.write(f"{path} に書き出しました（{'、'.join(r.title for r in chosen)}）。")


def _lookup(username: str | None) -> Lookup:
    if username is None:
        return Lookup.of(None, operator_scope())
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"利用者「{username}」はいません。")
    scope: RegisterScope = scope_for(user)
    return Lookup.of(user, scope)
