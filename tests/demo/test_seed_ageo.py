"""上尾市 (seeds 000, 001, 002) as the demo plan `ageo` holds it.

Every expected value below is typed from the seed text, not from the YAML.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pytest

from tests.demo import (
    Obj,
    export_demo,
    halfwidth,
    missing_from,
    nodes_by_key,
    seed_text,
    squash,
    walk,
)

PLAN_SEED, REVIEW_SEED, BRANCHES_SEED = "000", "001", "002"
BASE_YEAR, TARGET_YEAR = 2020, 2025  # 令和２年度, 令和７年度
REVIEW = "第２次上尾市地域福祉計画・第５次上尾市地域福祉活動計画"


@pytest.fixture(scope="module")
def plan(django_db_setup: Any, django_db_blocker: Any) -> Obj:
    return export_demo(django_db_blocker, "ageo")


def _ascii(key: str) -> str:
    """A node key as an ASCII test id (3/6/(1) → 6-1)."""
    return key.removeprefix("3/").replace("/", "-").replace("(", "").replace(")", "")


# -- 指標 of 取組6 and 取組7 ---------------------------------------------------------------------


class Indicator(NamedTuple):
    node: str
    name: str
    unit: str | None
    baseline: int | float | None
    target: int | float | None
    direction: str | None  # the target's: 増加 increase, 減少 decrease, 維持 maintain
    responsible: tuple[str, ...]
    source_note: str | None = None  # （市民アンケート調査：24ページ参照）
    cumulative: bool = False
    baseline_note: str | None = None  # －（※）: what the （※） under the table says


INDICATORS = [
    Indicator(
        "3/6",
        "近所付き合いについて「ほとんど（もしくはまったく）付き合いはない」",
        "％",
        10.2,
        None,
        "decrease",
        ("福祉総務課",),
        source_note="市民アンケート調査：24ページ参照",
    ),
    Indicator(
        "3/6",
        "地域活動やボランティア活動に現在参加している割合",
        "％",
        15.6,
        None,
        "increase",
        ("福祉総務課",),
        source_note="市民アンケート調査：26ページ参照",
    ),
    Indicator(
        "3/6",
        "地域で取り組まれているサロンなどの活動数",
        None,
        75,
        None,
        "increase",
        ("高齢介護課", "社会福祉協議会"),
    ),
    Indicator(
        "3/6",
        "地域福祉懇談会参加人数",
        "人",
        None,
        600,
        None,
        ("社会福祉協議会",),
        baseline_note="新型コロナウイルス禍で未実施",
    ),
    Indicator("3/7", "健康マイレージ新規参加人数", "人", 1056, None, "maintain", ("健康増進課",)),
    Indicator("3/7", "健康長寿サポーター養成講座受講人数", "人", 119, 150, None, ("健康増進課",)),
    Indicator("3/7", "ゲートキーパー養成講座受講人数", "人", 70, 100, None, ("健康増進課",)),
    Indicator("3/7", "認知症サポーター養成講座受講人数", "人", 380, 500, None, ("高齢介護課",)),
    Indicator(
        "3/7",
        "地域の担い手育成講座受講人数（累計）",
        "人",
        458,
        700,
        None,
        ("社会福祉協議会",),
        cumulative=True,
    ),
    Indicator("3/7", "ボランティア活動参加者数", "人", 4316, 4600, None, ("社会福祉協議会",)),
]


def _indicators(plan: Obj) -> list[tuple[str, Obj]]:
    return [(n["key"], i) for n in walk(plan["nodes"]) for i in n["indicators"]]


def test_ten_indicators(plan: Obj) -> None:
    assert [(node, i["name"]) for node, i in _indicators(plan)] == [
        (row.node, row.name) for row in INDICATORS
    ]


@pytest.mark.parametrize(
    ("n", "row"),
    list(enumerate(INDICATORS)),
    ids=[f"{n + 1:02d}-{_ascii(row.node)}" for n, row in enumerate(INDICATORS)],
)
def test_indicator(plan: Obj, n: int, row: Indicator) -> None:
    node, indicator = _indicators(plan)[n]
    got = {
        "node": node,
        "name": indicator["name"],
        "unit": indicator["unit"],
        "responsible": indicator["responsible"],
        "cumulative": indicator["cumulative"],
        "source_note": indicator["source_note"],
        "survey": indicator["survey"],
        "baseline": (indicator["baseline"]["fiscal_year"], indicator["baseline"]["value"]),
        "baseline_note": indicator["baseline"]["note"],
        "targets": [
            (t["fiscal_year"], t["value"], t["direction"], t["qualifier"], t["not_set_reason"])
            for t in indicator["targets"]
        ],
        "real_actuals": [a for a in indicator["actuals"] if not a["sample"]],
    }
    want = {
        "node": row.node,
        "name": row.name,
        "unit": row.unit,
        "responsible": list(row.responsible),
        "cumulative": row.cumulative,
        "source_note": row.source_note,
        "survey": row.source_note is not None,
        "baseline": (BASE_YEAR, row.baseline),
        "baseline_note": row.baseline_note,
        "targets": [(TARGET_YEAR, row.target, row.direction, None, None)],
        "real_actuals": [],  # seed 000 prints no 実績値: every yearly value is a sample
    }
    assert got == want
    assert repr(got) == repr(want), "int and float differ: the decimals printed are kept"


# -- 市の取組 --------------------------------------------------------------------------------------


class CityAction(NamedTuple):
    node: str
    title: str
    departments: tuple[str, ...]
    priority: bool = False


CITY_ACTIONS = [
    # 取組6 (1) 地域福祉への意識の醸成
    CityAction(
        "3/6/(1)",
        "啓発活動の充実",
        (
            "子ども支援課",
            "福祉総務課",
            "高齢介護課",
            "健康増進課",
            "市民協働推進課",
            "市民活動支援センター",
            "生涯学習課",
        ),
    ),
    CityAction("3/6/(1)", "ボランティア・福祉教育の推進", ("指導課",)),
    # 取組6 (2) 交流の場・居場所によるつながりづくり
    CityAction("3/6/(2)", "交流の場の充実（高齢者）", ("高齢介護課",)),
    CityAction("3/6/(2)", "交流の場の充実（障害者）", ("障害福祉課",)),
    CityAction(
        "3/6/(2)",
        "交流の場の充実（子ども・子育て）",
        (
            "子ども支援課",
            "子育て支援センター",
            "発達支援相談センター",
            "青少年課",
            "健康増進課",
            "生涯学習課",
        ),
    ),
    CityAction("3/6/(2)", "多文化交流の充実", ("市民協働推進課",)),
    CityAction("3/6/(2)", "世代間交流の充実", ("青少年課", "指導課")),
    CityAction(
        "3/6/(2)",
        "スポーツ・レクリエーションの充実",
        ("障害福祉課", "高齢介護課", "みどり公園課", "スポーツ振興課"),
    ),
    CityAction(
        "3/6/(2)",
        "交流の場の環境整備",
        ("福祉総務課", "市民協働推進課", "みどり公園課", "生涯学習課"),
    ),
    CityAction("3/6/(2)", "社会福祉法人が行う「地域における公益的な取組」の推進", ("福祉総務課",)),
    # 取組7 (1) 健康・生きがいづくりの推進
    CityAction(
        "3/7/(1)", "健康づくりの推進", ("高齢介護課", "健康増進課", "保険年金課", "スポーツ振興課")
    ),
    CityAction(
        "3/7/(1)",
        "フレイル予防・介護予防の充実",
        ("高齢介護課", "健康増進課", "保険年金課"),
        priority=True,
    ),
    CityAction("3/7/(1)", "きっかけづくりの支援", ("市民活動支援センター", "生涯学習課")),
    CityAction("3/7/(1)", "就労支援による社会参加の推進", ("障害福祉課", "高齢介護課", "商工課")),
    # 取組7 (2) 地域福祉活動への支援
    CityAction("3/7/(2)", "自治会活動への支援", ("市民協働推進課",)),
    CityAction("3/7/(2)", "民生委員・児童委員活動への支援", ("福祉総務課",)),
    CityAction("3/7/(2)", "通いの場への支援", ("高齢介護課",)),
    CityAction("3/7/(2)", "市民活動団体への支援", ("市民活動支援センター",)),
    CityAction("3/7/(2)", "生涯学習団体への支援", ("生涯学習課",)),
    CityAction("3/7/(2)", "大学や事業者との連携促進", ("市民活動支援センター", "生涯学習課")),
    CityAction("3/7/(2)", "多文化共生活動への支援", ("市民協働推進課",)),
    CityAction("3/7/(2)", "感染症に対する活動支援", ("高齢介護課", "健康増進課")),
    CityAction("3/7/(2)", "基金を活用した活動団体への支援", ("福祉総務課",)),
    # 取組7 (3) 人材の育成・活用
    CityAction("3/7/(3)", "自治会活動への参加促進", ("市民協働推進課",)),
    CityAction("3/7/(3)", "民生委員・児童委員の育成", ("福祉総務課",)),
    CityAction("3/7/(3)", "活動する人材の確保", ("福祉総務課", "市民活動支援センター")),
    CityAction("3/7/(3)", "生涯学習ボランティアの育成", ("生涯学習課",)),
    CityAction("3/7/(3)", "サポーター・ボランティアの養成", ("高齢介護課", "健康増進課")),
]

NODE_TITLES = [
    ("3", "誰もが役割を持つことができる地域づくり"),
    ("3/6", "支え合いの意識づくり"),
    ("3/6/(1)", "地域福祉への意識の醸成"),
    ("3/6/(2)", "交流の場・居場所によるつながりづくり"),
    ("3/7", "地域福祉活動の活性化と担い手の育成"),
    ("3/7/(1)", "健康・生きがいづくりの推進"),
    ("3/7/(2)", "地域福祉活動への支援"),
    ("3/7/(3)", "人材の育成・活用"),
]


def _actions(plan: Obj, actor: str) -> list[tuple[str, Obj]]:
    return [(n["key"], a) for n in walk(plan["nodes"]) for a in n["actions"] if a["actor"] == actor]


def test_goal_3_and_its_measures(plan: Obj) -> None:
    nodes = nodes_by_key(plan)
    assert [(key, nodes[key]["title"]) for key, _ in NODE_TITLES] == NODE_TITLES
    assert [k for k in nodes if k.startswith("3")] == [key for key, _ in NODE_TITLES]


def test_every_city_action_in_printed_order(plan: Obj) -> None:
    assert [(node, a["title"]) for node, a in _actions(plan, "city")] == [
        (row.node, row.title) for row in CITY_ACTIONS
    ]


@pytest.mark.parametrize(
    ("n", "row"),
    list(enumerate(CITY_ACTIONS)),
    ids=[f"{n + 1:02d}-{_ascii(row.node)}" for n, row in enumerate(CITY_ACTIONS)],
)
def test_city_action(plan: Obj, n: int, row: CityAction) -> None:
    node, action = _actions(plan, "city")[n]
    got = (node, action["title"], action["departments"], action["priority"])
    assert got == (row.node, row.title, list(row.departments), row.priority)


# -- 社会福祉協議会の取組 --------------------------------------------------------------------------

COUNCIL_ACTIONS = [
    ("3/6", "ボランティア活動の広報・周知"),
    ("3/6", "福祉教育の推進"),
    ("3/6", "募金活動の推進及び社協会員加入の促進"),
    ("3/6", "ふれあい・いきいきサロンなどへ活動の支援"),
    ("3/6", "「地域福祉懇談会」の開催"),
    ("3/6", "「地域福祉を考える集い」の開催"),
    ("3/7", "高齢者に対する健康の増進、教養の向上"),
    ("3/7", "ボランティアセンターによるボランティアの参加促進"),
    ("3/7", "地域の担い手育成の促進"),
    ("3/7", "ボランティアセンター登録団体の運営費補助と活動促進"),
    ("3/7", "社協支部活動の推進及び支援"),
]


def test_every_council_action_in_printed_order(plan: Obj) -> None:
    got = [(node, a["title"]) for node, a in _actions(plan, "council")]
    assert got == COUNCIL_ACTIONS


@pytest.mark.parametrize(
    ("node", "title"),
    COUNCIL_ACTIONS,
    ids=[f"{n + 1:02d}-{_ascii(node)}" for n, (node, _) in enumerate(COUNCIL_ACTIONS)],
)
def test_council_action(plan: Obj, node: str, title: str) -> None:
    found = [a for a in nodes_by_key(plan)[node]["actions"] if a["title"] == title]
    assert [(a["actor"], a["departments"], a["priority"]) for a in found] == [
        ("council", [], False)
    ]


def test_no_action_without_actor_or_content(plan: Obj) -> None:
    actions = [a for n in walk(plan["nodes"]) for a in n["actions"]]
    assert len(actions) == len(CITY_ACTIONS) + len(COUNCIL_ACTIONS)
    assert [a["title"] for a in actions if not a["content"]] == []


def _printed_after(n: int) -> str:
    """What seed 000 prints right after the n-th 社協 action's content."""
    node, _ = COUNCIL_ACTIONS[n]
    following = COUNCIL_ACTIONS[n + 1 :]
    return (
        following[0][1] if following and following[0][0] == node else "地域で取り組んでみましょう"
    )


