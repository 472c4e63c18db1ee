"""The `sasaeai` console script, run as a user runs it, on a database of its own."""

import json
import os
import subprocess
import sys
from pathlib import Path

from sasaeai.cli import _command_names

DEMO = Path(__file__).resolve().parent.parent / "sasaeai" / "demo" / "plans"


def _sasaeai(tmp_path, *args):
    script = Path(sys.executable).with_name("sasaeai")
    env = {**os.environ, "SQLITE_PATH": str(tmp_path / "cli.sqlite3")}
    env.pop("DATABASE_URL", None)
    return subprocess.run(
        [str(script), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_hyphenated_command_names_are_accepted():
    assert _command_names(["import-plan", "x.yaml", "--dry-run"]) == [
        "import_plan",
        "x.yaml",
        "--dry-run",
    ]
    assert _command_names(["--help"]) == ["--help"]


def test_migrate_import_list_and_export_from_the_shell(tmp_path):
    assert _sasaeai(tmp_path, "migrate", "-v0").returncode == 0
    dry = _sasaeai(tmp_path, "import-plan", str(DEMO / "tokorozawa.yaml"), "--dry-run")
    assert dry.returncode == 0 and "確認のみ（書き込みなし）" in dry.stdout
    assert "計画はまだありません" in _sasaeai(tmp_path, "list-plans").stdout

    assert _sasaeai(tmp_path, "import-plan", str(DEMO / "tokorozawa.yaml")).returncode == 0
    listed = _sasaeai(tmp_path, "list-plans").stdout
    assert "tokorozawa\t所沢市地域福祉計画" in listed and "指標 47" in listed
    exported = json.loads(
        _sasaeai(tmp_path, "export-plan", "tokorozawa", "--format", "json").stdout
    )
    assert exported["slug"] == "tokorozawa"


def test_a_bad_file_exits_non_zero_with_the_line(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("format: sasaeai.plan/1\nslug: Bad Slug\n", encoding="utf-8")
    _sasaeai(tmp_path, "migrate", "-v0")
    result = _sasaeai(tmp_path, "import-plan", str(bad))
    assert result.returncode == 1
    assert f"{bad}:2: slug: 英小文字・数字・ハイフンで書いてください" in result.stderr
