from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sasaeai.accounts.models import Organization, User
from sasaeai.planfiles.workbook import WorkbookError
from sasaeai.registers.access import RegisterScope
from sasaeai.registers.sheets import BY_KEY, REGISTERS
from sasaeai.registers.tabular import import_file


class Command(BaseCommand):
    help = (
        "登録簿の Excel か CSV を取り込みます。ID のある行を更新し、空欄の行を登録します。"
        "誤りがあれば何も書き込みません。"
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="Excel（.xlsx）か CSV（.csv）のパス")
        parser.add_argument(
            "--register", choices=list(BY_KEY), help="CSV の登録簿（省略すると見出しから判断）"
        )
        parser.add_argument("--dry-run", action="store_true", help="確認だけして書き込まない")
        parser.add_argument(
            "--user", help="この利用者として取り込む（範囲と監査記録。省略すると全支部）"
        )

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as exc:
            raise CommandError(f"ファイル「{path}」を開けません: {exc.strerror}") from exc
        user, scope = _who(options["user"])
        try:
            summary = import_file(
                content,
                path.name,
                user=user,
                registers=REGISTERS,
                register=options["register"],
                dry_run=options["dry_run"],
                scope=scope,
            )
        except WorkbookError as exc:
            lines = [f"{path.name} {p.format()}" for p in exc.problems]
            lines.append(f"取り込めません: 誤り {len(exc.problems)} 件。何も書き込んでいません。")
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write("\n".join(summary.lines()))


def operator_scope() -> RegisterScope:
    """Return the scope of whoever runs the command on the server: every 社協 and branch."""
    units = frozenset(
        Organization.objects.filter(
            kind__in=[Organization.Kind.COUNCIL, Organization.Kind.BRANCH]
        ).values_list("pk", flat=True)
    )
    return RegisterScope(read=units, personal=units, contacts=units, edit=units)


def _who(username: str | None) -> tuple[User | None, RegisterScope | None]:
    if username is None:
        return None, operator_scope()
    user = User.objects.filter(username=username).first()
    if user is None:
        raise CommandError(f"利用者「{username}」はいません。")
    return user, None
