"""`sasaeai import-document`: JSON in the export-plan shape, YAML to --out, nothing on error."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
import yaml
from django.core.management import CommandError, call_command

from sasaeai.planfiles.shape import FIELDS
from tests.documents.helpers import SAMPLES, indicators, seed_path


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("import_document", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_json_has_the_export_plan_shape_with_a_confidence_on_each_indicator() -> None:
    draft = json.loads(_run(str(seed_path("004")), "--format", "json"))
    assert list(draft)[: len(FIELDS["plan"])] == [key for key, _ in FIELDS["plan"]]
    rows = indicators(draft["nodes"])
    assert len(rows) == 47
    for _, indicator in rows:
        assert [k for k in indicator][: len(FIELDS["indicator"])] == [
            k for k, _ in FIELDS["indicator"]
        ]
        assert 0 <= indicator["confidence"] <= 1
        assert len(indicator["source_lines"]) == 2
    assert json.dumps(draft["nodes"][0]["indicators"][0]["baseline"]) == (
        '{"fiscal_year": 2019, "value": 3232, "note": null}'
    )


def test_yaml_goes_to_out(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    assert _run(str(SAMPLES / "glued_units.txt"), "--out", str(out)) == ""
    draft = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert draft["format"] == "sasaeai.plan/1"
    assert draft["nodes"][0]["children"][0]["indicators"][0]["confidence"] == 1.0
    assert [p.name for p in tmp_path.iterdir()] == ["draft.yaml"]


def test_an_error_writes_nothing(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    out = tmp_path / "draft.yaml"
    with pytest.raises(CommandError, match=r"empty\.txt: ファイルが空です"):
        _run(str(empty), "--out", str(out))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.txt"]


def test_an_existing_out_file_is_kept_when_reading_fails(tmp_path: Path) -> None:
    out = tmp_path / "draft.yaml"
    out.write_text("before\n", encoding="utf-8")
    binary = tmp_path / "image.png"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    with pytest.raises(CommandError, match="バイナリデータ"):
        _run(str(binary), "--out", str(out))
    assert out.read_text(encoding="utf-8") == "before\n"
