"""Hypothesis: no input crashes the reader with anything but DocumentError, and indicator rows
written in the table layouts plans use come back as written."""

from __future__ import annotations

import contextlib
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sasaeai.documents import DocumentError, read_document_bytes
from sasaeai.documents.extract import extract_bytes
from tests.documents.helpers import indicators

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    try:
        read_document_bytes(data, "random.bin")
    except DocumentError as exc:
        assert str(exc).startswith("random.bin: ")


@SETTINGS
@given(st.text(max_size=600))
def test_random_text(text: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        with contextlib.suppress(DocumentError):
            read_document_bytes(text.encode(encoding, "surrogatepass"), "random.txt")


_PLAN_WORDS = st.sampled_from(
    ["基本目標１：", "施策（２）", "指標名 単位", "現況値 目標値", "令和元年度 令和５年度", "▶ ",
     "●課題", "取組 内容 担当", "（※）", "注）", "※", "―", "1,234", "件", "福祉課", "\n", " ",
     "８３．０（３９/４７校）", "増加", "以上", "12", "【市民】", "34 p.4 参照"]
)  # fmt: skip


@SETTINGS
@given(st.lists(st.one_of(_PLAN_WORDS, st.text(max_size=8)), max_size=80))
def test_plan_like_text(parts: list[str]) -> None:
    with contextlib.suppress(DocumentError):
        read_document_bytes("".join(parts).encode("utf-8", "surrogatepass"), "plan.txt")


@SETTINGS
@given(st.binary(max_size=300))
def test_random_bytes_after_a_pdf_signature(data: bytes) -> None:
    with contextlib.suppress(DocumentError):
        extract_bytes(b"%PDF-1.4\n" + data, "random.pdf")


_NAME_CHARS = "地域福祉活動相談支援センター利用登録者協議会見守りボランティア講座受講"
_NAMES = st.text(alphabet=_NAME_CHARS, min_size=3, max_size=30).map(lambda s: s + "の件数")
_UNITS = st.sampled_from(["人", "件", "回", "箇所", "世帯", "団体", "％"])
_VALUES = st.integers(min_value=0, max_value=9_999_999)
_ROW = st.tuples(_NAMES, _UNITS, _VALUES, _VALUES, _VALUES, st.integers(min_value=0, max_value=25))


def _number(value: int, full_width: bool) -> str:
    text = f"{value:,}"
    return (
        text.translate(str.maketrans("0123456789,", "０１２３４５６７８９，"))
        if full_width
        else text
    )


@settings(max_examples=100, deadline=None)
@given(st.lists(_ROW, min_size=1, max_size=6), st.booleans())
def test_indicator_rows_round_trip(rows: list[tuple[Any, ...]], full_width: bool) -> None:
    lines = [
        "基本施策１ テストの施策",
        "指標名 単位 現況値 目標値 目標値",
        "令和元年度 令和５年度 令和８年度",
    ]
    for name, unit, base, first, second, cut in rows:
        values = " ".join(_number(v, full_width) for v in (base, first, second))
        if 3 <= cut < len(name):  # a name broken across two lines, as PDFs do
            lines += [name[:cut], f"{name[cut:]} {unit} {values}"]
        else:
            lines.append(f"{name} {unit} {values}")
    draft = read_document_bytes("\n".join(lines).encode(), "rows.txt")
    got = [
        (
            i["name"],
            i["unit"],
            i["baseline"]["value"],
            [t["value"] for t in i["targets"]],
            [t["fiscal_year"] for t in i["targets"]],
            i["confidence"],
        )
        for _, i in indicators(draft["nodes"])
    ]
    want = [
        (name, unit, base, [first, second], [2023, 2026], 1.0)
        for name, unit, base, first, second, _ in rows
    ]
    assert got == want
