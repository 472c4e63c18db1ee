"""Check a plan file completely before anything is written: schema first, then meaning.

Pure: the caller passes the organizations already known, so no database is touched here.
Every problem is collected (not just the first) and named by its path and line.
"""

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import jsonschema

from sasaeai.grading import SchemeError, parse_scheme

from .reader import Document, Path_, PlanFileError, Problem
from .shape import ordered, schema


@dataclass(frozen=True)
class KnownOrganization:
    key: str
    name: str
    short_name: str = ""
    departments: tuple[str, ...] = ()


@dataclass
class CleanPlan:
    """A valid plan file in canonical shape, with keys derived and 担当 names resolved."""

    data: dict[str, Any]
    responsible: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)

    def plans(self) -> Iterator[tuple[dict[str, Any], dict[str, Any] | None]]:
        """Yield (plan, parent) for the plan and each of its sub-plans."""
        yield self.data, None
        for sub in self.data["sub_plans"]:
            yield sub, self.data


def validate(doc: Document, known: dict[str, KnownOrganization] | None = None) -> CleanPlan:
    """Return the cleaned plan, or raise PlanFileError naming every problem."""
    problems = [doc.problem(path, msg) for path, msg in _schema_problems(doc.data)]
    if problems:
        raise PlanFileError(problems, doc.name)
    clean = CleanPlan(data=ordered("plan", doc.data))
    checker = _Checker(doc, clean, dict(known or {}))
    checker.run()
    if checker.problems:
        raise PlanFileError(checker.problems, doc.name)
    return clean


# -- schema ----------------------------------------------------------------------------------


