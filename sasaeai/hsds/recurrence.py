"""Say an RFC 5545 recurrence in Japanese: MONTHLY 2TU,4TU → 毎月第2・第4火曜 10:00〜12:00.

Plain values in, text out: no Django, no ORM, so that the public pages can say it the same way.
"""

import re
from datetime import time

WEEKDAYS = {"MO": "月", "TU": "火", "WE": "水", "TH": "木", "FR": "金", "SA": "土", "SU": "日"}
_DAY = re.compile(r"^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$")


def parse_byday(byday: str) -> list[tuple[int | None, str]] | None:
    """Return `2TU,4TU` as [(2, "TU"), (4, "TU")], or None when a part is not RFC 5545 BYDAY."""
    parts = [p.strip().upper() for p in byday.split(",") if p.strip()]
    matches = [_DAY.match(p) for p in parts]
    if not parts or not all(matches):
        return None
    return [(int(m[1]) if m[1] else None, m[2]) for m in matches if m]


def describe(freq: str, interval: int, byday: str, opens: time | None, closes: time | None) -> str:
    """Return the recurrence in Japanese, falling back to the raw BYDAY when it cannot be read."""
    days = parse_byday(byday)
    when = _days(freq, days) if days else byday
    return f"{_every(freq, interval)}{when}{_hours(opens, closes)}"


def _every(freq: str, interval: int) -> str:
    if freq == "WEEKLY":
        return {1: "毎週", 2: "隔週"}.get(interval, f"{interval}週ごと")
    return "毎月" if interval <= 1 else f"{interval}か月ごと"


def _days(freq: str, days: list[tuple[int | None, str]]) -> str:
    weekdays = {day for _, day in days}
    ordinals = [n for n, _ in days]
    if freq == "MONTHLY" and len(weekdays) == 1 and all(ordinals):
        return "・".join(_ordinal(n) for n in ordinals if n) + f"{WEEKDAYS[days[0][1]]}曜"
    if all(n is None for n in ordinals):
        text = "・".join(WEEKDAYS[day] for _, day in days) + "曜"
        return text if freq == "WEEKLY" else f"の毎週{text}"
    return "・".join(f"{_ordinal(n) if n else '毎週'}{WEEKDAYS[day]}曜" for n, day in days)


def _ordinal(n: int) -> str:
    return f"第{n}" if n > 0 else ("最終" if n == -1 else f"最後から{-n}番目の")


def _hours(opens: time | None, closes: time | None) -> str:
    if opens and closes:
        return f" {opens:%H:%M}〜{closes:%H:%M}"
    if opens:
        return f" {opens:%H:%M}から"
    return f" {closes:%H:%M}まで" if closes else ""
