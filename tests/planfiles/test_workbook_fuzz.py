"""Whatever a clerk types into the 指標 and 実績 sheets, the reader answers with WorkbookError or
a plan; never with any other exception, and a dry run never writes."""

import io
from datetime import date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from sasaeai.planfiles.workbook import WorkbookError, import_workbook, read_workbook
from sasaeai.plans.models import Plan

from .test_workbook import filled_template, save

BASE = save(filled_template())

TYPED = st.sampled_from(
    [
        "―",
        "－",
        "増加",
        "維持",
        "80以上",
        "83.0（39/47校）",
        "31（267点）",
        "－（※）",
        "令和6年度",
        "平成31年度",
        "R6",
        "令和元年度（2019）",
        "○",
        "×",
        "1/(1)",
        "1/(1)#1",
        "1/(1)#9",
        "サロンの数",
        "３，２３２",
        "(1)",
        "=1+1",
        "▲3",
        "1e400",
        "0.0000001",
        "99999999999999999999",
        "高齢介護課",
        "増加、減少",
        "a\nb",
        "あ" * 301,
    ]
)
TEXT = st.text(max_size=40).filter(lambda s: not ILLEGAL_CHARACTERS_RE.search(s))
VALUES = st.one_of(
    st.none(),
    TYPED,
    TEXT,
    st.integers(min_value=-(10**22), max_value=10**22),
    st.floats(),
    st.booleans(),
    st.dates(min_value=date(1900, 1, 1)),
    st.datetimes(min_value=datetime(1900, 1, 1)),
)
FORMATS = st.sampled_from(["General", "0.0", "0.00%", "#,##0", "@", "yyyy-mm-dd", '0.0"件"'])
EDITS = st.lists(
    st.tuples(
        st.sampled_from(["指標", "実績"]),
        st.integers(min_value=1, max_value=8),
        st.integers(min_value=1, max_value=30),
        VALUES,
        FORMATS,
    ),
    min_size=1,
    max_size=6,
)


def edited(edits: list[tuple[str, int, int, object, str]]) -> bytes:
    book = load_workbook(io.BytesIO(BASE))
    for sheet, row, column, value, number_format in edits:
        cell = book[sheet].cell(row=row, column=column)
        cell.value = value
        cell.number_format = number_format
    return save(book)


@settings(max_examples=150, deadline=None)
@given(EDITS)
def test_reading_edited_cells_never_crashes(edits):
    try:
        data = read_workbook(edited(edits), "fuzz.xlsx")
    except WorkbookError as exc:
        assert exc.problems and all(p.sheet in ("指標", "実績") for p in exc.problems)
    else:
        assert data["slug"] == "rei"


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(EDITS)
def test_a_dry_run_of_edited_cells_validates_or_refuses(db, edits):
    try:
        summary = import_workbook(edited(edits), "fuzz.xlsx", dry_run=True)
    except WorkbookError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
    else:
        assert summary.dry_run and summary.changes["nodes"].created == 3
    assert not Plan.objects.exists()
