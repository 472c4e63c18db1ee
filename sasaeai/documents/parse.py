"""Lines of a plan document → the nodes of a draft plan file, each item with where it came from.

One pass over the lines. Each line is offered to the readers in turn (heading, section, indicator
table, action table, ▶ list, messages, column, footnote); the first that recognises it reads its
whole block and says where the block ends. Lines no reader claims (page numbers, captions, the
text of diagrams) are skipped. Nothing here knows any particular city's plan: the vocabulary is
the one Japanese plans share (基本目標, 施策, 取組, ●現状と課題, 指標名, 担当 …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from . import indicators as tables
from .text import BULLETS, is_blank, join_lines, looks_like_department, squash, tidy, to_halfwidth

__all__ = ["Outline", "parse_lines"]

LEVEL_WORDS = (
    "基本目標",
    "基本方針",
    "基本施策",
    "重点施策",
    "重点取組",
    "重点目標",
    "重点プロジェクト",
    "施策目標",
    "施策の方向",
    "主要施策",
    "推進施策",
    "基本的方向",
    "施策",
    "取組",
    "取り組み",
    "目標",
    "分野",
)
_LEVELS = "|".join(sorted(LEVEL_WORDS, key=len, reverse=True))
_CODE = (
    r"[0-9０-９]{1,2}|[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ]{1,3}|[①-⑳]|[A-ZＡ-Ｚ](?![A-Za-zＡ-Ｚａ-ｚ])"
    r"|[（(][0-9０-９]{1,2}[）)]"
)
_STRONG = re.compile(
    rf"^\s*(?P<level>{_LEVELS})\s*(?P<code>{_CODE})\s*[：:．.、]?\s*(?P<title>\S.*?)\s*$"
)
_CODED = re.compile(rf"^\s*(?P<code>{_CODE})(?:\s*[：:．.]\s*|\s+)(?P<title>\S.*?)\s*$")
_BARE = re.compile(r"^\s*(?P<code>[（(][0-9０-９]{1,2}[）)]|[①-⑳])\s*(?P<title>\S.*?)\s*$")
_SUBTITLE = re.compile(r"^(?P<title>.+?)(?P<subtitle>（[^（）]{2,}）)$")
_MARKER = re.compile(r"^\s*(?:●\s*(?P<dot>.+?)|={2,}\s*(?P<eq>[^=]+?)\s*=+)\s*$")
_ANY_MARKER = re.compile(r"^\s*(?:[●■]|={2,})")
_ACTOR = re.compile(
    r"^(?:(?P<city>市|町|村|区|[一-龥]{1,6}[市町村区])|(?P<council>社会福祉協議会|社協))の(?:主な)?(?:取組|取り組み)$"
)
_ACTION_TABLE = re.compile(
    r"^(?:取組|取り組み|主な取組|事業名?|施策)(?:名)?(?:内容|概要|事業内容|取組内容)"
    r"(?P<dept>担当課?|所管課?|担当部署|担当課等)?$"
)
_ACTION_LABEL = re.compile(r"^(?:主な|主要な)(?:取組|取り組み)(?:内容)?$")
_ARROW = re.compile(r"^\s*[▶►➢➤]\s*(?P<text>.*\S)\s*$")
_DOT_ITEM = re.compile(r"^\s*・\s*(?P<text>.*\S)\s*$")
_COLUMN = re.compile(r"^\s*【(?P<title>[^】]+)(?P<closed>】)?\s*$")
_FOOTNOTE = re.compile(r"^\s*(?P<number>[0-9]{1,3})\s+(?P<text>\S.*?)\s*$")
_RELIST = re.compile(r"[（(]再掲[）)]$")
_PRIORITY = re.compile(r"^【重点(?:項目|事業|取組|施策)?】$")
_AUDIENCES = (
    ("welfare_corporation", ("社会福祉法人", "事業者", "法人")),
    ("neighborhood", ("自治会", "町内会", "区会")),
    ("group", ("団体", "NPO", "ボランティア")),
    ("resident", ("市民", "住民", "区民", "町民", "村民", "皆さん", "家庭")),
)
_MAX_TITLE = 60


@dataclass
class Outline:
    """What the pass found: the tree, the level names and what it was unsure of."""

    nodes: list[dict[str, Any]]
    level_names: list[str]
    unsure: list[str] = field(default_factory=list)
    departments: list[str] = field(default_factory=list)


def parse_lines(lines: list[str]) -> Outline:
    """Return the plan's tree read from the document's lines."""
    parser = _Parser(lines)
    parser.run()
    return parser.outline()


def node_keys(
    nodes: list[dict[str, Any]], parent: tuple[str, ...] = ()
) -> list[tuple[str, dict[str, Any]]]:
    """Return (key, node) depth-first, the key as the importer derives it (codes joined by /)."""
    out = []
    for node in nodes:
        own = (*parent, node["code"] or node["title"])
        out.append(("/".join(own), node))
        out.extend(node_keys(node["children"], own))
    return out


class _Parser:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.roots: list[dict[str, Any]] = []
        self.stack: list[dict[str, Any]] = []
        self.depths: dict[str, int] = {}  # level word or bare code style → depth
        self.cross: set[str] = set()
        self.unsure: list[str] = []
        self.actor: str | None = None
        self.bullet_label: str | None = None
        self.pending_message: dict[str, Any] | None = None
        self.priority_next = False

    # -- the pass --------------------------------------------------------------------------

    def run(self) -> None:
        i = 0
        readers = (
            self.read_heading,
            self.read_section,
            self.read_indicators,
            self.read_action_table,
            self.read_actor,
            self.read_bullets,
            self.read_messages,
            self.read_column,
            self.read_footnote,
            self.read_orphan,
        )
        while i < len(self.lines):
            if is_blank(self.lines[i]):
                i += 1
                continue
            for reader in readers:
                end = reader(i)
                if end is not None:
                    i = max(end, i + 1)
                    break
            else:
                i += 1
        self.resolve_relists()
        for _, node in node_keys(self.roots):
            _unglue_footnotes(node)

    def outline(self) -> Outline:
        deepest = max((n["_depth"] for _, n in node_keys(self.roots)), default=-1)
        names: list[str] = [""] * (deepest + 1)
        for word, depth in sorted(self.depths.items(), key=lambda kv: kv[1]):
            if not word.startswith("_") and word not in self.cross:
                names[depth] = names[depth] or word
        for depth, name in enumerate(names):
            if not name:
                names[depth] = f"第{depth + 1}階層"
                self.unsure.append(
                    f"第{depth + 1}階層の名前が原稿にないため「第{depth + 1}階層」としました"
                )
        if self.bullet_label and self.bullet_label not in names:
            names.append(self.bullet_label)
        for _, node in node_keys(self.roots):
            depth = node.pop("_depth")
            word = node.pop("_word")
            node.pop("_style", None)
            if not word.startswith("_") and names[depth] != word:
                node["level"] = word
        return Outline(self.roots, names or ["項目"], self.unsure, self.departments())

    def departments(self) -> list[str]:
        found: list[str] = []
        for _, node in node_keys(self.roots):
            for action in node["actions"]:
                found.extend(action["departments"])
            for indicator in node["indicators"]:
                found.extend(indicator["responsible"])
        return list(dict.fromkeys(found))

    @property
    def node(self) -> dict[str, Any] | None:
        return self.stack[-1] if self.stack else None

    # -- boundaries ------------------------------------------------------------------------

    def is_boundary(self, i: int) -> bool:
        """Return whether line i starts a block of its own (ends the block being read)."""
        line = self.lines[i]
        text = squash(line)
        return bool(
            self.heading_at(i)
            or _ANY_MARKER.match(line)
            or tables.is_table_start(line)
            or _ACTION_TABLE.match(text)
            or _ACTOR.match(text)
            or _ACTION_LABEL.match(text)
            or _ARROW.match(line)
            or self.is_message_label(text)
            or _COLUMN.match(line)
            or _PRIORITY.match(text)
        )

    def is_message_label(self, text: str) -> bool:
        return "取り組んでみましょう" in text or text.endswith("メッセージ")

    # -- headings --------------------------------------------------------------------------

    def heading_at(self, i: int) -> dict[str, Any] | None:
        """Return the heading printed at line i, or None."""
        line = self.lines[i]
        if "。" in line or len(squash(line)) > _MAX_TITLE + 10:
            return None
        match = _STRONG.match(line)
        if match and self.title_ok(match["title"]):
            return {
                "word": match["level"],
                "code": match["code"],
                "title": match["title"],
                "confidence": 1.0,
                "end": i + 1,
            }
        match = _CODED.match(line)
        if match and self.title_ok(match["title"]):
            label = self.label_after(i)
            if label and squash(match["title"]) + label not in LEVEL_WORDS:
                return {
                    "word": label,
                    "code": match["code"],
                    "title": match["title"],
                    "confidence": 0.9,
                    "end": i + 1,
                }
        match = _BARE.match(line)
        if match and self.title_ok(match["title"]) and _short_title(match["title"]):
            style = "_paren" if match["code"][0] in "（(" else "_circled"
            return {
                "word": style,
                "code": match["code"],
                "title": match["title"],
                "confidence": 0.8,
                "end": i + 1,
            }
        return None

    def title_ok(self, title: str) -> bool:
        text = squash(title)
        return (
            1 <= len(text) <= _MAX_TITLE
            and text not in LEVEL_WORDS
            and not text.endswith(("、", "参照"))
            and not re.fullmatch(r"[0-9０-９,，.．\s]+", text)
        )

    def label_after(self, i: int) -> str | None:
        """Return the level word printed alone just below (「１ 相互理解」…「基本施策」)."""
        seen = 0
        for j in range(i + 1, min(i + 6, len(self.lines))):
            text = squash(self.lines[j])
            if not text:
                continue
            seen += 1
            if text in LEVEL_WORDS:
                return text
            if seen >= 2:
                return None
        return None

    def read_heading(self, i: int) -> int | None:
        found = self.heading_at(i)
        if found is None:
            return None
        self.open_node(found, i)
        return int(found["end"])

    def open_node(self, found: dict[str, Any], i: int) -> None:
        word = found["word"]
        code = to_halfwidth(found["code"])
        title, subtitle = tidy(found["title"]), None
        cross = "重点" in word
        if cross:
            self.cross.add(word)
            depth = 0
        else:
            depth = self.depth_of(word)
            if depth == 0:
                match = _SUBTITLE.match(title)
                if match:
                    title, subtitle = match["title"], match["subtitle"]
        while self.stack and self.stack[-1]["_depth"] >= depth:
            self.stack.pop()
        siblings = self.stack[-1]["children"] if self.stack else self.roots
        node = next((n for n in siblings if n["code"] == code and n["_word"] == word), None)
        if node is None:
            node = _new_node(code, title, subtitle, word, depth, found["confidence"], i)
            if cross:
                node.update(kind="cross_cutting", priority=True)
            siblings.append(node)
        self.stack.append(node)
        if not word.startswith("_"):
            self.actor = None
        self.pending_message = None

    def depth_of(self, word: str) -> int:
        if word in self.depths:
            return self.depths[word]
        parents = [n for n in self.stack if n["kind"] != "cross_cutting"]
        depth = parents[-1]["_depth"] + 1 if parents else 0
        self.depths[word] = depth
        return depth

    # -- sections --------------------------------------------------------------------------

    def read_section(self, i: int) -> int | None:
        match = _MARKER.match(self.lines[i])
        if match is None:
            return None
        title = tidy(match["dot"] or match["eq"] or "")
        if "指標" in title or self.node is None:
            return i + 1
        body, end = self.read_body(i + 1)
        if body:
            self.node["sections"].append(
                {"title": title, "body": body, "source_lines": [i + 1, end]}
            )
        return end

    def read_body(self, start: int, *, blank_limit: int = 5) -> tuple[str, int]:
        """Return the paragraphs from start to the next block, and the index after them."""
        paragraphs: list[list[str]] = []
        blanks = 0
        i = start
        while i < len(self.lines):
            line = self.lines[i]
            if is_blank(line):
                blanks += 1
                if blanks >= blank_limit:
                    break
                i += 1
                continue
            blanks = 0
            if self.is_boundary(i) or self.footnote_at(i):
                break
            text = line.strip()
            starts_new = (
                text[0] in BULLETS or not paragraphs or paragraphs[-1][-1].rstrip().endswith("。")
            )
            if starts_new:
                paragraphs.append([text])
            else:
                paragraphs[-1].append(text)
            i += 1
        last = i
        while last > start and is_blank(self.lines[last - 1]):
            last -= 1
        return "\n".join(join_lines(p) for p in paragraphs), last

    # -- indicators ------------------------------------------------------------------------

    def read_indicators(self, i: int) -> int | None:
        if not tables.is_table_start(self.lines[i]):
            return None
        header, start = tables.read_header(self.lines, i)
        if not header.columns:
            return start
        table = tables.read_rows(self.lines, start, header, self.is_boundary)
        node = self.node
        if node is None:
            if table.indicators:
                self.unsure.append(
                    f"{i + 1}行目の指標の表は、どの項目のものかわからないため読み飛ばしました"
                )
            return table.end
        node["indicators"].extend(table.indicators)
        node["indicator_notes"].extend(table.notes)
        node["unsure"].extend(table.unsure)
        return table.end

    # -- actions ---------------------------------------------------------------------------

    def read_actor(self, i: int) -> int | None:
        match = _ACTOR.match(squash(self.lines[i]))
        if match is None:
            return None
        self.actor = "council" if match["council"] else "city"
        while self.stack and self.stack[-1]["_word"].startswith("_"):
            self.stack.pop()
        return i + 1

    def read_action_table(self, i: int) -> int | None:
        match = _ACTION_TABLE.match(squash(self.lines[i]))
        if match is None:
            return None
        reader = _ActionTable(self, has_departments=bool(match["dept"]))
        end = reader.read(i + 1)
        if self.node is not None:
            self.node["actions"].extend(reader.actions)
        return end

    def read_bullets(self, i: int) -> int | None:
        text = squash(self.lines[i])
        label = _ACTION_LABEL.match(text)
        if label is None and not _ARROW.match(self.lines[i]):
            return None
        start = i + 1 if label else i
        if label:
            self.bullet_label = text
        items, end = self.read_items(start, allow_dots=bool(label))
        if self.node is not None:
            for title, first, last in items:
                self.node["actions"].append(self.bullet_action(title, first, last))
        return end

    def bullet_action(self, title: str, first: int, last: int) -> dict[str, Any]:
        action = _new_action(self.actor, title, [first + 1, last + 1], 0.9)
        if _RELIST.search(title):
            action["title"] = _RELIST.sub("", title)
            action["_relist"] = True
        return action

    def read_items(self, start: int, *, allow_dots: bool) -> tuple[list[tuple[str, int, int]], int]:
        """Return the ▶ (or ・) items from start: (text, first line, last line); and the end."""
        items: list[tuple[list[str], int, int]] = []
        i = start
        while i < len(self.lines):
            line = self.lines[i]
            if is_blank(line):
                i += 1
                continue
            match = _ARROW.match(line) or (_DOT_ITEM.match(line) if allow_dots else None)
            if match:
                items.append(([match["text"]], i, i))
                i += 1
                continue
            if items and i - items[-1][2] <= 2 and self.continues(items[-1][0], i):
                parts, first, _ = items[-1]
                items[-1] = ([*parts, line], first, i)
                i += 1
                continue
            break
        return [(join_lines(parts), first, last) for parts, first, last in items], i

    def continues(self, parts: list[str], i: int) -> bool:
        line = self.lines[i]
        text = squash(line)
        if self.is_boundary(i) or self.footnote_at(i) or "。" in text or len(text) > 25:
            return False
        joined = "".join(parts)
        return joined.count("（") > joined.count("）") or text[0] not in BULLETS

    def resolve_relists(self) -> None:
        keyed = node_keys(self.roots)
        for key, node in keyed:
            for action in node["actions"]:
                if not action.pop("_relist", False):
                    continue
                original = next(
                    (
                        k
                        for k, other in keyed
                        if other is not node
                        and any(
                            a["title"] == action["title"] and not a.get("relist_of")
                            for a in other["actions"]
                        )
                    ),
                    None,
                )
                action["relist_of"] = original
                if original is None:
                    action["unsure"].append("（再掲）の元の取組が見つかりません")
                    action["confidence"] = 0.6
                del key

    # -- messages, columns, footnotes --------------------------------------------------------

    def read_messages(self, i: int) -> int | None:
        text = squash(self.lines[i])
        if not self.is_message_label(text) or self.node is None:
            return None
        label = tidy(self.lines[i]).split("…")[-1].strip()
        generic = "取り組んでみましょう" in text
        block = {"label": None if generic else label, "first": i}
        self.pending_message = None
        messages, end = self.read_message_lines(i + 1, block)
        if messages:
            self.node["messages"].extend(messages)
        elif not generic:
            self.pending_message = block
        return end

    def read_message_lines(
        self, start: int, block: dict[str, Any]
    ) -> tuple[list[dict[str, Any]], int]:
        groups: list[dict[str, Any]] = []
        current: dict[str, Any] | None = None
        if block["label"]:
            current = _message(
                _audience(block["label"]) or "resident", block["label"], block["first"]
            )
            groups.append(current)
        blanks = 0
        i = start
        while i < len(self.lines):
            line = self.lines[i]
            if is_blank(line):
                blanks += 1
                if blanks >= 5:
                    break
                i += 1
                continue
            blanks = 0
            column = _COLUMN.match(line)
            if column and column["closed"] and _audience(column["title"]):
                current = _message(_audience(column["title"]), f"【{column['title']}】", i)
                groups.append(current)
                i += 1
                continue
            if (
                self.is_boundary(i)
                or self.footnote_at(i)
                or squash(line).startswith("注）")
                or current is None
            ):
                break
            if squash(line).isdigit():  # a page number
                i += 1
                continue
            current["_lines"].append(line.strip())
            current["source_lines"][1] = i + 1
            i += 1
        return [_finish_message(g) for g in groups if g["_lines"]], i

    def read_column(self, i: int) -> int | None:
        match = _COLUMN.match(self.lines[i])
        if match is None or self.node is None:
            return None
        if re.fullmatch(rf"(?:{_LEVELS})\s*(?:{_CODE})", squash(match["title"])):
            return i + 1  # a running label 【基本方針Ⅰ】 of a page
        if _PRIORITY.match(squash(self.lines[i])):
            self.priority_next = True
            return i + 1
        title_parts, j = [match["title"]], i + 1
        while not match["closed"] and j < len(self.lines) and j - i < 4:
            line = self.lines[j]
            j += 1
            if is_blank(line):
                continue
            title_parts.append(line.split("】")[0])
            if "】" in line:
                break
        body, end = self.read_body(j, blank_limit=8)
        if body:
            title = " ".join(tidy(p) for p in title_parts)
            self.node["columns"].append(
                {"title": title, "body": body, "source_lines": [i + 1, end]}
            )
        return end

    def footnote_at(self, i: int) -> tuple[str, list[str], int] | None:
        """Return (number, text lines, end) of the footnote defined at line i, or None."""
        match = _FOOTNOTE.match(self.lines[i])
        if match is None:
            return None
        parts, j = [match["text"]], i + 1
        while not parts[-1].endswith(("。", "参照")) and j < len(self.lines) and j - i <= 3:
            line = self.lines[j]
            j += 1
            if is_blank(line):
                continue
            if _FOOTNOTE.match(line) or _ANY_MARKER.match(line):
                break
            parts.append(line.strip())
        if not parts[-1].endswith(("。", "参照")):
            return None
        return match["number"], parts, j

    def read_footnote(self, i: int) -> int | None:
        found = self.footnote_at(i)
        if found is None or self.node is None:
            return None
        number, parts, end = found
        self.node["footnotes"].append(
            {"number": number, "text": join_lines(parts), "source_lines": [i + 1, end]}
        )
        return end

    def read_orphan(self, i: int) -> int | None:
        """Read the text of a message whose label stands apart from it (after the footnotes)."""
        block = self.pending_message
        if block is None or self.node is None or "。" not in "".join(self.lines[i : i + 5]):
            return None
        self.pending_message = None
        messages, end = self.read_message_lines(i, block)
        self.node["messages"].extend(messages)
        return end


class _ActionTable:
    """取組 / 内容 / 担当: a short title column, a long content column, departments."""

    def __init__(self, parser: _Parser, *, has_departments: bool) -> None:
        self.parser = parser
        self.has_departments = has_departments
        self.actions: list[dict[str, Any]] = []

    def read(self, start: int) -> int:
        title: list[str] = []
        content: list[str] = []
        departments: list[str] = []
        first = start
        priority = False
        blanks = 0
        i = start
        while i < len(self.parser.lines):
            line = self.parser.lines[i]
            if is_blank(line):
                blanks += 1
                if blanks >= 6:
                    break
                i += 1
                continue
            blanks = 0
            text = squash(line)
            if _PRIORITY.match(text):
                self.emit(title, content, departments, first, i, priority)
                title, content, departments, priority = [], [], [], True
                first = i
                i += 1
                continue
            if self.parser.is_boundary(i) or text in LEVEL_WORDS or text == "指標":
                break
            ended = bool(content) and content[-1].rstrip().endswith("。")
            if content and (ended or not title) and self.is_department(text):
                departments.append(tidy(line))
            elif content and (not ended or (len(text) > 10 and not departments)):
                content.append(line)
            elif len(text) <= 10 and not content:
                if not title:
                    first = i
                title.append(text)
            elif title and not content:
                content.append(line)
            else:
                self.emit(title, content, departments, first, i, priority)
                title, content, departments, priority = [text], [], [], False
                first = i
            i += 1
        self.emit(title, content, departments, first, i, priority)
        return i

    def is_department(self, text: str) -> bool:
        return self.has_departments and looks_like_department(text)

    def emit(
        self,
        title: list[str],
        content: list[str],
        departments: list[str],
        first: int,
        end: int,
        priority: bool,
    ) -> None:
        if not title or not content:
            return
        last = end
        while last > first and is_blank(self.parser.lines[last - 1]):
            last -= 1
        action = _new_action(self.parser.actor, "".join(title), [first + 1, last], 1.0)
        action.update(content=join_lines(content), departments=departments, priority=priority)
        if self.has_departments and not departments:
            action["unsure"].append("担当が読み取れません")
            action["confidence"] = 0.6
        if action["actor"] is None:
            action["unsure"].append("市・社協のどちらの取組か書かれていません")
            action["confidence"] = min(action["confidence"], 0.8)
        if _RELIST.search(action["title"]):
            action["title"] = _RELIST.sub("", action["title"])
            action["_relist"] = True
        self.actions.append(action)


def _unglue_footnotes(node: dict[str, Any]) -> None:
    """Take footnote numbers the PDF glued into an action title (窓口76と) out into a note."""
    for footnote in node["footnotes"]:
        number = re.escape(footnote["number"])
        glued = re.compile(rf"(?<=[^\x00-\x7f]){number}(?=[^\x00-\x7f])")
        for action in node["actions"]:
            if glued.search(action["title"]):
                action["title"] = glued.sub("", action["title"], count=1)
                action["note"] = f"脚注{footnote['number']}（{footnote['text']}）"


def _short_title(title: str) -> bool:
    """Return whether a title after a bare （１）/① reads as a heading, not a list item."""
    text = squash(title)
    return len(text) <= 40 and not re.search(r"[：:]", text) and text.count("、") <= 1


def _new_node(
    code: str, title: str, subtitle: str | None, word: str, depth: int, confidence: float, i: int
) -> dict[str, Any]:
    return {
        "code": code,
        "title": title,
        "subtitle": subtitle,
        "kind": "measure",
        "priority": False,
        "sections": [],
        "actions": [],
        "messages": [],
        "columns": [],
        "footnotes": [],
        "indicators": [],
        "indicator_notes": [],
        "children": [],
        "confidence": confidence,
        "source_lines": [i + 1, i + 1],
        "unsure": [] if confidence >= 0.9 else ["見出しの階層を番号の形から推定しました"],
        "_depth": depth,
        "_word": word,
    }


def _new_action(
    actor: str | None, title: str, lines: list[int], confidence: float
) -> dict[str, Any]:
    return {
        "actor": actor,
        "title": title,
        "content": None,
        "departments": [],
        "priority": False,
        "relist_of": None,
        "confidence": confidence,
        "source_lines": lines,
        "unsure": [],
    }


def _audience(label: str) -> str | None:
    half = to_halfwidth(label)
    return next((code for code, words in _AUDIENCES if any(w in half for w in words)), None)


def _message(audience: str | None, label: str, i: int) -> dict[str, Any]:
    return {"audience": audience, "label": label, "_lines": [], "source_lines": [i + 1, i + 1]}


def _finish_message(group: dict[str, Any]) -> dict[str, Any]:
    """Return the group with its items: one per ・ bullet, else one per sentence."""
    items: list[list[str]] = []
    for line in group.pop("_lines"):
        if line.startswith("・") or not items or items[-1][-1].endswith("。"):
            items.append([line.lstrip("・").strip()])
        else:
            items[-1].append(line)
    texts = [join_lines(parts) for parts in items]
    if not any(line.startswith("・") for parts in items for line in parts[:1]):
        texts = [s + "。" for t in texts for s in t.split("。") if s]
    group["items"] = texts
    return group


_unused = looks_like_department
