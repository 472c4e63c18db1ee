"""The schedule phrase: RFC 5545 fields ⇄ 「毎月第2・第4火曜 10:00–12:00」."""

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sasaeai.places.schedule import (
    MONTHLY,
    ORDINALS,
    WEEKDAYS,
    WEEKLY,
    DayRef,
    Rule,
    ScheduleError,
    format_byday,
    parse,
    parse_byday,
    render,
    validate,
)


def _rule(freq, byday, interval=1, opens=None, closes=None, description=""):
    return Rule(freq, parse_byday(byday), interval, opens, closes, description)


@pytest.mark.parametrize(
    ("rule", "words"),
    [
        (
            _rule(MONTHLY, "2TU,4TU", opens=time(10), closes=time(12)),
            "毎月第2・第4火曜 10:00–12:00",
        ),
        (_rule(WEEKLY, "WE", opens=time(13, 30), closes=time(15, 30)), "毎週水曜 13:30–15:30"),
        (_rule(MONTHLY, "-1FR"), "毎月最終金曜"),
        (_rule(WEEKLY, "MO", interval=2), "隔週月曜"),
        (_rule(WEEKLY, "MO,TH", opens=time(9, 30)), "毎週月・木曜 9:30から"),
        (_rule(MONTHLY, "1MO,-1FR", interval=2), "隔月第1月曜・最終金曜"),
        (
            _rule(MONTHLY, "3SA", interval=3, description="祝日は休み"),
            "3か月ごと第3土曜（祝日は休み）",
        ),
        (_rule(WEEKLY, "SU", interval=4), "4週ごと日曜"),
    ],
)
def test_render_says_it_in_japanese(rule, words):
    assert render(validate(rule)) == words


@pytest.mark.parametrize(
    ("typed", "freq", "interval", "byday", "opens", "closes", "description"),
    [
        ("毎月第2・第4火曜 10:00-12:00", MONTHLY, 1, "2TU,4TU", time(10), time(12), ""),
        (
            "毎月第２・第４火曜日　１０：００～１２：００",
            MONTHLY,
            1,
            "2TU,4TU",
            time(10),
            time(12),
            "",
        ),
        ("毎週 水曜 13:30〜15:30", WEEKLY, 1, "WE", time(13, 30), time(15, 30), ""),
        ("隔週月曜", WEEKLY, 2, "MO", None, None, ""),
        ("毎月最終金曜", MONTHLY, 1, "-1FR", None, None, ""),
        (
            "毎週月曜・木曜 9:30から（祝日は休み）",
            WEEKLY,
            1,
            "MO,TH",
            time(9, 30),
            None,
            "祝日は休み",
        ),
        ("2ヶ月ごと第1土曜", MONTHLY, 2, "1SA", None, None, ""),
        ("3週おき日曜 10:00–11:00", WEEKLY, 3, "SU", time(10), time(11), ""),
    ],
)
def test_parse_reads_what_a_clerk_types(typed, freq, interval, byday, opens, closes, description):
    rule = parse(typed)
    assert (rule.freq, rule.interval, rule.byday_text) == (freq, interval, byday)
    assert (rule.opens_at, rule.closes_at, rule.description) == (opens, closes, description)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "日程が空です"),
        ("毎日10:00", "「毎日10:00」は、毎週・隔週"),
        ("毎月火曜", "「火曜」が第何週か"),
        ("毎週第2火曜", "「第2火曜」は書けません"),
        ("毎月第6火曜", "「第6」は読めません"),
        ("毎月第2・", "「第2」の後に曜日がありません"),
        ("毎月", "曜日が読めません"),
        ("毎月第2火曜・第2火曜", "重複"),
        ("毎月第2火曜 10時", "時刻「10時」が読めません"),
        ("毎月第2火曜 24:00-25:00", "時刻「24:00」"),
        ("毎月第2火曜 12:00-10:00", "終了時刻（10:00）は開始時刻（12:00）より後"),
        ("毎月第2火曜（祝日は休み", "かっこが閉じていません"),
        ("13週ごと火曜", "間隔は 1〜12"),
    ],
)
def test_parse_says_what_it_could_not_read(typed, message):
    with pytest.raises(ScheduleError, match=message):
        parse(typed)


@pytest.mark.parametrize(
    ("byday", "message"),
    [
        ("", "曜日が指定されていません"),
        ("2TU,XX", "「XX」が読めません"),
        ("TUE", "「TUE」が読めません"),
        ("7TU", "「7TU」の週の番号"),
        ("-2FR", "「-2FR」の週の番号"),
        ("2TU, 2tu", "「2TU」が重複"),
        ("2TU,,4TU", "「」が読めません"),
    ],
)
def test_parse_byday_names_the_bad_token(byday, message):
    with pytest.raises(ScheduleError, match=message):
        parse_byday(byday)


def test_parse_byday_reads_rfc_5545():
    assert parse_byday(" 2tu , 4TU") == (DayRef("TU", 2), DayRef("TU", 4))
    assert parse_byday("-1FR") == (DayRef("FR", -1),)
    assert format_byday(parse_byday("+2TU,MO")) == "2TU,MO"


@pytest.mark.parametrize(
    ("rule", "message"),
    [
        (Rule("DAILY", (DayRef("MO"),)), "WEEKLY（毎週）か MONTHLY"),
        (Rule(WEEKLY, (DayRef("MO"),), interval=0), "間隔は"),
        (Rule(WEEKLY, ()), "曜日が指定されていません"),
        (Rule(WEEKLY, (DayRef("MO", 2),)), "「2MO」は使えません"),
        (Rule(MONTHLY, (DayRef("MO"),)), "第何週かが必要"),
        (Rule(WEEKLY, (DayRef("MO"),), closes_at=time(12)), "終了時刻だけ"),
    ],
)
def test_validate_refuses_rules_that_do_not_hold_together(rule, message):
    with pytest.raises(ScheduleError, match=message):
        validate(rule)


# --- properties ----------------------------------------------------------------------------

_times = st.builds(time, st.integers(0, 23), st.integers(0, 59))
_description = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), max_size=30
).map(str.strip)


@st.composite
def rules(draw):
    freq = draw(st.sampled_from([WEEKLY, MONTHLY]))
    ordinals = st.sampled_from(ORDINALS) if freq == MONTHLY else st.none()
    refs = draw(
        st.lists(
            st.builds(DayRef, st.sampled_from(WEEKDAYS), ordinals),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    opens = draw(st.none() | _times)
    closes = draw(st.none() | _times) if opens else None
    if opens and closes and closes <= opens:
        opens, closes = closes, opens if closes != opens else None
    return Rule(freq, tuple(refs), draw(st.integers(1, 12)), opens, closes, draw(_description))


@given(rules())
def test_render_then_parse_gives_back_the_rule(rule):
    rule = validate(rule)
    assert parse(render(rule)) == rule


@given(rules())
def test_byday_text_round_trips(rule):
    assert parse_byday(format_byday(rule.byday)) == rule.byday


@given(st.text(max_size=40))
def test_parse_either_reads_or_raises_schedule_error(text):
    try:
        rule = parse(text)
    except ScheduleError as error:
        assert str(error)
    else:
        assert parse(render(rule)) == rule
