"""Entries as JSON, and JSON request bodies as arguments of the progress services.

The API names indicators by their key (`3/6#1`), as plan files do; the services take ids.
Bodies are checked for shape here (types, known keys); what a value means is the services' call.
"""

import json
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from django.http.request import RawPostDataException
from django.utils import timezone

from sasaeai.progress.models import Entry, ValueSlot
from sasaeai.progress.services import TEXT_FIELDS, Change, WorkflowError

VALUE_KEYS = {"value", "note", "method_changed"}
# ValueSlot.value is DecimalField(max_digits=20, decimal_places=6): less than 10**14.
VALUE_LIMIT = Decimal(10) ** 14


def entry_json(entry: Entry) -> dict[str, Any]:
    """Return the entry as the API shows it (the `Entry` schema of openapi.py)."""
    return {
        "id": entry.pk,
        "version": entry.version,
        "status": entry.status,
        "plan": entry.cycle.plan.slug,
        "fiscal_year": entry.cycle.fiscal_year,
        "node": {"key": entry.node.key, "title": entry.node.title},
        "action": entry.action.title if entry.action_id else None,
        "actor": entry.actor or None,
        "responsible": entry.responsible_label,
        **{field: getattr(entry, field) for field in TEXT_FIELDS},
        "late": entry.late,
        "return_reason": entry.return_reason,
        "submitted_at": _datetime(entry.submitted_at),
        "updated_at": _datetime(entry.updated_at),
        "values": [_slot_json(slot) for slot in entry.value_slots.all()],
    }


def _slot_json(slot: ValueSlot) -> dict[str, Any]:
    return {
        "indicator": slot.indicator.key,
        "name": slot.indicator.name,
        "unit": slot.indicator.unit,
        "value": number(slot.value, slot.precision),
        "note": slot.note,
        "method_changed": slot.method_changed,
    }


def number(value: Decimal | None, precision: int) -> int | float | None:
    """Return a stored value as a JSON number, with the decimals it was written with."""
    if value is None:
        return None
    if precision == 0 and value == value.to_integral_value():
        return int(value)
    return float(round(value, precision))


def _datetime(value: Any) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def change_json(change: Change, keys: dict[str, str]) -> dict[str, Any]:
    """Return one change of a conflict; `keys` maps indicator ids to keys for `values`."""
    return {
        "field": change.field,
        "label": change.label,
        "before": _by_key(change.before, keys) if change.field == "values" else change.before,
        "after": _by_key(change.after, keys) if change.field == "values" else change.after,
        "by": change.by,
        "at": _datetime(change.at),
    }


def _by_key(values: Any, keys: dict[str, str]) -> Any:
    if not isinstance(values, dict):
        return values
    return {keys.get(str(id_), str(id_)): value for id_, value in values.items()}


def indicator_keys(entry: Entry) -> dict[str, str]:
    """Return the entry's indicator ids (as text) mapped to their keys."""
    return {str(s.indicator_id): s.indicator.key for s in entry.value_slots.all()}


def problems_by_key(problems: dict[str, str], entry: Entry) -> dict[str, str]:
    """Return the services' problems with `values.<id>` renamed `values.<key>`."""
    keys = indicator_keys(entry)
    renamed = {}
    for field, message in problems.items():
        prefix, _, id_ = field.partition(".")
        if prefix == "values" and id_ in keys:
            field = f"values.{keys[id_]}"
        renamed[field] = message
    return renamed


# -- request bodies ------------------------------------------------------------------------------


def read_body(request: HttpRequest) -> dict[str, Any]:
    """Return the JSON object sent as the body ({} when empty), or raise WorkflowError."""
    try:
        raw = request.body
    except RawPostDataException:
        raw = b"-"
    if not raw.strip():
        return {}
    try:
        body = json.loads(raw, parse_float=Decimal, parse_constant=_no_constant)
    except ValueError:
        body = None
    if not isinstance(body, dict):
        raise WorkflowError({"body": "本文は JSON のオブジェクト（{…}）で送ってください。"})
    return body


def _no_constant(name: str) -> None:
    raise ValueError(name)


def save_arguments(body: dict[str, Any], entry: Entry) -> dict[str, Any]:
    """Return the keyword arguments of services.save_entry for a PATCH body, or raise."""
    problems = {
        key: f"「{key}」は変更できる項目ではありません。"
        for key in sorted(set(body) - {"version", "values", *TEXT_FIELDS})
    }
    version = body.get("version")
    if isinstance(version, bool) or not isinstance(version, int):
        problems["version"] = "編集を始めたときの版（version）を整数で送ってください。"
    texts = {field: body[field] for field in TEXT_FIELDS if field in body}
    problems |= _text_problems(texts)
    values, value_problems = _values(body.get("values", {}), entry)
    problems |= value_problems
    if problems:
        raise WorkflowError(problems)
    return {"version": version, "texts": texts, "values": values}


def _text_problems(texts: dict[str, Any]) -> dict[str, str]:
    problems = {}
    for field, text in texts.items():
        limit = Entry._meta.get_field(field).max_length
        if not isinstance(text, str):
            problems[field] = f"{TEXT_FIELDS[field]}は文字列で送ってください。"
        elif limit and len(text.strip()) > limit:
            problems[field] = f"{TEXT_FIELDS[field]}は{limit}字以内で書いてください。"
    return problems


def _values(given: Any, entry: Entry) -> tuple[dict[int, dict[str, Any]], dict[str, str]]:
    """Return the values by indicator id, missing keys filled from the entry, and problems."""
    if not isinstance(given, dict):
        return {}, {"values": "values は指標の識別子をキーにしたオブジェクトで送ってください。"}
    slots = {s.indicator.key: s for s in entry.value_slots.all()}
    values, problems = {}, {}
    for key, fields in given.items():
        field = f"values.{key}"
        slot = slots.get(key)
        problem = "この進捗にない指標です。" if slot is None else _value_problem(slot, fields)
        if problem:
            problems[field] = problem
        else:
            values[slot.indicator_id] = _merged(slot, fields)  # type: ignore[union-attr]
    return values, problems


def _value_problem(slot: ValueSlot, fields: Any) -> str:
    name = slot.indicator.name
    if not isinstance(fields, dict):
        return name + ': {"value": …, "note": …} の形で送ってください。'
    unknown = sorted(set(fields) - VALUE_KEYS)
    if unknown:
        return f"{name}: 「{'」「'.join(unknown)}」は送れません（value, note, method_changed）。"
    value = fields.get("value")
    if isinstance(value, bool) or not isinstance(value, int | Decimal | str | None):
        return f"{name}: 実績値は数値か文字列、または null で送ってください。"
    if isinstance(value, int | Decimal) and abs(value) >= VALUE_LIMIT:
        return f"{name}: 実績値が大きすぎます。"
    if not isinstance(fields.get("note", ""), str | None):
        return f"{name}: 注記は文字列で送ってください。"
    if not isinstance(fields.get("method_changed", False), bool):
        return f"{name}: method_changed は true か false で送ってください。"
    return ""


def _merged(slot: ValueSlot, fields: dict[str, Any]) -> dict[str, Any]:
    """Return what the services expect: a key left out of the body keeps its current content."""
    current = (
        None if slot.value is None else slot.value.quantize(Decimal(1).scaleb(-slot.precision))
    )
    return {"value": current, "note": slot.note, **fields}
