"""下野市 (seed 003, 第２期計画 事業進捗のまとめ（確定版）) as the demo plan `shimotsuke` holds it.

Every expected value below is typed from the seed text, not from the YAML.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.demo import Obj, export_demo, missing_from, seed_text, squash, walk

SEED = "003"
COMMITTEE = "第２期計画推進委員会"

GOALS = [
    (
        "1",
        "ふれあい、支え合い、助け合いの輪が広がる地域づくり",
        [
            ("①", "ふれあい交流の促進"),
            ("②", "地域交流の場となる拠点づくり"),
            ("③", "地域を支え、育むコミュニティづくり"),
            ("④", "支え合いネットワークの充実"),
        ],
    ),
    (
        "2",
        "安全・安心な暮らしやすいまちづくり",
        [
            ("①", "福祉サービスの充実"),
            ("②", "健康づくりの推進"),
            ("③", "防犯・防災体制の充実"),
            ("④", "バリアフリーの推進"),
            ("⑤", "生きがいづくりの支援"),
        ],
    ),
    (
        "3",
        "地域福祉を推進するためのしくみづくり",
        [
            ("①", "相談体制の充実"),
            ("②", "広報・啓発活動の強化"),
            ("③", "福祉・人権教育の推進"),
            ("④", "地域リーダーの育成"),
            ("⑤", "ボランティアの育成"),
        ],
    ),
]
MEASURES = [f"{goal}/{code}" for goal, _, measures in GOALS for code, _ in measures]
# Each 取組 has one row for 市 and then one for 社協, in that order.
ENTRIES = [(key, actor) for key in MEASURES for actor in ("city", "council")]


@pytest.fixture(scope="module")
def plan(django_db_setup: Any, django_db_blocker: Any) -> Obj:
    return export_demo(django_db_blocker, "shimotsuke")


def _id(key: str, actor: str | None = None) -> str:
    """An ASCII test id: 1/① → 1-1, with the actor."""
    goal, _, code = key.partition("/")
    number = "①②③④⑤".index(code) + 1
    return f"{goal}-{number}" + (f"-{actor}" if actor else "")


def test_three_goals_and_fourteen_measures(plan: Obj) -> None:
    got = [
        (g["code"], g["title"], [(m["code"], m["title"]) for m in g["children"]])
        for g in plan["nodes"]
    ]
    assert got == GOALS
    assert len(MEASURES) == 14
    assert [n["key"] for n in walk(plan["nodes"]) if "/" in n["key"]] == MEASURES


def _cycle(plan: Obj) -> Obj:
    (cycle,) = plan["cycles"]
    return cycle


def test_one_confirmed_cycle(plan: Obj) -> None:
    cycle = _cycle(plan)
    assert (cycle["status"], cycle["confirmed_by"], cycle["fiscal_year"]) == (
        "confirmed",
        COMMITTEE,
        None,
    )
    assert squash(cycle["title"]) == squash("第２期計画 事業進捗のまとめ(確定版)")


def test_28_entries_in_printed_order(plan: Obj) -> None:
    entries = _cycle(plan)["entries"]
    assert len(ENTRIES) == 28
    assert [(e["node"], e["actor"]) for e in entries] == ENTRIES


@pytest.mark.parametrize(
    ("n", "key", "actor"),
    [(n, key, actor) for n, (key, actor) in enumerate(ENTRIES)],
    ids=[_id(key, actor) for key, actor in ENTRIES],
)
def test_entry_is_the_printed_row(plan: Obj, n: int, key: str, actor: str) -> None:
    """進捗状況 and 課題 are in the seed, in this row: 課題 printed right after 進捗状況,
    after the previous row's, under this 取組's title."""
    seed = seed_text(SEED)
    entries = _cycle(plan)["entries"]
    entry = entries[n]
    assert (entry["node"], entry["actor"]) == (key, actor)
    assert entry["progress"] and entry["issues"]
    assert missing_from(seed, entry["progress"]) == []
    assert missing_from(seed, entry["issues"]) == []
    text = squash(seed)
    row = squash(entry["progress"] + entry["issues"])
    assert row in text, "課題 is printed right after 進捗状況"
    position = text.index(row)
    if n:
        previous = entries[n - 1]
        assert text.index(squash(previous["progress"] + previous["issues"])) < position
    goal, _, code = key.partition("/")
    title = dict(dict((g, m) for g, _, m in GOALS)[goal])[code]
    heading = text.index(f"基本目標{'１２３'[int(goal) - 1]}")  # printed with a full-width digit
    assert text.index(squash(title), heading) < position
    assert (entry["department"], entry["next_steps"], entry["self_rating"]) == (None, None, None)


def test_the_confirmation_note_is_printed(plan: Obj) -> None:
    seed = seed_text(SEED)
    assert f"※この内容は、{COMMITTEE}において確定したものです。" in squash(seed)