CONTENTS = [(row.node, row.title, "".join(row.departments)) for row in CITY_ACTIONS] + [
    (node, title, _printed_after(n)) for n, (node, title) in enumerate(COUNCIL_ACTIONS)
]


@pytest.mark.parametrize(
    ("node", "title", "after"),
    CONTENTS,
    ids=[f"city{n + 1:02d}" for n in range(len(CITY_ACTIONS))]
    + [f"council{n + 1:02d}" for n in range(len(COUNCIL_ACTIONS))],
)
def test_action_content_is_in_the_seed(plan: Obj, node: str, title: str, after: str) -> None:
    """The content is printed in seed 000, whole: right after its title, and followed by the
    action's 担当 (市) or by the next action (社協)."""
    seed = seed_text(PLAN_SEED)
    (action,) = [a for a in nodes_by_key(plan)[node]["actions"] if a["title"] == title]
    assert action["content"]
    assert missing_from(seed, action["content"]) == []
    assert squash(f"{title}{action['content']}{after}") in squash(seed)


# -- 地域で取り組んでみましょう, コラム ------------------------------------------------------------

MESSAGES = [
    (
        "3/6",
        "resident",
        "【市民】",
        [
            "地域の中で顔を合わせる人とあいさつや声かけする関係をつくりましょう。",
            "地域で開催される福祉に関するイベントや講座、懇談会などに参加してみましょう。",
        ],
    ),
    (
        "3/6",
        "neighborhood",
        "【自治会・町内会・区会など】",
        [
            "大人も子どももあいさつできる地域をつくりましょう。",
            "地域行事などの開催を通じて、地域の交流や世代間の交流を図りましょう。",
            "地域で日常生活における課題や困りごとを話し合い、意見交換や情報を共有できる場を持ちましょう。",
            "集会所や公園など、自分たちで使う場所は自分たちで維持できるよう努めましょう。",
        ],
    ),
    (
        "3/6",
        "welfare_corporation",
        "【社会福祉法人など】",
        [
            "施設の一部を開放するなど、地域の交流の場の提供に協力しましょう。",
            "施設の高齢者や障害者と地域住民の交流を目的とした祭りやイベントの開催など、"
            "地域福祉の向上を目的とした活動「地域における公益的な取組」の実施に努めましょう。",
        ],
    ),
    (
        "3/7",
        "resident",
        "【市民】",
        [
            "地域の行事やボランティア活動に関心を持ち、周りの人を誘って気軽に参加してみましょう。",
            "自ら学んだ知識や経験、自分が持っている技術や得意分野を生かした活動に参加してみましょう。",
            "自分の健康に関心を持ち、定期的な各種健診の受診、健康講座や運動教室への参加など、"
            "健康づくりに取り組みましょう。",
        ],
    ),
    (
        "3/7",
        "neighborhood",
        "【自治会・町内会・区会など】",
        [
            "子どもから高齢者まで、多くの人が参加しやすい地域活動や行事の開催を図りましょう。",
            "地域行事への参加、各種団体などが実施するイベントや講座への参加を呼びかけましょう。",
            "地域の中で活動する団体との交流や連携を図りましょう。",
        ],
    ),
    (
        "3/7",
        "group",
        "【団体など】",
        [
            "団体や活動内容についての情報発信に努め、団体活動への参加促進を図りましょう。",
            "他団体との交流や連携により、活動の活性化や担い手の育成を図りましょう。",
        ],
    ),
    (
        "3/7",
        "welfare_corporation",
        "【社会福祉法人など】",
        [
            "持っている資源やノウハウを生かして、地域の健康づくりに協力しましょう。",
            "ボランティア活動希望者や大学などからの実習生を受け入れるなど、"
            "福祉人材の確保や担い手育成に努めましょう。",
        ],
    ),
]


