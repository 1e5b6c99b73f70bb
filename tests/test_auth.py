"""Sign-in: equal work for unknown names, growing wait after failures, signed expiring tokens."""

from __future__ import annotations

import pytest

from storage import auth
from storage.auth import Throttle, check_credentials, hash_password
from storage.tokens import nonce_of, read_token, server_secret, sign_token

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


def test_throttle_waits_longer_after_each_failure_and_a_success_clears_it():
    throttle = Throttle(free=3, base=2.0, lockout=30.0)
    keys = ["name:anna", "session:1"]
    for _ in range(3):
        assert throttle.wait(keys, now=0.0) == 0.0
        throttle.failed(keys, now=0.0)
    assert throttle.wait(keys, now=0.0) == 2.0  # fourth attempt: wait 2 s
    throttle.failed(keys, now=2.0)
    assert throttle.wait(keys, now=2.0) == 4.0
    throttle.failed(keys, now=6.0)
    assert throttle.wait(keys, now=6.0) == 8.0
    for moment in range(7, 12):
        throttle.failed(keys, now=float(moment))
    assert throttle.wait(keys, now=11.0) == 30.0  # locked out, capped
    throttle.succeeded(keys)
    assert throttle.wait(keys, now=11.0) == 0.0


def test_throttle_counts_per_name_and_per_session_separately():
    throttle = Throttle(free=1, base=5.0)
    throttle.failed(["name:anna", "session:1"], now=0.0)
    # Another session trying the same name waits; the same session trying another name waits too.
    assert throttle.wait(["name:anna", "session:2"], now=1.0) == 4.0
    assert throttle.wait(["name:bernd", "session:1"], now=1.0) == 4.0
    assert throttle.wait(["name:bernd", "session:2"], now=1.0) == 0.0


def test_token_round_trip_expiry_and_tampering():
    token = sign_token("anna", EDITORS["anna"], SECRET, now=1000.0, ttl=60)
    assert read_token(token, EDITORS, SECRET, now=1059.0) == "anna"
    assert read_token(token, EDITORS, SECRET, now=1061.0) is None  # expired
    assert read_token(token, EDITORS, b"x" * 32, now=1001.0) is None  # other server secret
    encoded, expires, nonce, mac = token.split(".")
    assert read_token(f"{encoded}.{int(expires) + 3600}.{nonce}.{mac}", EDITORS, SECRET, now=1001.0) is None
    other = sign_token("bernd", "h", SECRET, now=1000.0).split(".")[0]
    assert read_token(f"{other}.{expires}.{nonce}.{mac}", {**EDITORS, "bernd": "h"}, SECRET, now=1001.0) is None
    assert read_token("garbage", EDITORS, SECRET, now=1001.0) is None
    assert nonce_of(token) == nonce


def test_token_ends_when_the_password_changes_or_the_editor_is_removed():
    token = sign_token("anna", EDITORS["anna"], SECRET, now=0.0)
    assert read_token(token, {"anna": hash_password("neu", iterations=1000)}, SECRET, now=1.0) is None
    assert read_token(token, {}, SECRET, now=1.0) is None


def test_server_secret_from_environment_or_generated_once(tmp_path):
    assert server_secret({"ANKUNFTSATLAS_SECRET": "abc"}, tmp_path) == b"abc"
    first = server_secret({}, tmp_path)
    assert len(first) == 64 and server_secret({}, tmp_path) == first
    assert (tmp_path / "session-secret.key").stat().st_mode & 0o077 == 0  # not readable by others


def test_a_revoked_token_stays_revoked_until_it_expires(tmp_path):
    from storage.tokens import is_revoked, revoke

    token = sign_token("anna", EDITORS["anna"], SECRET, now=1000.0, ttl=60)
    other = sign_token("anna", EDITORS["anna"], SECRET, now=1000.0, ttl=600)
    assert not is_revoked(token, 1001.0, tmp_path)
    revoke(token, 1001.0, tmp_path)
    revoke(other, 1002.0, tmp_path)
    assert is_revoked(token, 1003.0, tmp_path) and is_revoked(other, 1003.0, tmp_path)
    revoke("garbage", 1004.0, tmp_path)  # ignored
    revoke(sign_token("bernd", "h", SECRET, now=1100.0), 1100.0, tmp_path)  # the expired entry is dropped
    lines = (tmp_path / "revoked-tokens.txt").read_text().splitlines()
    assert len(lines) == 2 and nonce_of(token) not in " ".join(lines)


def test_throttle_forgets_long_quiet_keys_when_it_holds_many():
    throttle = Throttle(free=1, base=1.0, lockout=10.0, max_keys=2)
    for i in range(3):
        throttle.failed([f"name:{i}"], now=0.0)
    throttle.failed(["name:new"], now=100.0)
    assert throttle.wait(["name:0"], now=100.0) == 0.0 and throttle.wait(["name:new"], now=100.0) == 1.0
    assert len(throttle._failures) == 1
