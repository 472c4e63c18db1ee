from django.core.management.base import BaseCommand, CommandError

from sasaeai.accounts.models import User
from sasaeai.api.auth import create_token


class Command(BaseCommand):
    help = (
        "JSON API のトークンを作って表示します（docs/api.md）。"
        "表示は一度だけで、保存されるのはハッシュだけです。"
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="トークンを使う利用者のユーザー名")
        parser.add_argument("--label", default="", help="用途（例: 集計スクリプト）")

    def handle(self, *args, **options):
        user = User.objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"利用者「{options['username']}」はいません。")
        if not user.is_active:
            raise CommandError(f"利用者「{user.username}」は無効になっています。")
        self.stdout.write(create_token(user, label=options["label"]))