@pytest.mark.parametrize("node", ["3/6", "3/7"], ids=["6", "7"])
def test_audiences(plan: Obj, node: str) -> None:
    messages = nodes_by_key(plan)[node]["messages"]
    assert [m["audience"] for m in messages] == [a for k, a, _, _ in MESSAGES if k == node]


@pytest.mark.parametrize(
    ("node", "audience", "label", "items"),
    MESSAGES,
    ids=[f"{_ascii(node)}-{audience}" for node, audience, _, _ in MESSAGES],
)
def test_messages(plan: Obj, node: str, audience: str, label: str, items: list[str]) -> None:
    messages = nodes_by_key(plan)[node]["messages"]
    assert [(m["label"], m["items"]) for m in messages if m["audience"] == audience] == [
        (label, items)
    ]


COLUMNS = {
    "3/6": ["地域福祉懇談会"],
    "3/7": [
        "フレイル予防",
        "ボランティアセンターによるボランティア活動への参加促進～“自分にもできる活動”を一緒に考えます！～",
    ],
}


def test_the_three_columns(plan: Obj) -> None:
    nodes = nodes_by_key(plan)
    got = {k: [squash(c["title"]) for c in nodes[k]["columns"]] for k in COLUMNS}
    assert got == COLUMNS


@pytest.mark.parametrize("node", ["3/6", "3/7"], ids=["6", "7"])
def test_narratives_of_seed_000_are_in_the_seed(plan: Obj, node: str) -> None:
    """現状と課題, 目指す姿, messages and column bodies: every line printed in seed 000."""
    seed = seed_text(PLAN_SEED)
    n = nodes_by_key(plan)[node]
    texts = {
        **{f"section {s['title']}": s["body"] for s in n["sections"]},
        **{f"column {c['title']}": c["body"] for c in n["columns"]},
        **{f"message {m['label']}": "\n".join(m["items"]) for m in n["messages"]},
    }
    assert {k: missing_from(seed, t) for k, t in texts.items()} == {k: [] for k in texts}


