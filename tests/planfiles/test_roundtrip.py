"""Export → import → export gives the same bytes, in YAML and in JSON, for every demo plan."""

import json

import pytest
from django.core.management import call_command

from sasaeai.planfiles import load
from sasaeai.planfiles.exporter import dump, export_plan
from sasaeai.plans.models import Indicator, Node, Plan


def _export(slug: str, fmt: str) -> str:
    return dump(export_plan(Plan.objects.get(slug=slug)), fmt)


@pytest.mark.parametrize("fmt", ["yaml", "json"])
@pytest.mark.parametrize("slug", ["ageo", "tokorozawa", "shimotsuke"])
def test_export_import_export_is_byte_identical(demo, tmp_path, slug, fmt):
    first = _export(slug, fmt)
    path = tmp_path / f"{slug}.{fmt}"
    path.write_text(first, encoding="utf-8")
    summary = load(str(path), replace=True)
    assert summary.replaced == [p for p in [slug, *_sub_slugs(first, fmt)]]
    assert _export(slug, fmt) == first


def _sub_slugs(text: str, fmt: str) -> list[str]:
    data = json.loads(text) if fmt == "json" else __import__("yaml").safe_load(text)
    return [s["slug"] for s in data["sub_plans"]]


def test_a_deleted_plan_comes_back_whole_from_its_file(demo, tmp_path):
    text = _export("tokorozawa", "json")
    counts = (Node.objects.count(), Indicator.objects.count())
    Plan.objects.get(slug="tokorozawa").delete()
    (tmp_path / "t.json").write_text(text, encoding="utf-8")
    load(str(tmp_path / "t.json"))
    assert (Node.objects.count(), Indicator.objects.count()) == counts
    assert _export("tokorozawa", "json") == text


def test_export_command_prints_one_json_document(demo, capsys):
    call_command("export_plan", "shimotsuke", "--format", "json")
    data = json.loads(capsys.readouterr().out)
    assert data["slug"] == "shimotsuke"
    assert len(data["cycles"][0]["entries"]) == 28


def test_json_numbers_keep_their_printed_decimals(demo):
    data = json.loads(_export("tokorozawa", "json"))
    text = _export("tokorozawa", "json")
    school = next(
        i
        for n in data["nodes"]
        for c in n["children"]
        for i in c["indicators"]
        if i["name"].startswith("総合的な学習の時間")
    )
    assert school["baseline"]["value"] == 83.0
    assert '"value": 83.0' in text
    assert '"value": 3232' in text
