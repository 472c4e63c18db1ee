from django.core.management.base import BaseCommand, CommandError

from sasaeai.demo.services import PASSWORD, USERS, load_demo
from sasaeai.planfiles import PlanFileError


class Command(BaseCommand):
    help = (
        "デモの計画（上尾市・所沢市・下野市）とデモ利用者を読み込みます。"
        "何度実行しても同じ状態になります。"
    )

    def handle(self, *args, **options):
        try:
            lines = load_demo()
        except PlanFileError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write("\n".join(lines))
        self.stdout.write(f"デモ利用者（パスワード {PASSWORD}）: {', '.join(USERS)}, admin")
