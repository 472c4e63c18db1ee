"""Read an existing plan document (PDF or text) into a draft plan file for review.

Plain Python: no Django here, so reading is fast and testable. `sasaeai import-document`
(sasaeai/planfiles/management/commands/import_document.py) is the command around it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from .draft import REVIEW_KEYS, build_draft, dump_draft, strip_review
from .extract import DocumentError, extract, extract_bytes

__all__ = [
    "REVIEW_KEYS",
    "DocumentError",
    "dump_draft",
    "read_document",
    "read_document_bytes",
    "read_lines",
    "strip_review",
]


def read_document(path: str | Path) -> dict[str, Any]:
    """Return the draft plan file read from the document at path; raise DocumentError."""
    return read_lines(extract(path), Path(path).name)


def read_document_bytes(data: bytes, name: str) -> dict[str, Any]:
    """Return the draft read from a document given as bytes (an upload)."""
    return read_lines(extract_bytes(data, name), name)


def read_lines(lines: list[str], name: str) -> dict[str, Any]:
    """Return the draft read from a document's lines; refuse one with no plan in it."""
    draft = build_draft(lines, name)
    if not draft["nodes"]:
        raise DocumentError(
            f"{Path(name).name}: 計画の見出し（基本目標・施策など）も指標の表も見つかりません。"
        )
    return draft
