"""The OpenAPI 3.1 description of the API, served at /api/v1/openapi.json.

Written as Python so that enumerations come from the models and shared responses are written
once. tests/api validates every response the tests receive against these schemas.
"""

from typing import Any

from django.conf import settings

from sasaeai.plans.models import Actor
from sasaeai.progress.models import Entry

REF = "#/components/schemas/"


def document() -> dict[str, Any]:
    """Return the OpenAPI document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Sasaeai API",
            "version": "1",
            "summary": "年度ごとの進捗（進捗状況・課題・今後の方向・実績値）の JSON API と、"
            "確定した内容だけのオープンデータ API（/public/…）",
            "description": "See docs/api.md (日本語・English). Access is exactly that of the "
            "staff pages: entries the caller may not read answer 404, entries they may read "
            "but not change answer 403. The paths under /public/ are open data: no sign-in, "
            "GET only, CORS open to every origin, only what the committee has confirmed, "
            "each answer naming its licence.",
        },
        "servers": [{"url": "/api/v1"}],
        "security": [{"session": []}, {"token": []}],
        "paths": _paths(),
        "components": {
            "securitySchemes": _security_schemes(),
            "parameters": _parameters(),
            "responses": _responses(),
            "schemas": _schemas(),
        },
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": REF + name}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*statuses: int) -> dict[str, Any]:
    names = {
        400: "Invalid",
        401: "Unauthenticated",
        403: "Forbidden",
        404: "NotFound",
        409: "Conflict",
    }
    return {str(s): {"$ref": f"#/components/responses/{names[s]}"} for s in statuses}


def _entry_operation(summary: str, description: str, *errors: int, **extra: Any) -> dict[str, Any]:
    return {
        "summary": summary,
        "description": description,
        "parameters": [{"$ref": "#/components/parameters/entry_id"}],
        "responses": {"200": _json(_ref("Entry"), "The entry"), **_errors(*errors)},
        **extra,
    }


def _paths() -> dict[str, Any]:
    return {
        "/plans/{slug}/cycles/{fiscal_year}/entries": {
            "get": {
                "operationId": "listEntries",
                "summary": "List the entries of a cycle (進捗の一覧)",
                "description": "Only the entries the caller may read, in the plan's order. "
                "404 when the plan has no cycle for the fiscal year.",
                "parameters": [
                    {"$ref": "#/components/parameters/slug"},
                    {"$ref": "#/components/parameters/fiscal_year"},
                    {"$ref": "#/components/parameters/status"},
                ],
                "responses": {
                    "200": _json(_ref("EntryList"), "The entries"),
                    **_errors(400, 401, 404),
                },
            }
        },
        "/entries/{entry_id}": {
            "get": _entry_operation(
                "Read an entry (進捗)",
                "Texts, state and values of one entry.",
                401,
                404,
                operationId="getEntry",
            ),
            "patch": _entry_operation(
                "Save texts and values (保存)",
                "Send the `version` you started editing from. Keys left out keep their "
                "content; inside `values`, so do `value` and `note` left out. A stale version "
                "answers 409 with what others changed since.",
                400,
                401,
                403,
                404,
                409,
                operationId="saveEntry",
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("EntryPatch")}},
                },
            ),
        },
        "/entries/{entry_id}/submit": {
            "post": _entry_operation(
                "Submit to the secretariat (提出)",
                "The entry must be 入力中 (draft) or 差戻し (returned) and complete.",
                400,
                401,
                403,
                404,
                operationId="submitEntry",
            )
        },
        "/entries/{entry_id}/return": {
            "post": _entry_operation(
                "Return to the department (差戻し)",
                "The secretariat sends a submitted entry back with a reason.",
                400,
                401,
                403,
                404,
                operationId="returnEntry",
                requestBody={
                    "required": True,
                    "content": {"application/json": {"schema": _ref("ReturnRequest")}},
                },
            )
        },
        "/entries/{entry_id}/accept": {
            "post": _entry_operation(
                "Accept (受理)",
                "The secretariat accepts a submitted entry.",
                400,
                401,
                403,
                404,
                operationId="acceptEntry",
            )
        },
        **_public_paths(),
        "/openapi.json": {
            "get": {
                "operationId": "getOpenAPI",
                "summary": "This document",
                "security": [],
                "responses": {"200": _json({"type": "object"}, "The OpenAPI document")},
            }
        },
    }


def _security_schemes() -> dict[str, Any]:
    return {
        "session": {
            "type": "apiKey",
            "in": "cookie",
            "name": settings.SESSION_COOKIE_NAME,
            "description": "A signed-in browser. Requests other than GET must also send the "
            f"`{settings.CSRF_COOKIE_NAME}` cookie's value in the `X-CSRFToken` header.",
        },
        "token": {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Authorization: Token <token>`, a token made with "
            "`sasaeai create-token USERNAME`. No CSRF token needed.",
        },
    }


def _parameters() -> dict[str, Any]:
    return {
        "slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "description": "The plan's identifier (計画の識別子), e.g. `ageo`",
            "schema": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
        },
        "fiscal_year": {
            "name": "fiscal_year",
            "in": "path",
            "required": True,
            "description": "The fiscal year (年度) in the Western calendar: 令和5年度 = 2023",
            "schema": {"type": "integer", "minimum": 0},
        },
        "node_id": {
            "name": "node_id",
            "in": "path",
            "required": True,
            "description": "A node (施策) of the plan; another plan's node answers 404",
            "schema": {"type": "integer", "minimum": 0},
        },
        "entry_id": {
            "name": "entry_id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 0},
        },
        "status": {
            "name": "status",
            "in": "query",
            "required": False,
            "description": "Only entries in this state",
            "schema": _ref("Status"),
        },
    }


def _responses() -> dict[str, Any]:
    return {
        "Invalid": _json(
            _ref("ValidationError"),
            "The request or the change is refused; `problems` names each field.",
        ),
        "Unauthenticated": _json(_ref("Error"), "Not signed in, or the token is wrong."),
        "Forbidden": _json(
            _ref("Error"),
            "The caller may read the entry but not do this, or the entry's state does not "
            "allow it; also a failed CSRF check (`error`: `csrf`).",
        ),
        "NotFound": _json(
            _ref("Error"), "No such plan, cycle or entry, or one the caller may not read."
        ),
        "Conflict": _json(_ref("Conflict"), "Someone else saved the entry since `version`."),
    }


def _schemas() -> dict[str, Any]:
    return {
        "Status": {
            "type": "string",
            "enum": list(Entry.Status.values),
            "description": "draft 入力中, submitted 提出済, returned 差戻し, accepted 受理, "
            "confirmed 確定",
        },
        "Entry": _entry_schema(),
        "Value": _value_schema(),
        "EntryList": {
            "type": "object",
            "required": ["results"],
            "additionalProperties": False,
            "properties": {"results": {"type": "array", "items": _ref("Entry")}},
        },
        "EntryPatch": _patch_schema(),
        "ValueInput": _value_input_schema(),
        "ReturnRequest": {
            "type": "object",
            "required": ["reason"],
            "properties": {"reason": {"type": "string", "description": "差戻しの理由"}},
        },
        **_error_schemas(),
        **_public_schemas(),
    }


def _text(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _nullable(type_: str, description: str = "", **more: Any) -> dict[str, Any]:
    return {"type": [type_, "null"], "description": description, **more}


def _entry_schema() -> dict[str, Any]:
    properties = {
        "id": {"type": "integer"},
        "version": {"type": "integer", "description": "版: send it back when saving"},
        "status": _ref("Status"),
        "plan": _text("The plan's slug"),
        "fiscal_year": _nullable("integer", "年度"),
        "node": {
            "type": "object",
            "required": ["key", "title"],
            "additionalProperties": False,
            "properties": {"key": _text("施策の識別子"), "title": _text("施策の名称")},
        },
        "action": _nullable("string", "取組の名称; null for an entry of the node's indicators"),
        "actor": {
            "enum": [*Actor.values, None],
            "description": "主体: " + ", ".join(f"{a.value} {a.label}" for a in Actor),
        },
        "responsible": _text("担当（担当課、組織、または主体）"),
        "progress": _text("進捗状況"),
        "issues": _text("課題"),
        "next_steps": _text("今後の方向"),
        "self_rating": _text("自己評価"),
        "late": {"type": "boolean", "description": "期限後の提出"},
        "return_reason": _text("差戻しの理由"),
        "submitted_at": _nullable("string", "提出日時", format="date-time"),
        "updated_at": _nullable("string", "更新日時", format="date-time"),
        "values": {"type": "array", "items": _ref("Value"), "description": "実績値"},
    }
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


def _value_schema() -> dict[str, Any]:
    properties = {
        "indicator": _text("指標の識別子: the key to use in `values` when saving"),
        "name": _text("指標名"),
        "unit": _text("単位"),
        "value": _nullable("number", "実績値"),
        "note": _text("注記"),
        "method_changed": {"type": "boolean", "description": "集計方法の変更"},
    }
    return {
        "type": "object",
        "required": list(properties),
        "additionalProperties": False,
        "properties": properties,
    }


def _patch_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["version"],
        "additionalProperties": False,
        "properties": {
            "version": {"type": "integer", "description": "The version you started from"},
            "progress": _text("進捗状況"),
            "issues": _text("課題"),
            "next_steps": _text("今後の方向"),
            "self_rating": {**_text("自己評価"), "maxLength": 50},
            "values": {
                "type": "object",
                "description": "By indicator key (`Value.indicator`)",
                "additionalProperties": _ref("ValueInput"),
            },
        },
    }


def _value_input_schema() -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "properties": {
            "value": {
                "type": ["number", "string", "null"],
                "description": 'A number, or text as printed (`"1,234"`, `"1,234人"`); '
                'null or `"―"` for none. A change of half or more from last year\'s '
                "confirmed value needs a `note`.",
            },
            "note": _nullable("string", "注記: why there is no value, or why it jumped"),
            "method_changed": {"type": "boolean", "description": "集計方法の変更"},
        },
    }


def _error_schemas() -> dict[str, Any]:
    message = _text("What went wrong, in Japanese")
    return {
        "Error": {
            "type": "object",
            "required": ["error", "message"],
            "properties": {
                "error": {
                    "enum": [
                        "unauthenticated",
                        "forbidden",
                        "csrf",
                        "not_found",
                        "method_not_allowed",
                        "invalid",
                        "conflict",
                    ]
                },
                "message": message,
                "reason": _text("For `csrf`: Django's reason"),
            },
        },
        "ValidationError": {
            "type": "object",
            "required": ["error", "message", "problems"],
            "additionalProperties": False,
            "properties": {
                "error": {"const": "invalid"},
                "message": message,
                "problems": {
                    "type": "object",
                    "description": "Field (`progress`, `values.<indicator key>`, `version`, "
                    "`reason`, `status`, `body` …) → problem in Japanese",
                    "additionalProperties": {"type": "string"},
                },
            },
        },
        "Conflict": {
            "type": "object",
            "required": ["error", "message", "changes", "current"],
            "additionalProperties": False,
            "properties": {
                "error": {"const": "conflict"},
                "message": message,
                "changes": {"type": "array", "items": _ref("Change")},
                "current": _ref("Entry"),
            },
        },
        "Change": {
            "type": "object",
            "required": ["field", "label", "before", "after", "by", "at"],
            "additionalProperties": False,
            "properties": {
                "field": _text("`progress`, `issues`, `next_steps`, `self_rating` or `values`"),
                "label": _text("The field's Japanese name (進捗状況 …)"),
                "before": {"description": "Text, or for `values` an object by indicator key"},
                "after": {"description": "Text, or for `values` an object by indicator key"},
                "by": _text("Who saved it"),
                "at": {"type": "string", "format": "date-time"},
            },
        },
    }


# -- open data (/public/…) ---------------------------------------------------------------------


def _public_get(
    operation_id: str, summary: str, schema: str, *, node: bool = False, plan: bool = True
) -> dict[str, Any]:
    parameters = [{"$ref": "#/components/parameters/slug"}] if plan else []
    if node:
        parameters.append({"$ref": "#/components/parameters/node_id"})
    responses: dict[str, Any] = {"200": _json(_ref(schema), summary)}
    if plan:
        responses.update(_errors(404))
    return {
        "get": {
            "operationId": operation_id,
            "summary": summary,
            "description": "No sign-in; `Access-Control-Allow-Origin: *`. Only what the "
            "committee has confirmed (see docs/public.md).",
            "security": [],
            "tags": ["open data"],
            "parameters": parameters,
            "responses": responses,
        }
    }


def _public_paths() -> dict[str, Any]:
    download = _public_get("downloadPlanJson", "A plan's whole confirmed data", "OpenData")
    zipped = _public_get("downloadPlanZip", "The same as CSV files in a zip", "OpenData")
    zipped["get"]["responses"]["200"] = {
        "description": "plan.csv, nodes.csv, actions.csv, indicators.csv, values.csv, "
        "progress.csv (UTF-8 with BOM), LICENSE.txt and README.txt, in a folder named by slug",
        "content": {"application/zip": {"schema": {"type": "string", "format": "binary"}}},
    }
    return {
        "/public/plans": _public_get(
            "listPublicPlans", "The plans (計画一覧)", "PublicPlanList", plan=False
        ),
        "/public/plans/{slug}": _public_get(
            "getPublicPlan", "A plan with its node tree (計画と施策の体系)", "PublicPlanTree"
        ),
        "/public/plans/{slug}/nodes/{node_id}": _public_get(
            "getPublicNode",
            "A node: texts, actions, indicators (施策)",
            "PublicNodeAnswer",
            node=True,
        ),
        "/public/plans/{slug}/indicators": _public_get(
            "listPublicIndicators",
            "Every indicator with values and grade (指標)",
            "PublicIndicators",
        ),
        "/public/plans/{slug}/progress": _public_get(
            "getPublicProgress", "Confirmed progress by cycle (確定した進捗)", "PublicProgress"
        ),
        "/public/plans/{slug}/download.json": download,
        "/public/plans/{slug}/download.zip": zipped,
    }


def _object(properties: dict[str, Any], *optional: str) -> dict[str, Any]:
    return {
        "type": "object",
        "required": [k for k in properties if k not in optional],
        "additionalProperties": False,
        "properties": properties,
    }


def _array(name: str) -> dict[str, Any]:
    return {"type": "array", "items": _ref(name)}


def _with_license(properties: dict[str, Any]) -> dict[str, Any]:
    return _object({**properties, "license": _ref("License")})


def _public_schemas() -> dict[str, Any]:
    integer, boolean = {"type": "integer"}, {"type": "boolean"}
    year = _nullable("integer", "年度 (Western calendar)")
    value = _nullable("number", "A plain number, no separators")
    plan = _object(
        {
            "slug": _text("計画の識別子"),
            "title": _text("計画名"),
            "subtitle": _text("副題"),
            "period_start": year,
            "period_end": year,
            "period_note": _text("計画期間の注記"),
            "vision": _text("基本理念"),
            "description": _text("説明"),
            "source": _text("出典"),
            "parent": _nullable("string", "親計画の識別子"),
            "owners": {"type": "array", "items": {"type": "string"}, "description": "策定"},
            "page": _text("The public page's path"),
        }
    )
    head = {
        "id": integer,
        "parent_id": _nullable("integer"),
        "key": _text("施策の識別子"),
        "code": _text("番号"),
        "level": _text("階層名（基本目標、施策 …）"),
        "title": _text("名称"),
        "subtitle": _text("副題"),
        "kind": _text("種別"),
        "priority": boolean,
        "depth": integer,
    }
    entry = _object(
        {
            "id": integer,
            "node_id": integer,
            "node": _text("施策の名称"),
            "action_id": _nullable("integer"),
            "action": _nullable("string", "取組"),
            "responsible": _text("担当"),
            "progress": _text("進捗状況"),
            "issues": _text("課題"),
            "next_steps": _text("今後の方向"),
            "self_rating": _text("自己評価"),
            "cycle": _text("進捗報告 (node answers only)"),
            "fiscal_year": year,
        },
        "cycle",
        "fiscal_year",
    )
    return {
        "License": {
            "type": "object",
            "required": ["name", "url"],
            "description": "The OPEN_DATA_LICENSE setting (CC BY 4.0 unless configured)",
            "properties": {"name": _text("e.g. CC BY 4.0"), "url": _text("The licence text")},
        },
        "PublicPlan": plan,
        "PublicPlanList": _with_license({"plans": _array("PublicPlan")}),
        "TreeNode": _object({**head, "children": _array("TreeNode")}),
        "PublicPlanTree": _with_license({"plan": _ref("PublicPlan"), "nodes": _array("TreeNode")}),
        "PublicNode": _object(
            {
                **head,
                "narratives": {
                    "type": "array",
                    "items": _object(
                        {
                            "kind": _text("section / column"),
                            "title": _text("見出し"),
                            "body": _text("本文"),
                        }
                    ),
                },
                "messages": {
                    "type": "array",
                    "items": _object(
                        {
                            "audience": _text("対象"),
                            "label": _text("見出し"),
                            "items": {"type": "array"},
                        }
                    ),
                },
                "footnotes": {
                    "type": "array",
                    "items": _object({"number": _text("番号"), "text": _text("注記")}),
                },
                "actions": _array("PublicAction"),
                "indicator_ids": {"type": "array", "items": integer},
                "indicators": _array("PublicIndicator"),
                "progress": _array("PublicEntry"),
            },
            "indicators",
            "progress",
        ),
        "PublicNodeAnswer": _with_license(
            {"plan": _text("計画の識別子"), "node": _ref("PublicNode")}
        ),
        "PublicAction": _object(
            {
                "id": integer,
                "node_id": integer,
                "actor": _text("主体"),
                "actor_label": _text("主体の名称"),
                "title": _text("取組"),
                "content": _text("内容"),
                "priority": boolean,
                "note": _text("備考"),
                "departments": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "担当",
                },
            }
        ),
        "PublicIndicator": _object(
            {
                "id": integer,
                "node_id": integer,
                "key": _text("指標の識別子"),
                "name": _text("指標名"),
                "unit": _text("単位"),
                "definition": _text("定義"),
                "source_note": _text("出典"),
                "direction": _text("めざす方向"),
                "cumulative": boolean,
                "baseline": _object(
                    {"fiscal_year": year, "value": value, "note": _text("現状値の注記")}
                ),
                "targets": {
                    "type": "array",
                    "items": _object(
                        {
                            "fiscal_year": year,
                            "value": value,
                            "qualifier": _text("以上・以下"),
                            "direction": _text("方向"),
                            "note": _text("注記"),
                            "not_set_reason": _text("目標を設定しない理由"),
                        }
                    ),
                },
                "actuals": {
                    "type": "array",
                    "items": _object(
                        {
                            "fiscal_year": integer,
                            "value": value,
                            "note": _text("注記"),
                            "method_changed": boolean,
                            "sample": {"type": "boolean", "description": "架空のデモ値"},
                        }
                    ),
                },
                "responsible": {
                    "type": "array",
                    "items": {"type": "string"},
                    "description": "担当",
                },
                "grade": {"oneOf": [{"type": "null"}, _ref("PublicGrade")]},
            }
        ),
        "PublicGrade": _object(
            {
                "grade": _text("評価 (A, B …), computed from confirmed values"),
                "label": _text("評価の意味（改善傾向 …）"),
                "achievement": _nullable("number", "達成率"),
                "explanation": _text("評価の説明"),
                "as_of": year,
                "actual_year": year,
                "target_year": year,
            }
        ),
        "PublicIndicators": _with_license(
            {
                "plan": _text("計画の識別子"),
                "as_of": year,
                "note": _text("What the data holds"),
                "indicators": _array("PublicIndicator"),
            }
        ),
        "PublicEntry": entry,
        "PublicCycle": _object(
            {
                "id": integer,
                "title": _text("進捗報告"),
                "fiscal_year": year,
                "confirmed_by": _text("確定した会議体"),
                "confirmed_on": _nullable("string", "確定日", format="date"),
                "entries": _array("PublicEntry"),
            }
        ),
        "PublicProgress": _with_license(
            {"plan": _text("計画の識別子"), "cycles": _array("PublicCycle")}
        ),
        "OpenData": _with_license(
            {
                "plan": _ref("PublicPlan"),
                "generated_on": {"type": "string", "format": "date", "description": "作成日"},
                "note": _text("What the data holds"),
                "nodes": _array("PublicNode"),
                "actions": _array("PublicAction"),
                "indicators": _array("PublicIndicator"),
                "progress": _array("PublicCycle"),
            }
        ),
    }
