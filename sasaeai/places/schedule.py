"""When a gathering place meets, in words: 「毎月第2・第4火曜 10:00–12:00」 ⇄ the RFC 5545 fields.

Pure logic: plain values in, plain values out, no ORM. A schedule is a recurrence as in RFC 5545
(and HSDS's schedule): `freq` WEEKLY or MONTHLY, an `interval`, and `byday` written as RFC 5545
writes it: `TU` (every Tuesday), `2TU,4TU` (the 2nd and 4th Tuesdays), `-1FR` (the last Friday).

The phrase a clerk types, and the one every page shows, is

    <くり返し><曜日>[ <時刻>][（補足）]

- くり返し: 毎週, 隔週, N週ごと, 毎月, 隔月, Nか月ごと (ヶ月・カ月 also read);
- 曜日: 毎週・隔週 list weekdays (`月・木曜`); 毎月 puts 第1〜第5 or 最終 before each weekday,
  several sharing one weekday (`第2・第4火曜`, `第1月曜・最終金曜`);
- 時刻: `10:00–12:00` (any dash, 〜 or から), or only the start (`10:00から`);
- 補足: anything in （） at the end (`（祝日は休み）`).
Full-width digits and colons are read as half-width.
"""

import re
import unicodedata
from dataclasses import dataclass
from datetime import time

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
WEEKDAY_JA = dict(zip(WEEKDAYS, "月火水木金土日", strict=True))
WEEKDAY_CODE = {ja: code for code, ja in WEEKDAY_JA.items()}
WEEKLY, MONTHLY = "WEEKLY", "MONTHLY"
MAX_INTERVAL = 12
# 最終 is -1; "the second last Tuesday" is not how a salon is announced, so -2… are refused.
ORDINALS = (1, 2, 3, 4, 5, -1)


class ScheduleError(ValueError):
    """A schedule that cannot be read or does not hold together; the message says why."""


@dataclass(frozen=True)
class DayRef:
    """One BYDAY entry: a weekday, and for a monthly rule which one of the month (-1 = last)."""

    weekday: str
    ordinal: int | None = None

    def rfc(self) -> str:
        return f"{self.ordinal or ''}{self.weekday}"


@dataclass(frozen=True)
class Rule:
    """The fields of one schedule, as Schedule stores them (byday as parsed DayRefs)."""

    freq: str
    byday: tuple[DayRef, ...]
    interval: int = 1
    opens_at: time | None = None
    closes_at: time | None = None
    description: str = ""

    @property
    def byday_text(self) -> str:
        return format_byday(self.byday)


# --- byday ---------------------------------------------------------------------------------

_TOKEN = re.compile(r"([+-]?\d+)?([A-Z]{2})")


def parse_byday(text: str) -> tuple[DayRef, ...]:
    """Return the DayRefs of an RFC 5545 BYDAY value (`2TU,4TU`), or raise naming the bad token."""
    tokens = [t.strip().upper() for t in text.split(",")]
    if not any(tokens):
        raise ScheduleError("曜日が指定されていません（例：TU、2TU,4TU、-1FR）。")
    refs = tuple(_parse_token(token) for token in tokens)
    for i, ref in enumerate(refs):
        if ref in refs[:i]:
            raise ScheduleError(f"曜日の指定「{ref.rfc()}」が重複しています。")
    return refs


def _parse_token(token: str) -> DayRef:
    match = _TOKEN.fullmatch(token)
    if not token or not match or match.group(2) not in WEEKDAYS:
        raise ScheduleError(
            f"曜日の指定「{token}」が読めません。MO TU WE TH FR SA SU に、"
            "必要なら第何週（1〜5、最終は -1）を前に付けます（例：2TU、-1FR）。"
        )
    ordinal = int(match.group(1)) if match.group(1) else None
    if ordinal is not None and ordinal not in ORDINALS:
        raise ScheduleError(f"曜日の指定「{token}」の週の番号は 1〜5 か -1（最終）にしてください。")
    return DayRef(match.group(2), ordinal)


def format_byday(refs: tuple[DayRef, ...]) -> str:
    """Return the RFC 5545 BYDAY value of DayRefs: `2TU,4TU`."""
    return ",".join(ref.rfc() for ref in refs)


# --- validation ----------------------------------------------------------------------------


