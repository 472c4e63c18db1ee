"""The draft plan file: the parsed tree in the plan file's shape, plus the review keys.

Review keys (`confidence`, `source_lines`, `unsure`) sit beside the plan file's own keys on
nodes, indicators, actions and the plan; `strip_review` removes them, which makes a file that
`sasaeai import-plan` accepts. Organizations and owners are placeholders built from what the
document names (担当課, 社会福祉協議会) so that the draft validates; the plan-level `unsure`
says so.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import yaml

from sasaeai.planfiles.shape import CHILD_KINDS, FIELDS, FORMAT

from .parse import Outline, node_keys, parse_lines
from .text import squash, tidy

__all__ = ["REVIEW_KEYS", "build_draft", "dump_draft", "slug_for", "strip_review"]

REVIEW_KEYS = ("confidence", "source_lines", "unsure")
_CITY = re.compile(r"(?<![一-龥])([一-龥]{2,3}[市町村])(?!内|民|会|長|政|域|外|役|議|立|営)")
_TITLE_CITY = re.compile(
    r"^(?:第[0-9０-９一二三四五六七八九十]+[次期])?(?![市町村区都])"
    r"([一-龥ぁ-んァ-ヶー]{1,8}?[市町村])(?=.*計画)"
)
_NOT_CITY = ("市町村", "都市", "各市", "全市", "本市", "同市", "市区町村")


def slug_for(name: str) -> str:
    """Return a plan identifier (a-z, 0-9, -) made from a file name."""
    stem = Path(name).stem.lower()
    slug = re.sub(r"[^a-z0-9]+", "-", stem).strip("-")[:60].strip("-")
    return slug or "document"


def build_draft(lines: list[str], name: str) -> dict[str, Any]:
    """Return the draft plan file read from the document's lines."""
    outline = parse_lines(lines)
    _assign_keys(outline)
    slug = slug_for(name)
    title = _title(lines, name)
    city = _city_in_title(title) or _city_name(lines)
    unsure = list(outline.unsure)
    organizations, owners = _organizations(slug, city, outline)
    if city is None:
        unsure.append("市町村名が原稿から読み取れません（organizations を直してください）")
    else:
        unsure.append(f"市町村名「{city}」は本文から推定しました")
    unsure.append("計画名（title）は原稿の最初の行かファイル名から推定しました")
    draft: dict[str, Any] = {
        "format": FORMAT,
        "organizations": organizations,
        "slug": slug,
        "title": title,
        "owners": owners,
        "level_names": outline.level_names,
        "source": f"{Path(name).name}（sasaeai import-document による下書き）",
        "nodes": outline.nodes,
        "confidence": _overall(outline),
        "unsure": unsure,
    }
    return shaped("plan", draft)


def _assign_keys(outline: Outline) -> None:
    """Give nodes and indicators the keys the importer would derive, as export-plan writes them."""
    for key, node in node_keys(outline.nodes):
        node["key"] = key
        for n, indicator in enumerate(node["indicators"], start=1):
            indicator["key"] = f"{key}#{n}"


def _overall(outline: Outline) -> float:
    scores = [i["confidence"] for _, n in node_keys(outline.nodes) for i in n["indicators"]]
    return round(min(scores), 2) if scores else 1.0


def _city_in_title(title: str) -> str | None:
    """Return the municipality a plan's title starts with (第２次みどり市地域福祉計画 → みどり市).

    The body's count below only sees kanji names; a title names the city whatever its script.
    """
    match = _TITLE_CITY.match(squash(title))
    return match[1] if match and match[1] not in _NOT_CITY else None


def _city_name(lines: list[str]) -> str | None:
    counts: Counter[str] = Counter()
    for line in lines:
        for match in _CITY.finditer(squash(line)):
            if match[1] not in _NOT_CITY and not match[1].endswith(_NOT_CITY):
                counts[match[1]] += 1
    return counts.most_common(1)[0][0] if counts else None


