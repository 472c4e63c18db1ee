import time

from django.core.management.base import BaseCommand

from sasaeai.volunteers import tallies
from sasaeai.volunteers.models import Activity, VolunteerYear


class Command(BaseCommand):
    help = (
        "活動記録の集計（支部・年度ごとの件数・参加人数・時間・実人数）をすべての活動記録から"
        "作り直します。SQL で直接入れた記録や、集計が合わない疑いがあるときに使います。"
    )

    def handle(self, *args, **options):
        start = time.perf_counter()
        buckets = tallies.rebuild()
        self.stdout.write(
            f"活動記録 {Activity.objects.count():,} 件から {buckets:,} の支部・年度を集計し、"
            f"活動したボランティア（年度別）{VolunteerYear.objects.count():,} 行を作り直しました"
            f"（{time.perf_counter() - start:.1f} 秒）。"
        )
