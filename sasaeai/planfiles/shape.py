"""The canonical shape of a plan file: every object's keys, in order, with their defaults.

Import fills the defaults of keys left out; export writes every key in this order. One table
serves both, so a file exported, imported and exported again is the same bytes.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

SCHEMA_PATH = Path(__file__).with_name("plan-file.schema.json")
FORMAT = "sasaeai.plan/1"

# kind → [(key, default)]; a default of ... means required (the schema says so too).
_PERIOD = [("start", None), ("end", None), ("note", None)]
FIELDS: dict[str, list[tuple[str, Any]]] = {
    "plan": [
        ("format", ...),
        ("organizations", []),
        ("slug", ...),
        ("title", ...),
        ("subtitle", None),
        ("owners", ...),
        ("period", None),
        ("vision", None),
        ("level_names", ...),
        ("description", None),
        ("source", None),
        ("grading", None),
        ("glossary", []),
        ("nodes", ...),
        ("cycles", []),
        ("sub_plans", []),
    ],
    "sub_plan": [
        ("slug", ...),
        ("title", ...),
        ("subtitle", None),
        ("relation", ...),
        ("owners", []),
        ("period", None),
        ("vision", None),
        ("level_names", ...),
        ("description", None),
        ("source", None),
        ("grading", None),
        ("glossary", []),
        ("nodes", ...),
        ("cycles", []),
    ],
    "period": _PERIOD,
    "organization": [
        ("key", ...),
        ("name", ...),
        ("short_name", None),
        ("kind", ...),
        ("parent", None),
        ("departments", []),
        ("bases", []),
    ],
    "base": [
        ("name", ...),
        ("address", None),
        ("phone", None),
        ("hours", None),
        ("coordinator", None),
        ("note", None),
    ],
    "glossary_term": [("term", ...), ("description", None)],
    "node": [
        ("key", None),
        ("code", None),
        ("level", None),
        ("title", ...),
        ("subtitle", None),
        ("kind", "measure"),
        ("priority", False),
        ("related", []),
        ("relist_of", None),
        ("page_ref", None),
        ("sections", []),
        ("actions", []),
        ("messages", []),
        ("columns", []),
        ("footnotes", []),
        ("indicators", []),
        ("indicator_notes", []),
        ("children", []),
    ],
    "section": [("title", ...), ("body", ...)],
    "action": [
        ("actor", None),
        ("title", ...),
        ("content", None),
        ("departments", []),
        ("priority", False),
        ("relist_of", None),
        ("note", None),
    ],
    "message": [("audience", ...), ("label", None), ("items", ...)],
    "footnote": [("number", ...), ("text", ...)],
    "indicator": [
        ("key", None),
        ("name", ...),
        ("unit", None),
        ("source_note", None),
        ("definition", None),
        ("responsible", []),
        ("cumulative", False),
        ("survey", False),
        ("direction", None),
        ("numerator", None),
        ("denominator", None),
        ("ratio_unit", None),
        ("footnotes", []),
        ("notes", []),
        ("baseline", ...),
        ("targets", []),
        ("actuals", []),
    ],
    "baseline": [("fiscal_year", ...), ("value", ...), ("note", None)],
    "target": [
        ("fiscal_year", ...),
        ("value", None),
        ("direction", None),
        ("qualifier", None),
        ("numerator", None),
        ("denominator", None),
        ("note", None),
        ("not_set_reason", None),
    ],
    "actual": [
        ("fiscal_year", ...),
        ("value", ...),
        ("numerator", None),
        ("denominator", None),
        ("note", None),
        ("method_changed", False),
        ("sample", False),
    ],
    "cycle": [
        ("fiscal_year", None),
        ("title", ...),
        ("status", ...),
        ("confirmed_by", None),
        ("confirmed_on", None),
        ("entries", ...),
    ],
    "entry": [
        ("node", ...),
        ("action", None),
        ("actor", None),
        ("department", None),
        ("progress", None),
        ("issues", None),
        ("next_steps", None),
        ("self_rating", None),
        ("status", None),
        ("values", []),
    ],
    "entry_value": [
        ("indicator", ...),
        ("value", None),
        ("note", None),
        ("method_changed", False),
        ("sample", False),
    ],
}

# Which kind of object each list or object key holds.
CHILD_KINDS = {
    "organizations": "organization",
    "bases": "base",
    "glossary": "glossary_term",
    "nodes": "node",
    "children": "node",
    "sections": "section",
    "columns": "section",
    "actions": "action",
    "messages": "message",
    "footnotes": "footnote",
    "indicators": "indicator",
    "targets": "target",
    "actuals": "actual",
    "cycles": "cycle",
    "entries": "entry",
    "values": "entry_value",
    "sub_plans": "sub_plan",
    "period": "period",
    "baseline": "baseline",
}


def ordered(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """Return values as an object of `kind`, keys in canonical order, defaults filled in.

    Nested objects and lists of objects are put in shape too. A footnote list under an
    indicator holds plain numbers, not footnote objects, so it is left as it is.
    """
    out: dict[str, Any] = {}
    for key, default in FIELDS[kind]:
        value = values.get(key, None if default is ... else _copy(default))
        out[key] = _shape_child(kind, key, value)
    return out


def _shape_child(kind: str, key: str, value: Any) -> Any:
    child = CHILD_KINDS.get(key)
    if child is None or value is None or (kind == "indicator" and key == "footnotes"):
        return value
    if isinstance(value, list):
        return [ordered(child, v) if isinstance(v, dict) else v for v in value]
    return ordered(child, value) if isinstance(value, dict) else value


def _copy(default: Any) -> Any:
    return list(default) if isinstance(default, list) else default


@cache
def schema() -> dict[str, Any]:
    """Return the JSON Schema of the plan file (docs/plan-file.schema.json is a copy)."""
    loaded: dict[str, Any] = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    return loaded
