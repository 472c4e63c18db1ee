"""The API through HTTP, as named personas, every response checked against the OpenAPI document.

The demo opens 上尾市's FY2023 cycle part-way through; `cycle` opens a fresh one of 2024
(令和6年度) as the secretariat would, every entry a draft at version 1. Each persona calls with
its own token unless a test signs in a browser.
"""

import json
import re
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from sasaeai.accounts.models import User
from sasaeai.api import auth
from sasaeai.api.openapi import document
from sasaeai.plans.models import Plan
from sasaeai.progress import services
from sasaeai.progress.models import Entry

DOCUMENT = document()
DOCUMENT_URI = "urn:sasaeai:openapi"
REGISTRY = Registry().with_resource(
    DOCUMENT_URI, Resource.from_contents(DOCUMENT, default_specification=DRAFT202012)
)
PREFIX = "/api/v1"
FISCAL_YEAR = 2024
LIST = f"/plans/ageo/cycles/{FISCAL_YEAR}/entries"


def validator(schema: dict[str, Any]) -> Draft202012Validator:
    """Return a validator of a schema that may refer to the document's components."""
    return Draft202012Validator({"$id": "urn:sasaeai:check", **schema}, registry=REGISTRY)


def component(name: str) -> dict[str, Any]:
    """Return a schema that refers to one component schema of the document."""
    return {"$ref": f"{DOCUMENT_URI}#/components/schemas/{name}"}


def _operation(method: str, path: str) -> tuple[str, dict[str, Any] | None]:
    bare = path.partition("?")[0].removeprefix(PREFIX)
    for template, item in DOCUMENT["paths"].items():
        if re.fullmatch(re.sub(r"\{[^}]+\}", "[^/]+", template), bare):
            return template, item.get(method.lower())
    raise AssertionError(f"{bare} is not in the OpenAPI paths")


def request_schema(method: str, path: str) -> dict[str, Any] | None:
    """Return the documented schema of a request body, or None when it takes none."""
    operation = _operation(method, path)[1] or {}
    body = operation.get("requestBody")
    if body is None:
        return None
    return {"$ref": DOCUMENT_URI + body["content"]["application/json"]["schema"]["$ref"]}


def response_schema(method: str, path: str, status: int) -> dict[str, Any]:
    """Return the documented schema of a response, failing when it is not documented."""
    template, operation = _operation(method, path)
    if operation is None:
        assert status == 405, f"{method} {template} is not documented"
        return component("Error")
    response = operation["responses"].get(str(status))
    assert response is not None, f"{method} {template} does not document {status}"
    if "$ref" in response:
        response = DOCUMENT["components"]["responses"][response["$ref"].rpartition("/")[2]]
    schema = response["content"]["application/json"]["schema"]
    return {"$ref": f"{DOCUMENT_URI}{schema['$ref']}"} if "$ref" in schema else schema


class Api:
    """Call the API as a persona (by token) or through a client (session)."""

    def __init__(self, client: Any) -> None:
        self.client = client
        self.tokens: dict[str, str] = {}

    def token(self, username: str) -> str:
        if username not in self.tokens:
            user = User.objects.get(username=username)
            self.tokens[username] = auth.create_token(user, label="tests")
        return self.tokens[username]

    def call(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        user: str | None = None,
        client: Any = None,
        headers: dict[str, str] | None = None,
    ) -> Any:
        """Return the response, its JSON checked against the document (as `.data`).

        A body the API accepted is checked against the documented request body too.
        """
        headers = dict(headers or {})
        if user:
            headers["Authorization"] = f"Token {self.token(user)}"
        response = (client or self.client).generic(
            method,
            PREFIX + path,
            "" if body is None else json.dumps(body, ensure_ascii=False),
            content_type="application/json",
            headers=headers,
        )
        assert response["Content-Type"] == "application/json", response.content[:200]
        response.data = response.json()
        validator(response_schema(method, path, response.status_code)).validate(response.data)
        accepted = request_schema(method, path) if response.status_code == 200 else None
        if accepted:
            validator(accepted).validate(body)
        return response

    def get(self, path: str, **kwargs: Any) -> Any:
        return self.call("GET", path, **kwargs)

    def patch(self, path: str, body: Any, **kwargs: Any) -> Any:
        return self.call("PATCH", path, body, **kwargs)

    def post(self, path: str, body: Any = None, **kwargs: Any) -> Any:
        return self.call("POST", path, body, **kwargs)


@pytest.fixture
def api(client):
    return Api(client)


@pytest.fixture
def cycle(demo):
    """Open the 2024 cycle of 上尾市 as its secretariat."""
    plan = Plan.objects.get(slug="ageo")
    secretariat = User.objects.get(username="secretariat")
    return services.open_cycle(plan, fiscal_year=FISCAL_YEAR, deadline=None, user=secretariat)


@pytest.fixture
def entry(cycle):
    """The 福祉総務課 draft that reports two indicators (近所付き合い, 地域活動への参加)."""
    return Entry.objects.get(
        cycle=cycle, department__name="福祉総務課", value_slots__indicator__key="3/6#1"
    )


@pytest.fixture
def filled():
    """A PATCH body that completes the entry."""
    return {
        "progress": "自治会と協力し、見守り活動を広げた。",
        "values": {"3/6#1": {"value": 10.5}, "3/6#2": {"value": "16.0"}},
    }