@pytest.mark.parametrize("node", ["3/6", "3/7"], ids=["6", "7"])
def test_sections_are_whole_passages_of_seed_000(plan: Obj, node: str) -> None:
    """現状と課題 and 目指す姿, lines joined, are the whole passage between their ==  == rules:
    nothing left out at the start, in the middle or at the end."""
    seed = squash(seed_text(PLAN_SEED))
    sections = nodes_by_key(plan)[node]["sections"]
    assert [s["title"] for s in sections] == ["現状と課題", "目指す姿"]
    passages = [re.escape(f"={squash(s['body'])}") + r"(?===目指す姿|指標名)" for s in sections]
    assert [
        s["title"] for s, p in zip(sections, passages, strict=True) if not re.search(p, seed)
    ] == []


def test_priority_mark_only_on_frailty(plan: Obj) -> None:
    marked = [a["title"] for n in walk(plan["nodes"]) for a in n["actions"] if a["priority"]]
    assert marked == ["フレイル予防・介護予防の充実"]


# -- seed 001: the review of the previous plan ---------------------------------------------------


class Series(NamedTuple):
    node: str  # the review's 具体的な取り組みの方法 ①②③
    name: str
    unit: str | None
    values: tuple[tuple[int, int], ...]  # (fiscal year, value)


