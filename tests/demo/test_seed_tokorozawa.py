"""所沢市 (seed 004, 第４章 施策の展開) as the demo plan `tokorozawa` holds it.

Every expected value below is typed from the seed text, not from the YAML.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

import pytest

from tests.demo import (
    Obj,
    export_demo,
    missing_from,
    nodes_by_key,
    printed,
    seed_text,
    squash,
    sub_plan,
    walk,
)

SEED = "004"
BASE_YEAR, TARGET_YEARS = 2019, (2023, 2026)  # 令和元年度; 令和５年度, 令和８年度
COVID = "新型コロナウイルス"


@pytest.fixture(scope="module")
def plan(django_db_setup: Any, django_db_blocker: Any) -> Obj:
    return export_demo(django_db_blocker, "tokorozawa")


def _ascii(key: str) -> str:
    """A node key as a readable ASCII test id (Ⅲ/11 → III-11)."""
    return key.replace("Ⅲ", "III").replace("Ⅱ", "II").replace("Ⅰ", "I").replace("/", "-")


# -- the tree ----------------------------------------------------------------------------------

# (key, title, subtitle) in printed order: 重点施策 A–C, then 基本方針 Ⅰ–Ⅲ with 基本施策 1–11.
NODES = [
    ("A", "地域生活課題の解決に向けた取り組みの強化", None),
    ("B", "包括的な相談支援体制の充実", None),
    ("C", "わかりやすい情報提供の充実", None),
    ("Ⅰ", "地域福祉のコミュニティづくり", "（人づくり・地域づくり）"),
    ("Ⅰ/1", "相互理解・共生の推進", None),
    ("Ⅰ/2", "地域活動の促進", None),
    ("Ⅰ/3", "地域で活躍する人材の育成", None),
    ("Ⅰ/4", "地域の居場所づくり、拠点の活用", None),
    ("Ⅱ", "身近な地域に広がるネットワークづくり", "（福祉サービス利用環境の整備）"),
    ("Ⅱ/5", "住民同士の見守り・支え合いの推進", None),
    ("Ⅱ/6", "地域福祉を進めるネットワークの強化", None),
    ("Ⅱ/7", "地域で活躍する団体への支援", None),
    ("Ⅲ", "安心・安全に地域で生活できる環境づくり", "（セーフティネットの整備）"),
    ("Ⅲ/8", "権利擁護の推進", None),
    ("Ⅲ/9", "生活困難者等への支援", None),
    ("Ⅲ/10", "災害時等の安心・安全の仕組みづくり", None),
    ("Ⅲ/11", "誰もが住み続けられる地域づくり", None),
]
MEASURES = ["A", "B", "C", *(key for key, _, _ in NODES if "/" in key)]


def test_the_tree_is_the_printed_tree(plan: Obj) -> None:
    assert [n["key"] for n in walk(plan["nodes"])] == [key for key, _, _ in NODES]


@pytest.mark.parametrize(
    ("key", "title", "subtitle"), NODES, ids=[_ascii(key) for key, _, _ in NODES]
)
def test_node(plan: Obj, key: str, title: str, subtitle: str | None) -> None:
    node = nodes_by_key(plan)[key]
    assert (node["code"], node["title"], node["subtitle"]) == (key.split("/")[-1], title, subtitle)


@pytest.mark.parametrize("key", ["A", "B", "C"])
def test_priority_measures_are_cross_cutting(plan: Obj, key: str) -> None:
    node = nodes_by_key(plan)[key]
    assert (node["level"], node["kind"], node["priority"]) == ("重点施策", "cross_cutting", True)


# -- ▶ 主な取り組み --------------------------------------------------------------------------------

ACTIONS = {
    "A": [
        "地域福祉コーディネート機能の強化",
        "複合的な課題を抱えている世帯や制度の狭間の問題への対策",
        "コミュニティソーシャルワーカー（CSW）としての機能充実",
    ],
    "B": [
        "福祉の総合相談機能の充実",
        "相談支援の身近なネットワークの整備（身近な地域での相談窓口など）",
        "分野ごとの相談体制の普及・活用及び連携（地域包括支援センター、基幹相談支援センター等）",
        "庁内の横断的な体制づくりによる連携の強化",
    ],
    "C": [
        "情報格差に配慮した情報発信ツールの活用（広報、メール、SNS等）",
        "身近な地域の情報発信（福祉サービスや地域活動などの情報）",
        "地域福祉の拠点での情報収集・発信の工夫",
    ],
    "Ⅰ/1": [
        "相互理解を深める交流機会の拡大（障害者との交流など）",
        "所沢市障害のある人もない人も共に生きる社会づくり条例に基づく取り組みの推進",
        "身近な地域での福祉教育・福祉学習機会の拡大",
        "障害者の社会参加の促進と協働の推進",
        "障害者の就労の実現と職場定着に向けた支援",
    ],
    "Ⅰ/2": [
        "地域で身近にふれあう活動の促進",
        "地域活動への参加に向けた周知",
        "地域課題の解決への取り組みにつながる活動の支援",
    ],
    "Ⅰ/3": [
        "地域福祉を担う人材の発掘に向けたきっかけづくり",
        "人材情報のストックと活用の仕組みづくり",
        "意欲ある人材の地域福祉活動への参加及び継続・定着の促進",
    ],
    "Ⅰ/4": [
        "こどもと福祉の未来館の活用",
        "多世代交流の促進",
        "身近な居場所・拠点の周知啓発及び利用促進",
        "身近な地域資源を有効活用した居場所・拠点づくりの推進",
    ],
    "Ⅱ/5": [
        "身近な地域での見守り・支え合い活動の促進（子ども・高齢者など）",
        "高齢者などの生活支援ニーズに対応する活動の促進",
        "福祉の相談窓口と連携した見守りの仕組みの構築",
        "地域の社会福祉法人や民間事業者などによる見守り体制の構築",
    ],
    "Ⅱ/6": [
        "地域福祉に関わる組織・団体などのネットワークの強化",
        "民生委員・児童委員協議会や自治会・町内会等との連携の強化",
        "社会福祉協議会との連携の強化",
        "地域包括支援センターとの連携の強化",
    ],
    "Ⅱ/7": [
        "地域で活動するボランティア団体・NPO法人等、各団体の育成・支援",
        "社会福祉協議会の機能強化",
        "民生委員・児童委員活動の支援",
    ],
    "Ⅲ/8": [
        "所沢市障害のある人もない人も共に生きる社会づくり条例に基づく取り組みの推進",
        "人権教育の推進",
        "虐待防止及び再犯防止対策の推進",
        "成年後見制度の推進（詳細はp.65〜所沢市成年後見制度利用促進基本計画参照）",
    ],
    "Ⅲ/9": [
        "生活困窮者自立支援制度と生活保護制度の一体的な運用による自立の促進",
        "失業者、ホームレス、ひきこもりなどに対する支援",
        "子どもの貧困に対する支援",
    ],
    "Ⅲ/10": [
        "避難行動要支援者名簿の整備・活用",
        "福祉避難所の整備",
        "在宅避難者（要配慮者）に対する支援",
        "災害ボランティアセンターの設置・運営支援",
    ],
    "Ⅲ/11": [
        "道路・施設などのバリアフリーやユニバーサルデザインの推進",
        "住宅確保要配慮者の入居支援の強化",
        "高齢者等に寄り添った生活環境向上の推進",
    ],
}


@pytest.mark.parametrize("key", list(ACTIONS), ids=[_ascii(k) for k in ACTIONS])
def test_main_actions(plan: Obj, key: str) -> None:
    """The ▶ lines, all of them, in printed order (a space between 和文 and "NPO" is PDF noise)."""
    actions = nodes_by_key(plan)[key]["actions"]
    assert [squash(a["title"]) for a in actions] == [squash(t) for t in ACTIONS[key]]


def test_the_relisted_action_points_at_its_original(plan: Obj) -> None:
    title = "所沢市障害のある人もない人も共に生きる社会づくり条例に基づく取り組みの推進"
    relists = {
        key: [(a["title"], a["relist_of"]) for a in node["actions"] if a["relist_of"]]
        for key, node in nodes_by_key(plan).items()
    }
    assert {k: v for k, v in relists.items() if v} == {"Ⅲ/8": [(title, "Ⅰ/1")]}


def test_footnote_39_lgbt_is_on_a(plan: Obj) -> None:
    footnotes = {f["number"]: f["text"] for f in nodes_by_key(plan)["A"]["footnotes"]}
    assert footnotes["39"] == (
        "女性同性愛者（Lesbian）、男性同性愛者（Gay）、両性愛者（Bisexual）、"
        "トランスジェンダー（Transgender）の頭文字をとった言葉で、性的少数者の総称の一つ。"
    )


# -- 成年後見制度利用促進基本計画 ------------------------------------------------------------------

GUARDIANSHIP = "所沢市成年後見制度利用促進基本計画"
GUARDIANSHIP_POLICY = "誰もが意思を尊重され、権利が守られる環境づくり"
GUARDIANSHIP_GOALS = [
    ("1", "成年後見制度の周知・啓発"),
    ("2", "利用しやすい環境整備と担い手の支援"),
    ("3", "地域連携ネットワークの整備"),
]
GUARDIANSHIP_ACTIONS = [
    "わかりやすい講演会・講座の開催",
    "講演会や相談会の実施に対する支援",
    "広報活動の推進",
    "早期の支援につなげるための相談先のPR",
    "親族後見人の支援",
    "市民後見人候補者の育成・活用",
    "日常生活自立支援事業「あんしんサポートねっと」との連携",
    "法人後見人の支援",
    "成年後見制度の利用支援",
    "支援が必要となる方の早期発見・支援の仕組みづくり",
    "後見人支援機能の強化",
    "関係団体との連携",
]


def test_guardianship_sub_plan_policy_and_goals(plan: Obj) -> None:
    sub = sub_plan(plan, GUARDIANSHIP)
    assert sub["relation"] == "part"
    assert [n["title"] for n in sub["nodes"]] == [GUARDIANSHIP_POLICY]
    goals = sub["nodes"][0]["children"]
    assert [(g["code"], g["title"]) for g in goals] == GUARDIANSHIP_GOALS


def test_guardianship_sub_plan_main_actions(plan: Obj) -> None:
    """12 主な取り組み in all, in printed order (the seed does not say which goal each is under)."""
    actions = [
        a["title"] for n in walk(sub_plan(plan, GUARDIANSHIP)["nodes"]) for a in n["actions"]
    ]
    assert [squash(t) for t in actions] == [squash(t) for t in GUARDIANSHIP_ACTIONS]


# -- the 47 indicators -------------------------------------------------------------------------


class Row(NamedTuple):
    node: str
    name: str
    unit: str
    baseline: int | float | None
    targets: tuple[int | float | None, int | float | None]
    footnotes: tuple[str, ...] = ()
    cumulative: bool = False
    ratio: tuple[int, int, str | None] | None = None  # numerator, denominator, ratio_unit
    target_ratios: bool = False  # the targets print the same ratio as the baseline
    notes: tuple[str | None, str | None, str | None] = (None, None, None)  # baseline, 2023, 2026
    not_set: bool = False  # ―: targets deliberately not set (新型コロナウイルス)


INDICATORS = [
    # 重点施策Ａ
    Row(
        "A",
        "コミュニティソーシャルワーカー（ＣＳＷ）による総合的福祉相談支援件数",
        "件",
        3232,
        (3400, 3500),
    ),
    Row(
        "A",
        "コミュニティソーシャルワーカー（ＣＳＷ）による地域の実態把握及び支援件数",
        "件",
        264,
        (300, 350),
    ),
    Row("A", "民生委員・児童委員による訪問回数", "回", 134740, (142500, 142500)),
    # 重点施策Ｂ
    Row("B", "福祉の相談窓口への相談件数", "件", 9494, (10280, 10910)),
    Row("B", "暮らしの相談事業における相談拠点の数", "箇所", 47, (49, 50)),
    Row("B", "暮らしの相談事業における実施回数", "回", 4704, (4710, 4746)),
    Row("B", "基幹相談支援センター等への相談件数", "件", 11175, (11300, 12200)),
    Row("B", "所沢市庁内地域福祉推進連絡会議の開催回数", "回", None, (2, 2)),
    # 重点施策Ｃ
    Row("C", "市の情報発信に対する満足度", "％", 68.4, (69.0, 70.0)),
    Row("C", "ところざわほっとメール登録者数", "人", 23106, (31000, 33000)),
    Row("C", "ボランティア情報配信サービス登録者数", "人", 1233, (1420, 1640)),
    # 1 相互理解・共生の推進
    Row("Ⅰ/1", "障害者週間記念事業来場者数", "人", 332, (550, 550)),
    Row("Ⅰ/1", "障害者就労施設等からの物品等の調達実績額", "円", 8572349, (9000000, 9300000)),
    Row("Ⅰ/1", "ところざわ就労支援センター登録者の就職者数", "人", 631, (790, 850)),
    Row(
        "Ⅰ/1",
        "総合的な学習の時間に福祉を取り上げている学校の割合",
        "％",
        83.0,
        (83.0, 83.0),
        ratio=(39, 47, "校"),
        target_ratios=True,
    ),
    Row("Ⅰ/1", "ボランティア体験に参加した人数", "人", 192, (220, 250)),
    # 2 地域活動の促進
    Row(
        "Ⅰ/2",
        "地域づくり支援事業への地域住民の参加人数",
        "人",
        130995,
        (115000, 118000),
        footnotes=("54",),
    ),
    Row("Ⅰ/2", "自治会・町内会の加入世帯数", "世帯", 98026, (98300, 98600)),
    Row("Ⅰ/2", "市民活動支援センターの利用者数", "人", 3201, (3640, 3730), footnotes=("55",)),
    # 3 地域で活躍する人材の育成
    Row("Ⅰ/3", "社会福祉協議会による出前講座の利用件数", "件", 23, (38, 50)),
    Row("Ⅰ/3", "地域福祉サポーターの登録者数", "人", 225, (285, 345)),
    Row("Ⅰ/3", "生涯学習ボランティア人材バンク登録者数", "人", 134, (150, 150)),
    # 4 地域の居場所づくり、拠点の活用
    Row(
        "Ⅰ/4",
        "こどもと福祉の未来館の利用者数（こども支援センター含む）",
        "人",
        179792,
        (160020, 169700),
    ),
    Row(
        "Ⅰ/4",
        "地域子育て支援拠点事業実施施設のある中学校区数",
        "中学校区",
        13,
        (15, 15),
        footnotes=("67",),
        notes=("全26施設", None, None),
    ),
    Row("Ⅰ/4", "高齢者の通いの場の数", "箇所", 128, (123, 132), footnotes=("68",)),
    Row("Ⅰ/4", "子ども食堂等子どもの居場所の設置数", "箇所", 35, (41, 47)),
    # 5 住民同士の見守り・支え合いの推進
    Row("Ⅱ/5", "ファミリーサポート事業の利用件数", "件", 17988, (17000, 17000)),
    Row(
        "Ⅱ/5",
        "認知症サポーター養成講座受講者数（累計）",
        "人",
        22518,
        (33000, 40500),
        cumulative=True,
    ),
    # 6 地域福祉を進めるネットワークの強化
    Row("Ⅱ/6", "民生委員・児童委員による相談支援件数", "件", 5542, (6000, 6000), footnotes=("81",)),
    Row(
        "Ⅱ/6",
        "生活支援コーディネーターや協議体の活動を通じて把握する地域における社会資源の数",
        "個",
        796,
        (863, 905),
    ),
    # 7 地域で活躍する団体への支援
    Row(
        "Ⅱ/7",
        "こどもと福祉の未来館（地域福祉センター）に登録している利用者団体数",
        "団体",
        209,
        (250, 280),
    ),
    Row("Ⅱ/7", "「応援します！地域福祉活動助成事業」の助成件数", "件", 60, (60, 60)),
    Row("Ⅱ/7", "社会福祉協議会の職員数に占める正規職員数の割合", "％", 71.4, (80.9, 85.7)),
    Row("Ⅱ/7", "民生委員・児童委員の充足率", "％", 94.6, (100, 100), ratio=(469, 496, None)),
    # 8 権利擁護の推進
    Row(
        "Ⅲ/8",
        "所沢市障害のある人もない人も共に生きる社会づくり条例の周知のための出前講座開催数",
        "回",
        16,
        (5, 5),
    ),
    Row("Ⅲ/8", "人権教育に関する講座の参加者の理解度", "％", 92, (96, 99)),
    Row("Ⅲ/8", "更生保護サポートセンターにおける活動件数", "件", 547, (587, 617)),
    # 9 生活困難者等への支援
    Row("Ⅲ/9", "生活困窮者自立支援事業の新規相談者数", "人", 1119, (None, None), not_set=True),
    Row("Ⅲ/9", "生活保護受給者に対する就労支援事業の利用者数", "人", 544, (540, 540)),
    Row("Ⅲ/9", "フードドライブによる支援件数", "件", 520, (560, 560)),
    # 10 災害時等の安心・安全の仕組みづくり
    Row("Ⅲ/10", "避難行動要支援者名簿登載同意者数", "人", 6880, (6900, 6900)),
    Row("Ⅲ/10", "災害時における福祉避難所施設利用に関する協定締結件数", "件", 18, (21, 21)),
    Row("Ⅲ/10", "災害ボランティアセンター市民スタッフ登録者数", "人", 59, (80, 100)),
    # 11 誰もが住み続けられる地域づくり
    Row("Ⅲ/11", "住宅・住環境に関する施策の満足度", "％", 42.9, (68.0, 69.5)),
    Row(
        "Ⅲ/11",
        "埼玉県住まい安心支援ネットワークにおけるあんしん賃貸住まいサポート店の数",
        "軒",
        5,
        (5, 5),
    ),
    Row(
        "Ⅲ/11",
        "駅ボランティア登録者数（累計）",
        "人",
        2460,
        (2760, 3060),
        footnotes=("104",),
        cumulative=True,
    ),
    Row(
        "Ⅲ/11",
        "防犯パトロール用品の貸出件数",
        "件",
        31,
        (39, 45),
        notes=("267点", "279点", "288点"),
    ),
]


def _indicators(plan: Obj) -> list[tuple[str, Obj]]:
    """(node key, indicator) for every indicator of the plan, in printed order."""
    return [(n["key"], i) for n in walk(plan["nodes"]) for i in n["indicators"]]


def test_47_indicators_in_the_whole_plan(plan: Obj) -> None:
    assert len(INDICATORS) == 47
    assert len(_indicators(plan)) == 47
    assert all(not n["indicators"] for s in plan["sub_plans"] for n in walk(s["nodes"]))


def _expected(row: Row) -> Obj:
    numerator, denominator, ratio_unit = row.ratio or (None, None, None)
    targets = []
    for year, value, note in zip(TARGET_YEARS, row.targets, row.notes[1:], strict=True):
        targets.append(
            {
                "fiscal_year": year,
                "value": value,
                "direction": None,
                "qualifier": None,
                "numerator": numerator if row.target_ratios else None,
                "denominator": denominator if row.target_ratios else None,
                "note": note,
                "mentions_covid": row.not_set,
            }
        )
    return {
        "node": row.node,
        "name": row.name,
        "unit": row.unit,
        "footnotes": list(row.footnotes),
        "cumulative": row.cumulative,
        "numerator": numerator,
        "denominator": denominator,
        "ratio_unit": ratio_unit,
        "responsible": [],  # no 担当 is printed in seed 004
        "baseline": {"fiscal_year": BASE_YEAR, "value": row.baseline, "note": row.notes[0]},
        "targets": targets,
        "real_actuals": [],  # no 実績値 is printed: every yearly value is a sample
    }


def _got(node: str, indicator: Obj) -> Obj:
    return {
        "node": node,
        "name": indicator["name"],
        "unit": indicator["unit"],
        "footnotes": indicator["footnotes"],
        "cumulative": indicator["cumulative"],
        "numerator": indicator["numerator"],
        "denominator": indicator["denominator"],
        "ratio_unit": indicator["ratio_unit"],
        "responsible": indicator["responsible"],
        "baseline": {k: indicator["baseline"][k] for k in ("fiscal_year", "value", "note")},
        "targets": [
            {
                **{k: t[k] for k in ("fiscal_year", "value", "direction", "qualifier")},
                **{k: t[k] for k in ("numerator", "denominator", "note")},
                "mentions_covid": COVID in (t["not_set_reason"] or ""),
            }
            for t in indicator["targets"]
        ],
        "real_actuals": [a for a in indicator["actuals"] if not a["sample"]],
    }


@pytest.mark.parametrize(
    ("n", "row"),
    list(enumerate(INDICATORS)),
    ids=[f"{n + 1:02d}-{_ascii(row.node)}" for n, row in enumerate(INDICATORS)],
)
def test_indicator(plan: Obj, n: int, row: Row) -> None:
    """The n-th indicator of the plan, in printed order, is the printed one, value for value."""
    node, indicator = _indicators(plan)[n]
    got, want = _got(node, indicator), _expected(row)
    assert got == want
    assert repr(got) == repr(want), "int and float differ: the decimals printed are kept"
    if not row.not_set:
        assert all(t["not_set_reason"] is None for t in indicator["targets"])


# -- the narratives are the printed text -------------------------------------------------------

SECTION_TITLES = ["現状・これまでの主な取り組み", "課題"]
MEASURE_SECTION_TITLES = [*SECTION_TITLES, "取り組みの方向性", "６年後のめざす姿"]


@pytest.mark.parametrize("key", MEASURES, ids=[_ascii(k) for k in MEASURES])
def test_section_titles(plan: Obj, key: str) -> None:
    titles = [s["title"] for s in nodes_by_key(plan)[key]["sections"]]
    assert titles == (SECTION_TITLES if key in {"A", "B", "C"} else MEASURE_SECTION_TITLES)


@pytest.mark.parametrize("key", MEASURES, ids=[_ascii(k) for k in MEASURES])
def test_sections_are_in_the_seed(plan: Obj, key: str) -> None:
    """Every line of every section body is printed in the seed (radicals mapped, spaces ignored)."""
    seed = seed_text(SEED)
    sections = nodes_by_key(plan)[key]["sections"]
    assert sections
    assert {s["title"]: missing_from(seed, s["body"]) for s in sections} == {
        s["title"]: [] for s in sections
    }


# What the seed prints right after a section body: the next heading (●), a footnote number, the
# ▶ list (主な取り組み) or the message to citizens (そのために…).
_AFTER_A_SECTION = r"(?=●|\d|主な取り組み|そのために)"


@pytest.mark.parametrize("key", MEASURES, ids=[_ascii(k) for k in MEASURES])
def test_sections_are_whole_passages_of_the_seed(plan: Obj, key: str) -> None:
    """Each section body, its lines joined, is the whole passage under its ● heading: nothing left
    out at the start, in the middle or at the end."""
    seed = squash(printed(seed_text(SEED)))
    sections = nodes_by_key(plan)[key]["sections"]
    passage = [re.escape(squash(f"●{s['title']}{s['body']}")) + _AFTER_A_SECTION for s in sections]
    assert [
        s["title"] for s, p in zip(sections, passage, strict=True) if not re.search(p, seed)
    ] == []


@pytest.mark.parametrize("key", MEASURES, ids=[_ascii(k) for k in MEASURES])
def test_footnotes_messages_and_columns_are_in_the_seed(plan: Obj, key: str) -> None:
    seed = seed_text(SEED)
    node = nodes_by_key(plan)[key]
    texts = {
        **{f"footnote {f['number']}": f["text"] for f in node["footnotes"]},
        **{f"message {m['label']}": "\n".join(m["items"]) for m in node["messages"]},
        **{f"column {c['title']}": f"{c['title']}\n{c['body']}" for c in node["columns"]},
        **{f"indicator note {i}": t for i, t in enumerate(node["indicator_notes"])},
    }
    assert {k: missing_from(seed, t) for k, t in texts.items()} == {k: [] for k in texts}


INDICATOR_NOTE = (
    "※社会情勢の影響により、令和２年度の実績が著しく低く見込まれる場合、増加・維持をめざす指標であっても"
    "目標値が現況値より低い数値となることがあります。"
)


@pytest.mark.parametrize("key", MEASURES, ids=[_ascii(k) for k in MEASURES])
def test_indicator_notes(plan: Obj, key: str) -> None:
    """The ※ note is printed under every 基本施策's table, not under 重点施策 A–C's."""
    notes = nodes_by_key(plan)[key]["indicator_notes"]
    assert notes == ([] if key in {"A", "B", "C"} else [INDICATOR_NOTE])


FOOTNOTES = {
    "A": range(34, 44),
    "B": range(44, 48),
    "C": range(48, 51),
    "Ⅰ/1": range(51, 53),
    "Ⅰ/2": range(53, 56),
    "Ⅰ/3": range(56, 62),
    "Ⅰ/4": range(62, 69),
    "Ⅱ/5": range(69, 77),
    "Ⅱ/6": range(77, 82),
    "Ⅱ/7": range(82, 85),
    "Ⅲ/8": range(85, 91),
    "Ⅲ/9": range(91, 96),
    "Ⅲ/10": range(96, 100),
    "Ⅲ/11": range(100, 105),
}


@pytest.mark.parametrize("key", list(FOOTNOTES), ids=[_ascii(k) for k in FOOTNOTES])
def test_footnotes_printed_on_the_pages_of_a_node(plan: Obj, key: str) -> None:
    """The footnotes 34–104 on the pages of each node; each text printed after its number."""
    seed = squash(printed(seed_text(SEED)))
    footnotes = nodes_by_key(plan)[key]["footnotes"]
    assert [f["number"] for f in footnotes] == [str(n) for n in FOOTNOTES[key]]
    assert [f["number"] for f in footnotes if squash(f"{f['number']}{f['text']}") not in seed] == []


# そのために…市民の皆さんへ、トコろんからのメッセージ: the whole message of each 基本施策.
MESSAGES = {
    "Ⅰ/1": "異なる立場や価値観があることを知り、尊重し合いましょう。"
    "福祉学習の機会に参加してみましょう。",
    "Ⅰ/2": "災害などの緊急時は、お隣や近所の方が頼りになるものです。"
    "まずは身近な地域のことに興味を持ち、地域のイベントから、気軽に参加してみましょう。",
    "Ⅰ/3": "ご自身の都合に合わせてできることがあります。知り合いや友人と一緒でも構いません。"
    "気軽にボランティア体験等に参加してみましょう。",
    "Ⅰ/4": "地域には様々な世代・立場の方が集える居場所があります。"
    "身近な場所でどのような活動があるか調べてみましょう。",
    "Ⅱ/5": "地域で支援が必要な人がいるか、考えてみましょう。"
    "ちょっとしたことでも結構です。地域で気になることについて、なにかできることがあるか"
    "考えてみましょう。",
    "Ⅱ/6": "地域では、関係機関のほか、様々な個人・団体が福祉活動を行っています。"
    "ご自身の地域ではどのような担い手がいるか、どのような活動が展開されているか、"
    "調べてみましょう。",
    "Ⅱ/7": "地域で活動する様々な団体へのご理解・ご協力をお願いします。"
    "団体への支援として、寄付等へのご理解・ご協力をお願いします。"
    "こどもと福祉の未来館、市民活動支援センター、社会福祉協議会などでは様々な団体の紹介を"
    "行っています。ご自身の力を発揮できる場はないか調べてみましょう。",
    "Ⅲ/8": "異なる立場や価値観があることを知り、尊重し合いましょう。"
    "人権問題に関する講座などに参加してみましょう。",
    "Ⅲ/9": "身近に支援が必要な方がいるか、またどのような支援ができるか、考えてみましょう。"
    "ご自身のできる範囲で結構です。困っている人がいたら、見守り、話しかけ、"
    "手を差し伸べてみましょう。",
    "Ⅲ/10": "日頃から災害に備えておきましょう。"
    "身近に避難することが難しい人がいないか、確認しておきましょう。"
    "災害が起こったときは、助け合い、できることに取り組みましょう。",
    "Ⅲ/11": "日頃、何気なく利用している駅、道路、施設などにも、人によっては障害になる箇所が"
    "あります。困っている人を見かけたら声をかけてみましょう。",
}


@pytest.mark.parametrize("key", MEASURES, ids=[_ascii(k) for k in MEASURES])
def test_message_to_citizens(plan: Obj, key: str) -> None:
    """The whole message, to 市民, however it is cut into items; none on 重点施策 A–C."""
    messages = nodes_by_key(plan)[key]["messages"]
    got = [(m["audience"], squash("".join(m["items"]))) for m in messages]
    assert got == ([("resident", squash(MESSAGES[key]))] if key in MESSAGES else [])
    seed = squash(printed(seed_text(SEED)))
    assert [m["label"] for m in messages if squash(m["label"] or "") not in seed] == []
