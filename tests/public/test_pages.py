"""The public pages: open to anyone, in Japanese, and never showing what is not confirmed."""

import json

import pytest

from sasaeai.accounts.models import User
from sasaeai.demo.services import DEMO_TEXT
from sasaeai.plans.models import Indicator, Narrative, Node
from sasaeai.progress import services
from sasaeai.progress.models import Cycle, Entry

PLANS = ["ageo", "ageo-review-5th", "tokorozawa", "shimotsuke"]


@pytest.mark.parametrize("slug", PLANS)
def test_every_page_kind_answers_without_login(demo, client, slug):
    node = Node.objects.filter(plan__slug=slug).order_by("-depth", "id").first()
    urls = [
        "/public/",
        "/public/branches/",
        f"/public/{slug}/",
        f"/public/{slug}/nodes/{node.pk}/",
        f"/public/{slug}/progress/",
        f"/public/{slug}/search/?q=地域",
    ]
    indicator = Indicator.objects.filter(node__plan__slug=slug).first()
    if indicator:
        urls.append(f"/public/{slug}/indicators/{indicator.pk}/")
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert '<html lang="ja">' in response.content.decode(), url


def test_every_public_url_answers(every_public_url, client):
    assert len(every_public_url) > 100
    for url in every_public_url:
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize(
    "url",
    [
        "/public/no-such-plan/",
        "/public/no-such-plan/progress/",
        "/public/no-such-plan/search/?q=a",
        "/public/ageo/nodes/999999/",
        "/public/ageo/indicators/999999/",
        "/public/ageo/indicators/999999.csv",
    ],
)
def test_unknown_plans_nodes_and_indicators_are_404(demo, client, url):
    assert client.get(url).status_code == 404


def test_a_node_of_another_plan_is_404(demo, client):
    other = Node.objects.filter(plan__slug="tokorozawa").first()
    assert client.get(f"/public/ageo/nodes/{other.pk}/").status_code == 404


def _user(name: str) -> User:
    return User.objects.get(username=name)


LEAKS = [
    "下書きの未確定テキスト",
    "差戻し後の未確定テキスト",
    "未確定の注記テキスト",
    "987,654",
    "987654",
]


def _unconfirmed_world() -> None:
    """Put unique texts and a value into entries of the open FY2023 cycle, in every state."""
    cycle = Cycle.objects.get(plan__slug="ageo", fiscal_year=2023)
    assert cycle.status == Cycle.Status.OPEN
    draft = (
        cycle.entries.filter(
            status=Entry.Status.DRAFT, organization__key="ageo-council", value_slots__isnull=False
        ).first()
        or cycle.entries.filter(status=Entry.Status.DRAFT, organization__key="ageo-council").first()
    )
    slot = draft.value_slots.first()
    services.save_entry(
        draft,
        user=_user("shakyo"),
        version=draft.version,
        texts={"progress": LEAKS[0], "issues": LEAKS[0]},
        values={slot.indicator_id: {"value": "987654", "note": LEAKS[2]}} if slot else None,
    )
    returned = cycle.entries.get(status=Entry.Status.RETURNED)
    services.save_entry(
        returned, user=_user("kourei"), version=returned.version, texts={"progress": LEAKS[1]}
    )
    submitted = cycle.entries.filter(status=Entry.Status.SUBMITTED).first()
    services.accept(submitted, user=_user("secretariat"))
    assert cycle.entries.filter(status=Entry.Status.ACCEPTED).exists()
    assert cycle.entries.filter(status=Entry.Status.SUBMITTED).exists()


def test_nothing_unconfirmed_appears_on_any_public_page(every_public_url, client):
    _unconfirmed_world()
    assert Entry.objects.filter(progress__contains=DEMO_TEXT).exists()
    for url in every_public_url:
        text = client.get(url).content.decode()
        if url.endswith(".json"):
            text += json.dumps(json.loads(text), ensure_ascii=False)
        for leak in [*LEAKS, DEMO_TEXT]:
            assert leak not in text, (url, leak)


def test_search_never_finds_unconfirmed_progress(demo, client):
    _unconfirmed_world()
    for word in [*LEAKS[:3], DEMO_TEXT, "計画どおり事業を実施"]:
        html = client.get("/public/ageo/search/", {"q": word}).content.decode()
        assert "の検索結果：0件" in html, word


def test_confirmed_progress_is_shown(demo, client):
    entry = (
        Entry.objects.filter(cycle__plan__slug="shimotsuke", status=Entry.Status.CONFIRMED)
        .exclude(progress="")
        .first()
    )
    first_line = entry.progress.strip().splitlines()[0].lstrip("・▶○◇◆●").strip()
    assert first_line in client.get("/public/shimotsuke/progress/").content.decode()
    assert first_line in client.get(f"/public/shimotsuke/nodes/{entry.node_id}/").content.decode()


def test_a_plan_without_confirmed_progress_says_so(demo, client):
    html = client.get("/public/ageo/progress/").content.decode()
    assert "確定した進捗報告はまだありません" in html


def test_search_finds_a_measure_by_a_word_of_its_narrative(demo, client):
    narrative = Narrative.objects.filter(node__plan__slug="ageo").exclude(body="").first()
    word = max(narrative.body.split(), key=len)[:8]
    html = client.get("/public/ageo/search/", {"q": word}).content.decode()
    assert f'href="/public/ageo/nodes/{narrative.node_id}/"' in html
    assert (
        "見つかりませんでした"
        in client.get("/public/ageo/search/?q=存在しない言葉ｘｙｚ").content.decode()
    )


def test_sample_values_carry_the_made_up_mark_in_words(demo, client):
    indicator = Indicator.objects.filter(actuals__sample=True, node__plan__slug="ageo").first()
    html = client.get(f"/public/ageo/indicators/{indicator.pk}/").content.decode()
    assert "架空のデモ値（実在のデータではありません）" in html


def test_a_grade_is_shown_in_words(demo, client):
    indicator = Indicator.objects.filter(actuals__sample=True, node__plan__slug="ageo").first()
    html = client.get(f"/public/ageo/indicators/{indicator.pk}/").content.decode()
    assert "時点の評価：" in html and "（" in html.split("時点の評価：")[1].split("</span>")[0]


def test_branches_list_their_bases(demo, client):
    html = client.get("/public/branches/").content.decode()
    from sasaeai.accounts.models import Base

    base = Base.objects.filter(organization__kind="branch").exclude(phone="").first()
    assert base.address in html and base.phone in html
    assert Base.objects.filter(organization__kind="branch").count() >= 13