H29, H31, R2 = 2017, 2019, 2020

SERIES = [
    Series(
        "①", "１３社協支部の相談窓口への相談件数", "件", ((H29, 303), (H31, 21911), (R2, 10809))
    ),
    Series("①", "市社協心配ごと相談における相談件数", "件", ((H29, 547), (H31, 739), (R2, 218))),
    Series("①", "市社協貸付事業における貸付件数", "件", ((H31, 10), (R2, 2758))),
    Series(
        "②",
        "１３社協支部における「あったか見守りサービス」協力員登録者数",
        "人",
        ((H29, 135), (H31, 155), (R2, 145)),
    ),
    Series(
        "②",
        "１３社協支部における「あったか見守りサービス」利用登録者数",
        "人",
        ((H29, 226), (H31, 234), (R2, 231)),
    ),
    Series(
        "③",
        "地域で取り組まれているサロン実施数（支部社協を通じた助成団体数）",
        None,
        ((H29, 60), (H31, 54), (R2, 54)),
    ),
    Series(
        "③",
        "介護予防・日常生活支援総合事業通所型サービスB実施数（市高齢介護課による助成団体数）",
        None,
        ((H29, 4), (H31, 20), (R2, 21)),
    ),
]

REVIEW_NODES = [
    ("①", "生活相談と支援活動の推進", "計画冊子P28取り組み２"),
    ("②", "地域見守り活動の推進", "計画冊子P41取り組み６"),
    ("③", "当事者をつなぐ活動の推進", "計画冊子P49取り組み９"),
]