def _schema_problems(data: Any) -> list[tuple[Path_, str]]:
    validator = jsonschema.Draft202012Validator(
        schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    found = []
    for error in validator.iter_errors(data):
        for leaf in _leaves(error):
            found.append(_explain(leaf))
    return sorted(set(found), key=lambda p: (tuple(map(str, p[0])), p[1]))


def _leaves(error: jsonschema.ValidationError) -> list[jsonschema.ValidationError]:
    """Return the most specific errors: an anyOf's own branches rather than 'not valid'."""
    if error.context:
        best = jsonschema.exceptions.best_match(error.context)
        return [best] if best is not None else [error]
    return [error]


def _explain(error: jsonschema.ValidationError) -> tuple[Path_, str]:
    path: Path_ = tuple(error.absolute_path)
    kind, value = error.validator, error.validator_value
    if kind == "required":
        missing = error.message.split("'")[1]
        return path, f"必須の項目「{missing}」がありません"
    if kind == "additionalProperties":
        extra = sorted(set(error.instance) - set(error.schema.get("properties", {})))
        return path + (extra[0],), f"この場所にない項目です（{', '.join(extra)}）"
    if kind == "type":
        wanted = "・".join(
            _TYPE_NAMES.get(t, t) for t in ([value] if isinstance(value, str) else value)
        )
        return path, f"{wanted}にしてください（書かれている値: {_show(error.instance)}）"
    if kind in ("enum", "const"):
        options = value if kind == "enum" else [value]
        shown = "、".join("null" if o is None else str(o) for o in options)
        return (
            path,
            f"次のいずれかにしてください: {shown}（書かれている値: {_show(error.instance)}）",
        )
    return path, _OTHER.get(
        kind, "形式が正しくありません"
    ) + f"（書かれている値: {_show(error.instance)}）"


_TYPE_NAMES = {
    "integer": "整数",
    "number": "数値",
    "string": "文字列",
    "null": "null",
    "boolean": "true か false",
    "array": "リスト",
    "object": "項目の並び",
}
_OTHER = {
    "minLength": "空にはできません",
    "minItems": "一つ以上書いてください",
    "pattern": "英小文字・数字・ハイフンで書いてください",
    "minimum": "年度は1868以上にしてください",
    "maximum": "年度は2200以下にしてください",
    "format": "日付は YYYY-MM-DD で書いてください",
}


def _show(value: Any) -> str:
    text = repr(value) if not isinstance(value, dict | list) else type(value).__name__
    return text if len(text) <= 40 else text[:37] + "..."


# -- meaning ---------------------------------------------------------------------------------


class _Checker:
    def __init__(self, doc: Document, clean: CleanPlan, known: dict[str, KnownOrganization]):
        self.doc, self.clean, self.known = doc, clean, known
        self.problems: list[Problem] = []

    def fail(self, path: Path_, message: str) -> None:
        self.problems.append(self.doc.problem(path, message))

    def run(self) -> None:
        data = self.clean.data
        self.check_organizations(data["organizations"])
        slugs = [data["slug"]] + [s["slug"] for s in data["sub_plans"]]
        for i, slug in enumerate(slugs[1:]):
            if slugs.count(slug) > 1:
                self.fail(("sub_plans", i, "slug"), f"計画の識別子「{slug}」が重複しています")
        self.check_plan(data, ())
        for i, sub in enumerate(data["sub_plans"]):
            self.check_plan(sub, ("sub_plans", i))

    def check_organizations(self, organizations: list[dict[str, Any]]) -> None:
        counts = Counter(o["key"] for o in organizations)
        for i, org in enumerate(organizations):
            if counts[org["key"]] > 1:
                self.fail(
                    ("organizations", i, "key"), f"組織の識別子「{org['key']}」が重複しています"
                )
            self.known[org["key"]] = KnownOrganization(
                org["key"], org["name"], org["short_name"] or "", tuple(org["departments"])
            )
        for i, org in enumerate(organizations):
            if org["parent"] and org["parent"] not in self.known:
                self.fail(
                    ("organizations", i, "parent"), f"上位組織「{org['parent']}」がありません"
                )
        # 担当 names resolve within this plan's own organizations, never another city's.
        own = {o["key"] for o in organizations} | set(self.clean.data["owners"])
        self.index = _name_index(self.known[k] for k in own if k in self.known)

    def check_plan(self, plan: dict[str, Any], at: Path_) -> None:
        if plan["grading"] is not None:
            plan["grading"] = _plain_numbers(plan["grading"])
            try:
                parse_scheme(plan["grading"])
            except SchemeError as exc:
                self.fail(at + ("grading",), str(exc))
        for i, owner in enumerate(plan["owners"]):
            if owner not in self.known:
                self.fail(
                    at + ("owners", i),
                    f"組織「{owner}」がありません（organizations に書いてください）",
                )
        period = plan["period"] or {}
        if period.get("start") and period.get("end") and period["start"] > period["end"]:
            self.fail(at + ("period",), "計画期間の開始年度が終了年度より後になっています")
        nodes = list(_walk(plan["nodes"], at + ("nodes",), ()))
        keys = self.assign_keys(nodes)
        for node, path in nodes:
            self.check_node(node, path, keys)
        by_key = {node["key"]: node for node, _ in nodes}
        indicators = {i["key"] for node, _ in nodes for i in node["indicators"]}
        for c, cycle in enumerate(plan["cycles"]):
            for e, entry in enumerate(cycle["entries"]):
                self.check_entry(entry, at + ("cycles", c, "entries", e), by_key, indicators)

    def check_entry(
        self, entry: dict[str, Any], where: Path_, nodes: dict[str, Any], indicators: set[str]
    ) -> None:
        self.check_ref(entry["node"], set(nodes), where + ("node",))
        node = nodes.get(entry["node"])
        if (
            node is not None
            and entry["action"] is not None
            and entry["action"] >= len(node["actions"])
        ):
            self.fail(
                where + ("action",),
                f"項目「{entry['node']}」に{entry['action'] + 1}番目の取組はありません",
            )
        if entry["department"]:
            self.resolve(entry["department"], where + ("department",))
        for v, value in enumerate(entry["values"]):
            if value["indicator"] not in indicators:
                self.fail(
                    where + ("values", v, "indicator"),
                    f"指標「{value['indicator']}」がこの計画にありません",
                )

    def assign_keys(self, nodes: list[tuple[dict[str, Any], Path_]]) -> set[str]:
        seen: dict[str, Path_] = {}
        indicator_keys: dict[str, Path_] = {}
        for node, path in nodes:
            if node["key"] in seen:
                self.fail(path + ("key",), f"項目の識別子「{node['key']}」が重複しています")
            seen[node["key"]] = path
            for i, indicator in enumerate(node["indicators"]):
                indicator["key"] = indicator["key"] or f"{node['key']}#{i + 1}"
                if indicator["key"] in indicator_keys:
                    self.fail(
                        path + ("indicators", i, "key"),
                        f"指標の識別子「{indicator['key']}」が重複しています",
                    )
                indicator_keys[indicator["key"]] = path
        return set(seen)

    def check_node(self, node: dict[str, Any], path: Path_, keys: set[str]) -> None:
        for i, ref in enumerate(node["related"]):
            self.check_ref(ref, keys, path + ("related", i))
        if node["relist_of"]:
            self.check_ref(node["relist_of"], keys, path + ("relist_of",))
        for a, action in enumerate(node["actions"]):
            for d, name in enumerate(action["departments"]):
                self.resolve(name, path + ("actions", a, "departments", d))
            if action["relist_of"]:
                self.check_ref(action["relist_of"], keys, path + ("actions", a, "relist_of"))
        for i, indicator in enumerate(node["indicators"]):
            self.check_indicator(indicator, path + ("indicators", i))

    def check_indicator(self, indicator: dict[str, Any], at: Path_) -> None:
        for d, name in enumerate(indicator["responsible"]):
            self.resolve(name, at + ("responsible", d))
        for t, target in enumerate(indicator["targets"]):
            if target["not_set_reason"] and (target["value"] is not None or target["direction"]):
                self.fail(
                    at + ("targets", t, "not_set_reason"),
                    "目標を設定しない理由があるときは value と direction を書かないでください",
                )
        years = Counter(a["fiscal_year"] for a in indicator["actuals"])
        for a, actual in enumerate(indicator["actuals"]):
            if years[actual["fiscal_year"]] > 1:
                self.fail(
                    at + ("actuals", a, "fiscal_year"),
                    f"{actual['fiscal_year']}年度の実績値が二つあります",
                )
        base_year = indicator["baseline"]["fiscal_year"]
        for t, target in enumerate(indicator["targets"]):
            if base_year and target["fiscal_year"] and target["fiscal_year"] < base_year:
                self.clean.warnings.append(
                    self.doc.problem(
                        at + ("targets", t, "fiscal_year"), "目標年度が現状値の年度より前です"
                    )
                )

    def check_ref(self, ref: str, keys: set[str], at: Path_) -> None:
        if ref not in keys:
            self.fail(at, f"項目「{ref}」がこの計画にありません")

    def resolve(self, name: str, at: Path_) -> None:
        found = self.index.get(name, [])
        if len(found) == 1:
            self.clean.responsible[name] = found[0]
        elif not found:
            self.fail(
                at,
                f"担当「{name}」がどの組織の担当課にもありません"
                "（organizations の departments に書いてください）",
            )
        else:
            owners = "、".join(k for k, _ in found)
            self.fail(at, f"担当「{name}」が複数の組織にあります（{owners}）")


def _plain_numbers(value: Any) -> Any:
    """Return value with Decimals as int or float: a scheme is stored as JSON."""
    if isinstance(value, dict):
        return {k: _plain_numbers(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_numbers(v) for v in value]
    if isinstance(value, Decimal):
        return float(value) if value.as_tuple().exponent != 0 else int(value)
    return value


def _walk(
    nodes: list[dict[str, Any]], at: Path_, parent_key: tuple[str, ...]
) -> Iterator[tuple[dict[str, Any], Path_]]:
    """Yield every node with its path, giving keyless nodes their codes-path key."""
    for i, node in enumerate(nodes):
        segment = node["code"] or node["title"]
        own = (*parent_key, segment)
        node["key"] = node["key"] or "/".join(own)
        yield node, at + (i,)
        yield from _walk(node["children"], at + (i, "children"), own)


def _name_index(orgs: Any) -> dict[str, list[tuple[str, str | None]]]:
    """Map each printed 担当 name to (organization key, department name or None)."""
    departments: dict[str, list[tuple[str, str | None]]] = {}
    whole: dict[str, list[tuple[str, str | None]]] = {}
    for org in orgs:
        for name in org.departments:
            departments.setdefault(name, []).append((org.key, name))
        for name in {org.name, org.short_name} - {""}:
            whole.setdefault(name, []).append((org.key, None))
    return {**whole, **departments}
