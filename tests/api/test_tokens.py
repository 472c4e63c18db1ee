"""Tokens: made on the command line, stored as a digest, and the only way in besides a session."""

import hashlib
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from sasaeai.accounts.models import ApiToken, User
from sasaeai.audit.models import Event


def _create_token(*args):
    out = StringIO()
    call_command("create_token", *args, stdout=out)
    return out.getvalue()


def test_create_token_prints_only_the_token_and_stores_its_digest(demo):
    printed = _create_token("somu", "--label", "集計スクリプト")

    assert printed.endswith("\n") and printed.count("\n") == 1
    token = printed.strip()
    assert len(token) >= 40 and " " not in token
    stored = ApiToken.objects.get(user__username="somu")
    assert stored.digest == hashlib.sha256(token.encode()).hexdigest()
    assert stored.label == "集計スクリプト" and stored.last_used_at is None
    assert not ApiToken.objects.filter(digest=token).exists()
    assert Event.objects.filter(action="token.create", target_id=str(stored.pk)).exists()


def test_create_token_refuses_an_unknown_user_in_japanese(demo):
    with pytest.raises(CommandError, match="利用者「nobody」はいません"):
        _create_token("nobody")
    assert not ApiToken.objects.exists()


def test_a_token_signs_requests_and_records_its_last_use(api, cycle, entry):
    token = _create_token("somu").strip()

    response = api.get(f"/entries/{entry.pk}", headers={"Authorization": f"Token {token}"})

    assert response.status_code == 200
    assert ApiToken.objects.get(user__username="somu").last_used_at is not None


@pytest.mark.parametrize(
    "headers",
    [{}, {"Authorization": "Token wrong"}, {"Authorization": "Token "}, {"Authorization": "x"}],
)
def test_without_valid_credentials_the_answer_is_401_json(api, cycle, entry, headers):
    for path in ["/plans/ageo/cycles/2023/entries", f"/entries/{entry.pk}"]:
        response = api.get(path, headers=headers)
        assert response.status_code == 401
        assert response.data["error"] == "unauthenticated"
        assert response["WWW-Authenticate"] == "Token"
    assert api.post(f"/entries/{entry.pk}/submit", headers=headers).status_code == 401


def test_a_token_of_a_deactivated_user_is_refused(api, cycle, entry):
    token = api.token("somu")
    User.objects.filter(username="somu").update(is_active=False)

    response = api.get(f"/entries/{entry.pk}", headers={"Authorization": f"Token {token}"})

    assert response.status_code == 401


def test_the_admin_lists_tokens_to_revoke_without_their_digest(demo, client):
    from sasaeai.demo.services import PASSWORD

    _create_token("somu", "--label", "集計スクリプト")
    assert client.login(username="admin", password=PASSWORD)

    page = client.get("/admin/accounts/apitoken/")

    assert page.status_code == 200
    assert "集計スクリプト" in page.text
    stored = ApiToken.objects.get()
    assert stored.digest not in page.text
    assert stored.digest not in client.get(f"/admin/accounts/apitoken/{stored.pk}/change/").text