def validate(rule: Rule) -> Rule:
    """Return the rule if it holds together, else raise ScheduleError saying what is wrong."""
    if rule.freq not in (WEEKLY, MONTHLY):
        raise ScheduleError(f"くり返し「{rule.freq}」は WEEKLY（毎週）か MONTHLY（毎月）です。")
    if not 1 <= rule.interval <= MAX_INTERVAL:
        raise ScheduleError(f"間隔は 1〜{MAX_INTERVAL} にしてください（{rule.interval}）。")
    if not rule.byday:
        raise ScheduleError("曜日が指定されていません。")
    for ref in rule.byday:
        _check_ref(rule.freq, ref)
    if rule.closes_at is not None and rule.opens_at is None:
        raise ScheduleError("終了時刻だけでは書けません。開始時刻も入れてください。")
    if rule.opens_at and rule.closes_at and rule.closes_at <= rule.opens_at:
        raise ScheduleError(
            f"終了時刻（{_hm(rule.closes_at)}）は開始時刻（{_hm(rule.opens_at)}）より後にしてください。"
        )
    return rule


def _check_ref(freq: str, ref: DayRef) -> None:
    if freq == WEEKLY and ref.ordinal is not None:
        raise ScheduleError(
            f"毎週の日程に第何週の指定「{ref.rfc()}」は使えません。毎月にするか、曜日だけにしてください。"
        )
    if freq == MONTHLY and ref.ordinal is None:
        raise ScheduleError(
            f"毎月の日程には第何週かが必要です：「{ref.rfc()}」→ 例「2{ref.weekday}」（第2）。"
        )


# --- rule → words --------------------------------------------------------------------------


def render(rule: Rule) -> str:
    """Return the rule in Japanese: 「毎月第2・第4火曜 10:00–12:00（祝日は休み）」."""
    text = _repeat_words(rule.freq, rule.interval) + _days_words(rule.byday)
    if rule.opens_at is not None:
        text += " " + _hm(rule.opens_at)
        text += "–" + _hm(rule.closes_at) if rule.closes_at else "から"
    if rule.description.strip():
        text += f"（{rule.description.strip()}）"
    return text


def _repeat_words(freq: str, interval: int) -> str:
    unit = "週" if freq == WEEKLY else "か月"
    if interval == 1:
        return "毎週" if freq == WEEKLY else "毎月"
    if interval == 2:
        return "隔週" if freq == WEEKLY else "隔月"
    return f"{interval}{unit}ごと"


def _days_words(refs: tuple[DayRef, ...]) -> str:
    """Join days, sharing one 曜 among neighbours of the same weekday: 第2・第4火曜・最終金曜."""
    groups: list[tuple[str, list[int | None]]] = []
    for ref in refs:
        if groups and groups[-1][0] == ref.weekday and ref.ordinal is not None:
            groups[-1][1].append(ref.ordinal)
        else:
            groups.append((ref.weekday, [ref.ordinal]))
    if all(ordinals == [None] for _, ordinals in groups):
        return "・".join(WEEKDAY_JA[w] for w, _ in groups) + "曜"
    return "・".join(
        "・".join(_ordinal_words(o) for o in ordinals) + WEEKDAY_JA[w] + "曜"
        for w, ordinals in groups
    )


def _ordinal_words(ordinal: int | None) -> str:
    return "最終" if ordinal == -1 else f"第{ordinal}"


def _hm(value: time | None) -> str:
    return "" if value is None else f"{value.hour}:{value.minute:02d}"


# --- words → rule --------------------------------------------------------------------------

_REPEAT = re.compile(
    r"(毎週|隔週|毎月|隔月|(\d+)週(?:ごと|おき)|(\d+)[かカヶケ箇ヵ]?月(?:ごと|おき))"
)
_PIECE = re.compile(r"第([0-9]+)|(最終)|([月火水木金土日])(?:曜日|曜)?|([・、,])")
_TIMES = re.compile(r"(\d{1,2}):(\d{2})(?:(?:[-–—~〜～]|から)(?:(\d{1,2}):(\d{2}))?)?")
_DASHES = str.maketrans({"－": "-", "‐": "-", "−": "-", "―": "—", "〜": "~", "～": "~"})