def _title(lines: list[str], name: str) -> str:
    for line in lines[:40]:
        text = tidy(line)
        if "計画" in text and len(text) <= 60 and "。" not in text:
            return text
    first = next((tidy(line) for line in lines if line.strip()), "")
    return first if 0 < len(first) <= 60 else Path(name).stem


def _organizations(
    slug: str, city: str | None, outline: Outline
) -> tuple[list[dict[str, Any]], list[str]]:
    council_names = [d for d in outline.departments if "社会福祉協議会" in d or d == "社協"]
    city_departments = [d for d in outline.departments if d not in council_names]
    city_key = f"{slug}-city"[:63]
    organizations = [
        {
            "key": city_key,
            "name": city or "（市町村名不明）",
            "kind": "city",
            "departments": city_departments,
        },
    ]
    owners = [city_key]
    if council_names:
        council: dict[str, Any] = {
            "key": f"{slug}-council"[:63],
            "name": f"{city}社会福祉協議会" if city else "社会福祉協議会",
            "short_name": "社会福祉協議会",
            "kind": "council",
            "departments": [n for n in council_names if n not in ("社会福祉協議会",)],
        }
        if council["name"] == council["short_name"]:
            council["short_name"] = None
        organizations.append(council)
        if _has_council_actions(outline):  # a joint plan: 地域福祉計画・地域福祉活動計画
            owners.append(council["key"])
    return organizations, owners


def _has_council_actions(outline: Outline) -> bool:
    return any(
        a["actor"] == "council" for _, node in node_keys(outline.nodes) for a in node["actions"]
    )


# -- shape ---------------------------------------------------------------------------------


def shaped(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Return values in the plan file's key order with defaults, review keys kept at the end."""
    out: dict[str, Any] = {}
    for key, default in FIELDS[kind]:
        value = values.get(key, None if default is ... else _copy(default))
        child = CHILD_KINDS.get(key)
        if child and not (kind == "indicator" and key == "footnotes"):
            if isinstance(value, list):
                value = [shaped(child, v) if isinstance(v, dict) else v for v in value]
            elif isinstance(value, dict):
                value = shaped(child, value)
        out[key] = value
    for key in REVIEW_KEYS:
        if key in values:
            out[key] = values[key]
    return out


def _copy(default: Any) -> Any:
    return list(default) if isinstance(default, list) else default


def strip_review(draft: Any) -> Any:
    """Return the draft without review keys: a plan file `sasaeai import-plan` accepts."""
    if isinstance(draft, dict):
        return {k: strip_review(v) for k, v in draft.items() if k not in REVIEW_KEYS}
    if isinstance(draft, list):
        return [strip_review(v) for v in draft]
    return draft


def compact(value: Any, kind: str = "plan") -> Any:
    """Return the draft without keys that hold their default (for a YAML a person reads)."""
    if not isinstance(value, dict):
        return value
    defaults = dict(FIELDS.get(kind, []))
    out = {}
    for key, item in value.items():
        child = CHILD_KINDS.get(key)
        if isinstance(item, list) and child and not (kind == "indicator" and key == "footnotes"):
            item = [compact(v, child) for v in item]
        elif isinstance(item, dict) and child:
            item = compact(item, child)
        if key in defaults and defaults[key] is not ... and item == defaults[key]:
            continue
        if key == "unsure" and not item:
            continue
        out[key] = item
    return out


def dump_draft(draft: dict[str, Any], fmt: str) -> str:
    """Return the draft as JSON (every key, as export-plan writes) or compact YAML."""
    if fmt == "json":
        return json.dumps(draft, ensure_ascii=False, indent=2) + "\n"
    text: str = yaml.dump(
        compact(draft), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100
    )
    return text


class _Dumper(yaml.SafeDumper):
    """SafeDumper writing a text of several lines as a block (|-), one paragraph a line."""


def _text(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


def _pair(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    flow = len(value) == 2 and all(isinstance(v, int) for v in value)
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=flow)


_Dumper.add_representer(str, _text)
_Dumper.add_representer(list, _pair)
