"""The English catalogue: every translatable string has an English translation, the compiled
.mo matches the .po, and the register and plan pages really come out in English."""

import ast
import gettext
import io
import re
import shutil
import subprocess
import tokenize
from pathlib import Path

import pytest
from django.utils.translation.template import templatize

from sasaeai.demo.services import PASSWORD
from sasaeai.plans.models import Node

SOURCES = Path(__file__).resolve().parent.parent / "sasaeai"
MESSAGES = SOURCES / "locale" / "en" / "LC_MESSAGES"
PO = MESSAGES / "django.po"
MO = MESSAGES / "django.mo"

# The keywords makemessages hands to xgettext for Python (its own and xgettext's defaults), as
# name -> (position of the context argument or None, number of message arguments).
KEYWORDS = {
    "_": (None, 1),
    "gettext": (None, 1),
    "gettext_lazy": (None, 1),
    "gettext_noop": (None, 1),
    "ngettext": (None, 2),
    "ngettext_lazy": (None, 2),
    "pgettext": (0, 1),
    "pgettext_lazy": (0, 1),
    "npgettext": (0, 2),
    "npgettext_lazy": (0, 2),
}


def _calls(code):
    """(context, msgid, msgid_plural) for each gettext-like call with literal arguments in a
    piece of Python, read with tokenize as xgettext does (adjacent literals are joined)."""
    lines = [line.lstrip() for line in code.splitlines(keepends=True)]  # no INDENT trouble
    tokens = [
        t
        for t in tokenize.generate_tokens(io.StringIO("".join(lines)).readline)
        if t.type not in (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)
    ]
    for i, token in enumerate(tokens[:-2]):
        if token.type != tokenize.NAME or token.string not in KEYWORDS:
            continue
        if i and tokens[i - 1].string in (".", "def"):
            continue  # an attribute or a definition, not a call of the keyword
        if tokens[i + 1].string != "(":
            continue
        context_at, count = KEYWORDS[token.string]
        args, j = [], i + 2
        while len(args) < count + (context_at is not None):
            parts = []
            while tokens[j].type == tokenize.STRING and not tokens[j].string.lower().startswith(
                ("f", "rf", "fr")
            ):
                parts.append(ast.literal_eval(tokens[j].string))
                j += 1
            if not parts:
                break
            args.append("".join(parts))
            if tokens[j].string != ",":
                break
            j += 1
        if len(args) < count + (context_at is not None):
            continue  # a call with a variable: nothing for makemessages to extract either
        context = args.pop(context_at) if context_at is not None else None
        yield context, args[0], args[1] if count == 2 else None


def _template_messages():
    for path in sorted(SOURCES.rglob("*.html")):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for message in _calls(code):
            yield path.relative_to(SOURCES.parent), message


