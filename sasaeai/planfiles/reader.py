"""Read a plan file (YAML or JSON) into plain data, remembering the line of every value.

Numbers are read as Decimal so that `83.0` keeps its printed decimal; dates stay strings.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a plan file, at a path such as nodes[2].indicators[0]."""

    path: Path_
    message: str
    line: int | None = None

    def format(self, filename: str) -> str:
        """Return `file:line: path: message` for a terminal or a page."""
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {dotted(self.path) or '(全体)'}: {self.message}"


class PlanFileError(Exception):
    """The file cannot be imported; `problems` names every reason."""

    def __init__(self, problems: list[Problem], filename: str = "") -> None:
        self.problems = problems
        self.filename = filename
        super().__init__("\n".join(p.format(filename) for p in problems))


@dataclass
class Document:
    data: Any
    name: str = ""
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int | None:
        """Return the line of the value at path, or of its nearest enclosing value."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return None

    def problem(self, path: Path_, message: str) -> Problem:
        return Problem(path, message, self.line_of(path))


def dotted(path: Path_) -> str:
    """Return `nodes[2].indicators[0].targets[1].fiscal_year` for a path tuple."""
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


# libyaml's parser when PyYAML was built with it: the same documents, several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_SafeLoader):  # type: ignore[valid-type,misc]
    """SafeLoader that reads floats as Decimal and leaves dates as text."""


def _decimal(loader: yaml.SafeLoader, node: yaml.Node) -> Decimal:
    text = str(loader.construct_scalar(node)).replace("_", "")
    try:
        return Decimal(text)
    except InvalidOperation as exc:
        raise yaml.constructor.ConstructorError(
            None, None, f"数として読めません: {text!r}", node.start_mark
        ) from exc


def _text(loader: yaml.SafeLoader, node: yaml.Node) -> str:
    return str(loader.construct_scalar(node))


_Loader.add_constructor("tag:yaml.org,2002:float", _decimal)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _text)


def read(source: str | Path, *, text: str | None = None) -> Document:
    """Read a plan file from disk (or `text` given for it) and return its data and lines.

    Raise PlanFileError naming the file and line when it is not readable YAML or JSON.
    """
    name = str(source)
    if text is None:
        text = _read_text(Path(source))
    is_json = name.endswith(".json") or text.lstrip().startswith("{")
    data = _parse_json(text, name) if is_json else _parse_yaml(text, name)
    if not isinstance(data, dict):
        raise PlanFileError(
            [Problem((), "計画ファイルの最上位は項目の並び（マッピング）にしてください")], name
        )
    return Document(data=data, name=name, lines=_line_map(text))


def _read_text(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise PlanFileError(
            [Problem((), f"ファイルを開けません: {exc.strerror}")], str(path)
        ) from exc
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problem = Problem((), f"UTF-8 として読めません（{exc.start} バイト目）")
        raise PlanFileError([problem], str(path)) from exc


def _parse_json(text: str, name: str) -> Any:
    try:
        return json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as exc:
        raise PlanFileError(
            [Problem((), f"JSON として読めません: {exc.msg}", exc.lineno)], name
        ) from exc


def _parse_yaml(text: str, name: str) -> Any:
    try:
        return yaml.load(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else None
        message = f"YAML として読めません: {exc.problem or exc}"
        raise PlanFileError([Problem((), message, line)], name) from exc
    except yaml.YAMLError as exc:
        raise PlanFileError([Problem((), f"YAML として読めません: {exc}")], name) from exc


def _line_map(text: str) -> dict[Path_, int]:
    """Map each value's path to its 1-based line; JSON is read as the YAML it also is."""
    try:
        root = yaml.compose(text, Loader=_SafeLoader)
    except yaml.YAMLError:
        return {}
    lines: dict[Path_, int] = {}
    stack: list[tuple[Path_, yaml.Node | None]] = [((), root)]
    while stack:
        path, node = stack.pop()
        if node is None:
            continue
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            stack.extend((path + (str(k.value),), v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((path + (i,), v) for i, v in enumerate(node.value))
    return lines