def parse(text: str) -> Rule:
    """Return the rule a phrase such as 「毎月第2・第4火曜 10:00-12:00」 describes.

    Raise ScheduleError with a message that quotes the part that could not be read.
    """
    head, description = _split_description(text)
    head = unicodedata.normalize("NFKC", head).translate(_DASHES)
    head = re.sub(r"\s+", "", head)
    if not head:
        raise ScheduleError("日程が空です（例：毎月第2・第4火曜 10:00-12:00）。")
    freq, interval, rest = _parse_repeat(head)
    byday, rest = _parse_days(freq, rest)
    opens_at, closes_at = _parse_times(rest)
    return validate(Rule(freq, byday, interval, opens_at, closes_at, description))


def _split_description(text: str) -> tuple[str, str]:
    start = min((i for i in (text.find("（"), text.find("(")) if i >= 0), default=-1)
    if start < 0:
        return text, ""
    body = text[start + 1 :].rstrip()
    if not body.endswith(("）", ")")):
        raise ScheduleError(f"補足「{text[start:].strip()}」のかっこが閉じていません。")
    return text[:start], body[:-1].strip()


def _parse_repeat(head: str) -> tuple[str, int, str]:
    match = _REPEAT.match(head)
    if not match:
        raise ScheduleError(
            f"「{head}」は、毎週・隔週・N週ごと・毎月・隔月・Nか月ごと のどれかで始めてください。"
        )
    word = match.group(1)
    if match.group(2) or word.startswith(("毎週", "隔週")):
        freq, interval = WEEKLY, int(match.group(2) or (2 if word == "隔週" else 1))
    else:
        freq, interval = MONTHLY, int(match.group(3) or (2 if word == "隔月" else 1))
    return freq, interval, head[match.end() :]


def _parse_days(freq: str, rest: str) -> tuple[tuple[DayRef, ...], str]:
    refs: list[DayRef] = []
    pending: list[int] = []
    pos = 0
    while pos < len(rest) and (match := _PIECE.match(rest, pos)):
        pos = match.end()
        if match.group(4):
            continue
        if match.group(3):
            weekday = WEEKDAY_CODE[match.group(3)]
            refs += [DayRef(weekday, o) for o in pending] if pending else [DayRef(weekday)]
            pending = []
        else:
            pending.append(_ordinal(match.group(1)))
    if pending:
        raise ScheduleError(f"「{_ordinal_words(pending[-1])}」の後に曜日がありません。")
    if not refs:
        raise ScheduleError(
            f"曜日が読めません：「{rest or '（なし）'}」（例：火曜、第2・第4火曜）。"
        )
    refs_tuple = tuple(refs)
    for i, ref in enumerate(refs_tuple):
        if ref in refs_tuple[:i]:
            raise ScheduleError(f"曜日「{_day_words(ref)}」が重複しています。")
    for ref in refs_tuple:
        _check_ref_words(freq, ref)
    return refs_tuple, rest[pos:]


def _day_words(ref: DayRef) -> str:
    ordinal = _ordinal_words(ref.ordinal) if ref.ordinal else ""
    return f"{ordinal}{WEEKDAY_JA[ref.weekday]}曜"


def _ordinal(digits: str | None) -> int:
    if digits is None:
        return -1
    value = int(digits)
    if not 1 <= value <= 5:
        raise ScheduleError(f"「第{digits}」は読めません。第1〜第5 か 最終 にしてください。")
    return value


def _check_ref_words(freq: str, ref: DayRef) -> None:
    day = WEEKDAY_JA[ref.weekday] + "曜"
    if freq == WEEKLY and ref.ordinal is not None:
        raise ScheduleError(
            f"毎週・隔週の日程に「{_ordinal_words(ref.ordinal)}{day}」は書けません。"
            "毎月にしてください（例：毎月第2火曜）。"
        )
    if freq == MONTHLY and ref.ordinal is None:
        raise ScheduleError(f"毎月の日程では「{day}」が第何週か書いてください（例：第2{day}）。")


def _parse_times(rest: str) -> tuple[time | None, time | None]:
    if not rest:
        return None, None
    match = _TIMES.fullmatch(rest)
    if not match:
        raise ScheduleError(f"時刻「{rest}」が読めません（例：10:00-12:00、13:30から）。")
    opens_at = _time(match.group(1), match.group(2))
    closes_at = _time(match.group(3), match.group(4)) if match.group(3) else None
    return opens_at, closes_at


def _time(hours: str, minutes: str) -> time:
    h, m = int(hours), int(minutes)
    if h > 23 or m > 59:
        raise ScheduleError(f"時刻「{hours}:{minutes}」は 0:00〜23:59 の範囲で書いてください。")
    return time(h, m)