def _review(plan: Obj) -> Obj:
    found = [s for s in plan["sub_plans"] if s["title"].startswith(REVIEW)]
    assert len(found) == 1, [s["title"] for s in plan["sub_plans"]]
    return found[0]


def test_the_review_is_a_previous_plan(plan: Obj) -> None:
    review = _review(plan)
    assert review["relation"] == "previous"
    got = [(n["code"], n["title"], squash(n["page_ref"] or "")) for n in walk(review["nodes"])]
    assert got == REVIEW_NODES


def test_seven_series(plan: Obj) -> None:
    got = [(n["code"], i["name"]) for n in walk(_review(plan)["nodes"]) for i in n["indicators"]]
    assert [(c, squash(name)) for c, name in got] == [(s.node, squash(s.name)) for s in SERIES]


@pytest.mark.parametrize(
    ("n", "row"), list(enumerate(SERIES)), ids=[f"series{n + 1}" for n in range(len(SERIES))]
)
def test_series(plan: Obj, n: int, row: Series) -> None:
    node, indicator = [
        (n["code"], i) for n in walk(_review(plan)["nodes"]) for i in n["indicators"]
    ][n]
    got = (
        node,
        squash(indicator["name"]),
        indicator["unit"],
        [(a["fiscal_year"], a["value"], a["sample"]) for a in indicator["actuals"]],
    )
    want = (row.node, squash(row.name), row.unit, [(y, v, False) for y, v in row.values])
    assert got == want
    assert repr(got) == repr(want), "int and float differ"


def test_the_review_is_in_seed_001(plan: Obj) -> None:
    """Sections and the 社協's actions of the review: every line printed in seed 001."""
    seed = seed_text(REVIEW_SEED)
    texts = {}
    for n in walk(_review(plan)["nodes"]):
        texts |= {f"{n['code']} {s['title']}": s["body"] for s in n["sections"]}
        texts[f"{n['code']} actions"] = "\n".join(a["title"] for a in n["actions"])
    assert {k: missing_from(seed, t) for k, t in texts.items()} == {k: [] for k in texts}


# -- seed 002: the 13 branches' bases and the council's office ----------------------------------

