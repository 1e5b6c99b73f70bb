"""Sign-in: equal work for unknown names, signed expiring tokens (itsdangerous)."""

from __future__ import annotations

import pytest

from storage import auth
from storage.auth import check_credentials, hash_password
from storage.tokens import read_token, server_secret, sign_token

EDITORS = {"anna": hash_password("geheim", iterations=1000)}
SECRET = b"s" * 32


@pytest.mark.parametrize(
    ("name", "password", "expected"),
    [("anna", "geheim", "anna"), (" anna ", "geheim", "anna"), ("anna", "falsch", None), ("bernd", "geheim", None)],
)
def test_check_credentials(name, password, expected):
    assert check_credentials(EDITORS, name, password) == expected


def test_unknown_name_is_verified_against_a_dummy_hash_of_the_same_cost(monkeypatch):
    calls = []
    real = auth.verify
    monkeypatch.setattr(auth, "verify", lambda password, stored: calls.append(stored) or real(password, stored))
    assert check_credentials(EDITORS, "bernd", "geheim") is None
    assert check_credentials(EDITORS, "anna", "falsch") is None
    dummy, known = calls
    assert known == EDITORS["anna"]
    assert dummy != known and dummy.split("$")[:2] == ["pbkdf2_sha256", "1000"]  # same algorithm and cost


def test_token_round_trip_expiry_and_tampering():
    token = sign_token("anna", EDITORS["anna"], SECRET)
    claims = read_token(token, EDITORS, SECRET)
    assert claims.name == "anna" and len(claims.nonce) >= 16
    assert read_token(token, EDITORS, SECRET, ttl=-1) is None  # older than its lifetime: expired
    assert read_token(token, EDITORS, b"x" * 32) is None  # other server secret
    payload, stamp, mac = token.rsplit(".", 2)
    assert read_token(f"{payload}.{stamp}.{mac[:-2]}AA", EDITORS, SECRET) is None  # signature changed
    other = sign_token("bernd", "h", SECRET).rsplit(".", 2)[0]
    assert read_token(f"{other}.{stamp}.{mac}", {**EDITORS, "bernd": "h"}, SECRET) is None  # payload swapped
    assert read_token("garbage", EDITORS, SECRET) is None
    assert set(token) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.")  # cookie-safe


def test_token_ends_when_the_password_changes_or_the_editor_is_removed():
    token = sign_token("anna", EDITORS["anna"], SECRET)
    assert read_token(token, {"anna": hash_password("neu", iterations=1000)}, SECRET) is None
    assert read_token(token, {}, SECRET) is None


def test_server_secret_from_environment_or_generated_once(tmp_path):
    assert server_secret({"ANKUNFTSATLAS_SECRET": "abc"}, tmp_path) == b"abc"
    first = server_secret({}, tmp_path)
    assert len(first) == 64 and server_secret({}, tmp_path) == first
    assert (tmp_path / "session-secret.key").stat().st_mode & 0o077 == 0  # not readable by others
