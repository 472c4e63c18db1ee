"""Documentation kept true to the code."""

import re
from pathlib import Path

from sasaeai.planfiles.shape import FIELDS, SCHEMA_PATH, schema

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"


def test_the_schema_in_docs_is_the_one_the_importer_uses():
    assert (ROOT / "docs" / "plan-file.schema.json").read_text() == SCHEMA_PATH.read_text()


def test_the_canonical_shape_and_the_schema_list_the_same_keys():
    defs = schema()["$defs"]
    for kind, fields in FIELDS.items():
        properties = schema()["properties"] if kind == "plan" else defs[kind]["properties"]
        assert [k for k, _ in fields] == list(properties), kind


def test_every_key_of_the_format_is_documented():
    doc = (ROOT / "docs" / "plan-file.md").read_text()
    documented = set(re.findall(r"`([a-z_]+)`", doc))
    keys = {k for fields in FIELDS.values() for k, _ in fields}
    assert keys - documented == set()


def test_the_readme_shows_the_two_commands():
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme


def test_glossary_names_only_identifiers_that_exist():
    from importlib import import_module

    glossary = (ROOT / "docs" / "glossary.md").read_text()
    for app, name in re.findall(r"`(\w+)\.models\.(\w+)`", glossary):
        module = import_module(f"sasaeai.{app}.models")
        assert hasattr(module, name), (app, name)


def test_every_document_the_readme_links_exists():
    readme = (ROOT / "README.md").read_text()
    for target in re.findall(r"\]\((docs/[^)#]+)\)", readme):
        assert (ROOT / target).exists(), target
    for target in re.findall(r"\]\(([\w-]+\.md)\)", (DOCS / "registers.md").read_text()):
        assert (DOCS / target).exists(), target


def test_every_register_measure_is_documented():
    from sasaeai.registers.measures import REGISTRY

    text = (DOCS / "registers.md").read_text(encoding="utf-8")
    for key in REGISTRY:
        assert f"`{key}`" in text, key


def test_every_report_kind_is_documented_with_an_example_page():
    from sasaeai.reports import base

    text = (DOCS / "reports.md").read_text(encoding="utf-8")
    for exporter in base.all():
        assert f"`{exporter.identifier}`" in text and exporter.verbose_name in text
        assert f"examples/{exporter.identifier}.png" in text
        png = DOCS / "examples" / f"{exporter.identifier}.png"
        assert png.read_bytes().startswith(b"\x89PNG"), png
