"""Layouts the seeds do not show, in documents written for these tests (tests/documents/samples).

glued_units.txt   units glued to values, 以上/以下, a ratio with its unit, 増加/維持, 担当課,
                  a source note on its own line, years in the column headings' brackets
wareki_years.txt  和暦 on their own header line, actual values between baseline and targets,
                  full-width digits with 「，」, 「―」 targets with the 注） that says why
broken_names.txt  names broken inside a bracket, a footnote number on its own line, a unit and
                  each value on lines of their own, R3/R6/R9 years, a row with a missing value
shift_jis.txt     the seed-000 layout, encoded in CP932
"""

from __future__ import annotations

from typing import Any

import pytest

from sasaeai.documents import read_document, strip_review
from sasaeai.planfiles.reader import Document
from sasaeai.planfiles.validate import validate
from tests.documents.helpers import CONFIDENT, SAMPLES, Obj, indicators, walk


def _rows(name: str) -> list[tuple[Any, ...]]:
    draft = read_document(SAMPLES / name)
    return [
        (
            key,
            i["name"],
            i["unit"],
            i["baseline"]["fiscal_year"],
            i["baseline"]["value"],
            [(t["fiscal_year"], t["value"], t["direction"], t["qualifier"]) for t in i["targets"]],
        )
        for key, i in indicators(draft["nodes"])
    ]


def _by_name(name: str) -> dict[str, Obj]:
    return {i["name"]: i for _, i in indicators(read_document(SAMPLES / name)["nodes"])}


def test_units_glued_to_values_and_qualifiers() -> None:
    assert _rows("glued_units.txt") == [
        ("1/(1)", "見守り協力員の登録者数", "人", 2022, 120, [(2026, 150, None, "以上")]),
        ("1/(1)", "ふれあいサロンの数", "か所", 2022, 45, [(2026, 50, None, "以上")]),
        ("1/(1)", "孤立を感じる市民の割合", "％", 2022, 12.5, [(2026, 10.0, None, "以下")]),
        (
            "1/(1)",
            "避難行動要支援者名簿の同意率",
            "％",
            2022,
            62.0,
            [(2026, None, "increase", None)],
        ),
        ("1/(1)", "民生委員の欠員数", "人", 2022, 3, [(2026, None, "maintain", None)]),
        ("1/(2)", "総合相談窓口の相談件数", "件", 2022, 1850, [(2026, 2000, None, None)]),
    ]
    rows = _by_name("glued_units.txt")
    ratio = rows["避難行動要支援者名簿の同意率"]
    assert (ratio["numerator"], ratio["denominator"], ratio["ratio_unit"]) == (310, 500, "人")
    survey = rows["孤立を感じる市民の割合"]
    assert (survey["source_note"], survey["survey"], survey["responsible"]) == (
        "市民意識調査",
        True,
        ["福祉課"],
    )


def test_the_action_table_of_a_measure() -> None:
    draft = read_document(SAMPLES / "glued_units.txt")
    nodes = dict(walk(draft["nodes"]))
    [action] = nodes["1/(2)"]["actions"]
    assert action["title"] == "総合相談の充実"
    assert action["departments"] == ["福祉課", "長寿支援課"]
    assert action["content"].endswith("関係機関につなぎます。")
    assert action["unsure"] == ["市・社協のどちらの取組か書かれていません"]


def test_wareki_years_actuals_and_targets_not_set() -> None:
    rows = _by_name("wareki_years.txt")
    meeting = rows["地域福祉懇談会の参加者数"]
    assert (meeting["baseline"]["fiscal_year"], meeting["baseline"]["value"]) == (2018, 1234)
    assert [(a["fiscal_year"], a["value"]) for a in meeting["actuals"]] == [
        (2019, 890),
        (2020, 950),
    ]
    assert [(t["fiscal_year"], t["value"]) for t in meeting["targets"]] == [
        (2023, 1500),
        (2028, 2000),
    ]
    petitions = rows["成年後見制度の町長申立件数"]
    reason = "件数は需要によるため、目標値は設定しません。"
    assert [(t["value"], t["not_set_reason"]) for t in petitions["targets"]] == [(None, reason)] * 2
    rate = rows["自主防災組織の結成率"]
    assert [repr(a["value"]) for a in rate["actuals"]] == ["74.0", "75.1"]


