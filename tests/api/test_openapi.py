"""The OpenAPI document and docs/api.md agree with the URLs and views (datasette style).

Every response the other tests receive is validated against the document (conftest.Api).
"""

import re
from pathlib import Path

import pytest
from django.urls import URLPattern
from jsonschema import Draft202012Validator

from sasaeai.api import urls
from sasaeai.api.openapi import document

from .conftest import component, validator

ROOT = Path(__file__).resolve().parents[2]
METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}


def _template(pattern: URLPattern) -> str:
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", str(pattern.pattern))


def test_the_document_is_served_without_signing_in(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == document() and response.json()["openapi"] == "3.1.0"


def test_every_url_is_documented_with_exactly_its_methods():
    paths = document()["paths"]
    templates = {_template(p): p for p in urls.urlpatterns}

    assert set(templates) == set(paths)
    for template, pattern in templates.items():
        documented = {m.upper() for m in paths[template] if m in METHODS}
        assert documented == set(pattern.callback.methods), template
        for name in re.findall(r"\{(\w+)\}", template):
            assert name in str(paths[template]), (template, name)


def test_the_component_schemas_are_json_schema_2020_12():
    for name, schema in document()["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
        assert validator(component(name)) is not None


def test_operations_needing_a_sign_in_document_401_and_the_security_schemes():
    doc = document()
    assert set(doc["components"]["securitySchemes"]) == {"session", "token"}
    assert doc["components"]["securitySchemes"]["token"]["name"] == "Authorization"
    for template, item in doc["paths"].items():
        for method, operation in item.items():
            public = operation.get("security") == []
            assert ("401" in operation["responses"]) != public, (method, template)


@pytest.mark.parametrize(
    "schema, instance",
    [
        ("EntryPatch", {"version": 3, "values": {"3/6#1": {"value": "1,234", "note": ""}}}),
        ("ValidationError", {"error": "invalid", "message": "m", "problems": {"version": "x"}}),
    ],
)
def test_the_documented_examples_of_bodies_validate(schema, instance):
    validator(component(schema)).validate(instance)


def test_docs_api_md_shows_every_path_error_and_the_token_command():
    doc = (ROOT / "docs" / "api.md").read_text()
    for template in document()["paths"]:
        assert f"/api/v1{template}" in doc, template
    for code in document()["components"]["schemas"]["Error"]["properties"]["error"]["enum"]:
        assert f"`{code}`" in doc, code
    assert "sasaeai create-token" in doc and "Authorization: Token" in doc