def _python_messages():
    for path in sorted(SOURCES.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for message in _calls(path.read_text(encoding="utf-8")):
            yield path.relative_to(SOURCES.parent), message


def _unquote(line):
    return ast.literal_eval(line[line.index('"') :])


def _read_po(path):
    """{(context, msgid): {"plural": ..., "strs": [...], "fuzzy": bool}} from a .po file."""
    entries, entry, field = {}, None, None

    def close():
        if entry is not None and "msgid" in entry:
            entries[(entry.get("msgctxt"), entry["msgid"])] = {
                "plural": entry.get("msgid_plural"),
                "strs": [entry[k] for k in sorted(k for k in entry if k.startswith("msgstr"))],
                "fuzzy": entry["fuzzy"],
            }

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            close()
            entry, field = None, None
            continue
        if line.startswith("#~"):
            continue  # obsolete
        if entry is None:
            entry = {"fuzzy": False}
        if line.startswith("#,"):
            entry["fuzzy"] |= "fuzzy" in (flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            entry[field] += _unquote(line)
        else:
            keyword = line.split(" ", 1)[0]
            field = keyword.replace("[", "_").rstrip("]")  # msgstr[1] -> msgstr_1
            if field == "msgstr":
                field = "msgstr_0"
            entry[field] = _unquote(line)
    close()
    return entries


@pytest.fixture(scope="module")
def catalogue():
    return _read_po(PO)


def test_the_source_scan_finds_the_strings_of_every_kind():
    """Guard the scanner itself: it must see translate tags, blocktranslate bodies (with their
    variables and plurals) and Python calls, or the test below would pass on nothing."""
    found = {message for _, message in _template_messages()} | {
        message for _, message in _python_messages()
    }
    assert (None, "地域の登録簿", None) in found  # {% translate %} in registers/home.html
    assert (None, "%(fy)s年度の活動記録", None) in found  # {% blocktranslate %}{{ fy }}…
    assert (
        None,
        "%(name)s: 誤りが %(n)s 件あります（何も書き込んでいません）",
        "%(name)s: 誤りが %(n)s 件あります（何も書き込んでいません）",
    ) in found  # {% blocktranslate count %} … {% plural %}
    assert (None, "地域福祉懇談会の記録を保存しました。", None) in found  # _() in meetings/views.py
    assert (None, "English", None) in found  # settings.LANGUAGES
    assert len(found) > 400


def test_every_source_string_has_an_english_translation(catalogue):
    problems = []
    for where, (context, msgid, plural) in [*_template_messages(), *_python_messages()]:
        entry = catalogue.get((context, msgid))
        if entry is None:
            problems.append(f"{where}: {msgid!r} is not in the catalogue")
        elif entry["fuzzy"]:
            problems.append(f"{where}: {msgid!r} is fuzzy (ignored at runtime)")
        elif not entry["strs"] or not all(s.strip() for s in entry["strs"]):
            problems.append(f"{where}: {msgid!r} has no English")
        elif plural is not None and (entry["plural"] != plural or len(entry["strs"]) != 2):
            problems.append(f"{where}: {msgid!r} lacks its plural forms")
    assert not problems, "run makemessages and translate:\n" + "\n".join(sorted(set(problems)))


def test_the_catalogue_has_no_fuzzy_or_empty_entries(catalogue):
    bad = [
        msgid
        for (_, msgid), entry in catalogue.items()
        if msgid and (entry["fuzzy"] or not all(s.strip() for s in entry["strs"]))
    ]
    assert not bad


def test_translations_keep_the_placeholders(catalogue):
    placeholder = re.compile(r"%\(\w+\)[sd]")
    for (_, msgid), entry in catalogue.items():
        if not msgid:
            continue
        wanted = set(placeholder.findall(msgid)) | set(placeholder.findall(entry["plural"] or ""))
        for msgstr in entry["strs"]:
            assert set(placeholder.findall(msgstr)) == wanted, (msgid, msgstr)


def test_the_compiled_catalogue_matches_the_po(tmp_path):
    msgfmt = shutil.which("msgfmt") or "/usr/bin/msgfmt"
    if not Path(msgfmt).exists():
        pytest.skip("msgfmt (GNU gettext) is not installed, so the .po cannot be compiled here")
    fresh = tmp_path / "django.mo"
    subprocess.run([msgfmt, "--check", "-o", str(fresh), str(PO)], check=True)
    with MO.open("rb") as committed, fresh.open("rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == (
            gettext.GNUTranslations(compiled)._catalog
        ), "django.mo is stale: run msgfmt -o sasaeai/locale/en/LC_MESSAGES/django.mo on the .po"


def _english(client, username):
    client.logout()
    assert client.login(username=username, password=PASSWORD)
    client.post("/i18n/setlang/", {"language": "en", "next": "/plans/"})
    return client


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert '<html lang="en">' in html, url
    return html


@pytest.mark.parametrize("username", ["vc", "secretariat"])
def test_the_register_pages_are_in_english(demo_registers, client, username):
    who = _english(client, username)
    menu = ["Community registers", "Gathering places", "Volunteer Centre", "Excel / CSV"]

    html = _page(who, "/registers/")
    assert all(label in html for label in menu), html
    assert "Active gathering places" in html and "Meeting records" in html
    assert "地域の登録簿" not in html and "活動中の集いの場" not in html

    html = _page(who, "/registers/places/")
    assert "Register a gathering place" in html or "Matching places" in html
    assert "Filter" in html and "絞り込む" not in html

    html = _page(who, "/registers/volunteers/")
    assert "Registered volunteers" in html and "Upcoming courses" in html
    assert "登録ボランティア" not in html

    html = _page(who, "/registers/meetings/")
    assert "Meetings held and participants by fiscal year" in html
    assert "年度ごとの開催回数と参加人数" not in html


@pytest.mark.parametrize("username", ["vc", "secretariat"])
def test_a_plan_node_page_is_in_english(demo_registers, client, username):
    node = Node.objects.filter(plan__slug="ageo", meeting_issues__isnull=False).first()
    assert node is not None, "the ageo demo links meeting issues to nodes"
    html = _page(_english(client, username), f"/plans/ageo/nodes/{node.pk}/")
    assert "Issues raised at community welfare meetings" in html
    assert "Issues raised" in html and "Made-up demo value" in html and "City actions" in html
    assert "地域福祉懇談会で出された課題" not in html


def test_dates_and_fiscal_years_read_as_english(demo_registers, client):
    """Dates follow the language's DATE_FORMAT and years read FY2023, not 2023年度 in English."""
    from sasaeai.meetings.models import Meeting

    meeting = Meeting.objects.order_by("held_on").first()
    who = _english(client, "vc")
    html = _page(who, f"/registers/meetings/{meeting.pk}/")
    assert meeting.held_on.strftime("%Y") in html
    assert f"{meeting.held_on:%Y}年" not in html
    html = _page(who, "/registers/volunteers/activities/")
    assert ">FY2023</option>" in html and "2023年度" not in html
    html = _page(who, "/registers/volunteers/people/")
    assert "FY" in html and "年度（" not in html and "年度<" not in html

    client.post("/i18n/setlang/", {"language": "ja", "next": "/plans/"})
    html = client.get(f"/registers/meetings/{meeting.pk}/").content.decode()
    assert f"{meeting.held_on.year}年{meeting.held_on.month}月{meeting.held_on.day}日" in html


def test_counts_read_as_english_sentences(demo_registers, client):
    """A count and its unit are one translated phrase, so English gets '1 group' / '9 people'."""
    html = _page(_english(client, "vc"), "/registers/volunteers/")
    counts = html[html.index('class="facts vc-counts"') : html.index("</dl>")]
    assert re.search(r'data-count="volunteers">\d+</span> (person|people)<', counts)
    assert re.search(r'data-count="records">\d+</span> records? \(participants: ', counts)
    assert not re.search(r"[人件回団]", counts), counts
    html = _page(client, "/registers/volunteers/activities/")
    assert re.search(
        r'<p class="totals">Total: <span data-total="records">\d+</span> records', html
    )