# (organization, base, address, phone) exactly as the table prints them.
BASES = [
    ("上尾東支部", "上尾東支部拠点", "二ツ宮 750 文化センター内", "７７６－６０１５"),
    ("上尾西支部", "上尾西支部拠点", "柏座４-２-３", "７７５－０９１９"),
    ("上尾南支部", "上尾南支部拠点", "柏座１-１-15 プラザ館内２Ｆ", "７７６－７８０８"),
    ("平方支部", "平方支部拠点", "平方 1713-１平方支所内", "７２６－３７４７"),
    ("原市支部", "原市支部拠点", "原市 3241原市支所内", "７２２－２０８４"),
    ("大石東支部", "大石東支部拠点", "小泉９-28-１大石公民館内", "７８２－０３５５"),
    ("大石西支部", "大石西支部拠点", "畔吉 178自然学習館内", "７８１－１０１１"),
    ("上平支部", "上平支部拠点", "上平中央３-31-５  上平公民館内", "７７１－７３４４"),
    ("大谷支部", "大谷支部拠点", "向山３-２-８向山ｻﾎﾟｰﾄｾﾝﾀｰ内", "７８１－２２８０"),
    ("原市団地支部", "原市団地支部拠点", "原市 3336原市団地４-19-102", "７２３－０３９６"),
    ("尾山台団地支部", "尾山台団地支部拠点", "瓦葺 2716尾山台出張所別館", "７２３－９２６０"),
    (
        "西上尾第一団地支部",
        "西上尾第一団地支部拠点",
        "小敷谷 845-１自治会事務所内",
        "７２６－８０５１",
    ),
    (
        "西上尾第二団地支部",
        "西上尾第二団地支部拠点",
        "小敷谷 77-１自治会事務所内",
        "７２６－８０１６",
    ),
    (
        "上尾市社会福祉協議会",
        "上尾市社会福祉協議会",
        "平塚 724番地上尾市総合福祉センター内",
        "７７３－７１５５",
    ),
]


def _bases(plan: Obj) -> list[tuple[Obj, Obj]]:
    return [(o, b) for o in plan["organizations"] for b in o["bases"]]


def test_fourteen_bases(plan: Obj) -> None:
    assert sorted(b["name"] for _, b in _bases(plan)) == sorted(name for _, name, _, _ in BASES)


@pytest.mark.parametrize(
    ("organization", "name", "address", "phone"),
    BASES,
    ids=[f"base{n + 1:02d}" for n in range(len(BASES))],
)
def test_base(plan: Obj, organization: str, name: str, address: str, phone: str) -> None:
    """Name, address and phone; full-width digits and hyphens compare as half-width, no spaces."""
    (found,) = [(o, b) for o, b in _bases(plan) if b["name"] == name]
    org, base = found
    council = organization == "上尾市社会福祉協議会"
    assert (org["name"], org["kind"]) == (organization, "council" if council else "branch")
    if not council:
        assert org["parent"] == "ageo-council"
    assert (halfwidth(base["address"]), halfwidth(base["phone"])) == (
        halfwidth(address),
        halfwidth(phone),
    )


def test_thirteen_branches(plan: Obj) -> None:
    branches = [o["name"] for o in plan["organizations"] if o["kind"] == "branch"]
    assert sorted(branches) == sorted(o for o, _, _, _ in BASES[:13])


BRANCHES_NODE = "社協13支部が自治会などと連携"
SCHEDULE = "スケジュールはどうなってるの"


def test_the_branches_narratives_are_in_seed_002(plan: Obj) -> None:
    """Sections and columns of 社協支部の取組: every line printed in seed 002.

    The one line that sums up 事例①'s schedule chart (調査→…→見直し) is checked step by step.
    """
    seed = seed_text(BRANCHES_SEED)
    node = nodes_by_key(plan)[BRANCHES_NODE]
    assert squash(node["title"]) in squash(seed)
    missing = {}
    for item in node["sections"] + node["columns"]:
        lines = [item["title"], *item["body"].split("\n")]
        schedule = [line for line in lines if line.startswith(SCHEDULE)]
        steps = [s for line in schedule for s in line.split("：", 1)[1].split("→")]
        rest = "\n".join(line for line in lines if not line.startswith(SCHEDULE))
        missing[item["title"]] = missing_from(seed, rest) + missing_from(seed, "\n".join(steps))
    assert missing == {title: [] for title in missing}


# Terms marked ＊ in seed 000, in printed order.
GLOSSARY = [
    "健康長寿サポーター",
    "子ども食堂",
    "あげおワールドフェア",
    "学校応援団",
    "公園管理協定",
    "協働のまちづくり推進事業",
    "フードドライブ",
    "ＮＰＯ",
]


def test_glossary_terms_are_the_marked_words(plan: Obj) -> None:
    assert [g["term"] for g in plan["glossary"]] == GLOSSARY
    seed = squash(seed_text(PLAN_SEED))
    assert [t for t in GLOSSARY if f"{t}＊" not in seed] == []
