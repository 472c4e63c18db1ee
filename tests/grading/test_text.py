"""Tests for the text helpers of explanations: 和暦 and numbers."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sasaeai.grading.text import decimals, fy_full, fy_short, num, round_half_up
from sasaeai.lib.wareki import MAX_YEAR, MIN_YEAR, format_fiscal_year


@given(st.integers(min_value=MIN_YEAR, max_value=MAX_YEAR))
def test_wareki_agrees_with_the_library(fy: int) -> None:
    # grading keeps its own copy (it imports nothing of the project); it must not drift
    assert fy_full(fy) == format_fiscal_year(fy)
    assert fy_short(fy) == format_fiscal_year(fy, western=False)


@pytest.mark.parametrize(
    ("fy", "text"),
    [
        (2019, "令和元年度"),
        (2020, "令和2年度"),
        (2018, "平成30年度"),
        (1989, "平成元年度"),
        (1988, "昭和63年度"),
        (1867, "1867年度"),
    ],
)
def test_fy_short(fy: int, text: str) -> None:
    assert fy_short(fy) == text


@pytest.mark.parametrize(
    ("x", "d"),
    [
        (10.0, 0),
        (10.2, 1),
        (1.1, 1),
        (0.1 + 0.2, 1),  # 0.30000000000000004 is 0.3 for a committee
        (11.25, 2),
        (2.675, 3),
        (1 / 3, 3),
        (123_456_789.125, 3),
        (-7.5, 1),
        (float("nan"), 0),
    ],
)
def test_decimals(x: float, d: int) -> None:
    assert decimals(x) == d


@pytest.mark.parametrize(
    ("x", "d", "text"),
    [
        (3232.0, 0, "3,232"),
        (179_792.0, 0, "179,792"),
        (11.0, 1, "11.0"),
        (2.675, 2, "2.68"),  # half up, though 2.675 is 2.67499… in binary
        (0.125, 2, "0.13"),
        (-2.675, 2, "-2.68"),
        (999.96, 1, "1,000.0"),
        (-0.0004, 1, "0.0"),
        (-0.0, 0, "0"),
        (1e20, 0, "100,000,000,000,000,000,000"),
    ],
)
def test_num(x: float, d: int, text: str) -> None:
    assert num(x, d) == text


@pytest.mark.parametrize(
    ("x", "d", "rounded"),
    [
        (0.4444, 3, 0.444),
        (11.1, 2, 11.1),
        (11.105, 2, 11.11),
        (-11.105, 2, -11.11),
        (0.0005, 3, 0.001),
        (1e20, 2, 1e20),
        (float("inf"), 3, float("inf")),
    ],
)
def test_round_half_up(x: float, d: int, rounded: float) -> None:
    assert round_half_up(x, d) == rounded


@given(st.floats(allow_nan=False, allow_infinity=False), st.integers(min_value=0, max_value=3))
def test_round_half_up_is_symmetric(x: float, d: int) -> None:
    assert round_half_up(-x, d) == -round_half_up(x, d)
