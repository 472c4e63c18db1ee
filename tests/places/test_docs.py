"""docs/places.md kept true to the code: its schedule examples read and show as it says."""

from pathlib import Path

import pytest

from sasaeai.places.schedule import parse, render

DOC = Path(__file__).resolve().parents[2] / "docs" / "places.md"


def _examples() -> list[list[str]]:
    """Return the rows of the table that follows the header `| typed | shown | …`."""
    lines = DOC.read_text(encoding="utf-8").split("| typed | shown |", 1)[1].splitlines()[2:]
    rows = []
    for line in lines:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split("|")])
    assert len(rows) >= 5
    return rows


@pytest.mark.parametrize("row", _examples(), ids=lambda row: row[0])
def test_every_schedule_example_reads_and_shows_as_documented(row):
    typed, shown, freq, interval, byday = row
    rule = parse(typed)
    assert render(rule) == shown
    assert (rule.freq, str(rule.interval), rule.byday_text) == (freq, interval, byday)


def test_the_documented_tile_default_is_the_setting():
    from django.conf import settings

    assert settings.MAP_TILE_URL in DOC.read_text(encoding="utf-8")