def test_headings_with_a_full_width_space_and_a_subtitle() -> None:
    draft = read_document(SAMPLES / "wareki_years.txt")
    tree = [(key, n["title"], n["subtitle"]) for key, n in walk(draft["nodes"])]
    assert tree == [
        ("Ⅰ", "だれもが参加できる地域づくり", "（ひとづくり）"),
        ("Ⅰ/(1)", "地域の担い手を育てる", None),
        ("Ⅱ", "安心して暮らせる地域づくり", None),
        ("Ⅱ/(1)", "災害に備える", None),
    ]
    assert [a["title"] for a in dict(walk(draft["nodes"]))["Ⅰ/(1)"]["actions"]] == [
        "担い手養成講座の開催",
        "地域福祉コーディネーターの配置と活動の支援",
    ]


def _t(middle: float, last: float) -> list[tuple[Any, ...]]:
    return [(2024, middle, None, None), (2027, last, None, None)]


def test_names_broken_across_lines_with_footnote_numbers() -> None:
    two = [(2024, 5000, None, None), (2027, 5500, None, None)]
    assert _rows("broken_names.txt") == [
        ("A", "地域包括支援センターの相談件数", "件", 2021, 4512, two),
        ("A", "ボランティアセンター登録者数（累計）", "人", 2021, 1020, _t(1300, 1600)),
        ("A", "福祉教育を実施している小学校の割合", "％", 2021, 85.0, _t(90.0, 100)),
        ("A", "福祉教育の実施校数", "校", 2021, 18, [(2024, 20, None, None)]),
        ("A", "子ども食堂の数", "箇所", 2021, 12, _t(15, 18)),
    ]
    rows = _by_name("broken_names.txt")
    assert rows["地域包括支援センターの相談件数"]["footnotes"] == ["12"]
    assert rows["ボランティアセンター登録者数（累計）"]["cumulative"] is True
    share = rows["福祉教育を実施している小学校の割合"]
    assert (share["numerator"], share["denominator"], share["ratio_unit"]) == (17, 20, "校")


def test_a_row_with_a_missing_value_is_marked_not_guessed() -> None:
    row = _by_name("broken_names.txt")["福祉教育の実施校数"]
    assert row["confidence"] < CONFIDENT
    assert row["unsure"] == ["値が3列のはずが2つしか読めません（空欄にしました）"]
    assert len(row["targets"]) == 1  # the 最終目標 is left out, not invented


def test_a_shift_jis_file_reads_like_utf8() -> None:
    draft = read_document(SAMPLES / "shift_jis.txt")
    rows = {i["name"]: i for _, i in indicators(draft["nodes"])}
    assert list(rows) == [
        "見守り活動に参加している市民の割合",
        "あんしん見守りネットワークの協力事業者数",
        "見守り訪問の件数",
    ]
    share = rows["見守り活動に参加している市民の割合"]
    assert (share["unit"], share["baseline"]["value"], share["targets"][0]["direction"]) == (
        "％",
        8.4,
        "increase",
    )
    assert share["source_note"] == "市民アンケート調査：12ページ参照"
    partners = rows["あんしん見守りネットワークの協力事業者数"]
    assert (partners["unit"], partners["responsible"]) == (None, ["地域福祉課", "社会福祉協議会"])
    visits = rows["見守り訪問の件数"]
    assert visits["baseline"] == {
        "fiscal_year": 2021,
        "value": None,
        "note": "令和３年度は訪問を休止したため実績なし",
    }
    [action] = dict(walk(draft["nodes"]))["2/3/(1)"]["actions"]
    assert (action["actor"], action["title"]) == ("city", "見守りネットワークの拡充")


SAMPLE_FILES = ["glued_units.txt", "wareki_years.txt", "broken_names.txt", "shift_jis.txt"]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_every_confident_row_has_all_its_cells(name: str) -> None:
    for _, row in indicators(read_document(SAMPLES / name)["nodes"]):
        if row["confidence"] >= CONFIDENT:
            assert row["baseline"]["fiscal_year"] is not None, row["name"]
            assert all(t["fiscal_year"] for t in row["targets"]), row["name"]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_each_sample_draft_is_a_valid_plan_file(name: str) -> None:
    validate(Document(data=strip_review(read_document(SAMPLES / name)), name=name))
