"""Throttle counters and revoked tokens in the database (SQLite file and PostgreSQL), never a global lock."""

from __future__ import annotations

from storage.signins import ThrottlePolicy, client_key, failed, is_revoked, revoke, session_key, succeeded, wait
from tests.test_storage import engine  # noqa: F401  (the SQLite / PostgreSQL fixture)

POLICY = ThrottlePolicy(free=3, base=2.0, cap=30.0)


def test_the_wait_doubles_after_the_free_failures_is_capped_and_a_success_clears_it(engine):  # noqa: F811
    own, shared = session_key("s1"), client_key("10.0.0.1", "Anna")
    for moment in range(3):
        assert wait(engine, POLICY, own, shared, now=float(moment)) == 0.0
        failed(engine, POLICY, (own, shared), now=float(moment))
    assert wait(engine, POLICY, own, shared, now=2.0) == 2.0  # fourth attempt: wait 2 s
    failed(engine, POLICY, (own, shared), now=4.0)
    assert wait(engine, POLICY, own, shared, now=4.0) == 4.0
    for moment in range(5, 15):
        failed(engine, POLICY, (own, shared), now=float(moment))
    assert wait(engine, POLICY, own, shared, now=14.0) == 30.0  # never longer than the cap
    assert wait(engine, POLICY, own, shared, now=44.0) == 0.0
    succeeded(engine, (own, shared))
    failed(engine, POLICY, (own, shared), now=50.0)
    assert wait(engine, POLICY, own, shared, now=50.0) == 0.0  # counted from zero again


def test_failures_against_a_name_never_lock_out_a_session_that_has_not_failed(engine):  # noqa: F811
    attacker = session_key("attacker")
    for moment in range(30):
        failed(engine, POLICY, (attacker, client_key("10.0.0.66", "anna")), now=float(moment))
    assert wait(engine, POLICY, attacker, client_key("10.0.0.66", "anna"), now=29.0) == 30.0
    # The editor, from the same address or another one, in a session that has not failed: no wait.
    assert wait(engine, POLICY, session_key("editor"), client_key("10.0.0.66", "anna"), now=30.0) == 0.0
    assert wait(engine, POLICY, session_key("editor"), client_key("10.0.0.7", "anna"), now=30.0) == 0.0
    # A fresh attacker session from the same client gets one try, then waits the client's delay.
    second = session_key("attacker-2")
    failed(engine, POLICY, (second, client_key("10.0.0.66", "anna")), now=31.0)
    assert wait(engine, POLICY, second, client_key("10.0.0.66", "anna"), now=31.0) == 30.0
    # Another client that failed once is held up only by its own count, not by the attacker's.
    slow = session_key("colleague")
    failed(engine, POLICY, (slow, client_key("10.0.0.8", "anna")), now=31.0)
    assert wait(engine, POLICY, slow, client_key("10.0.0.8", "anna"), now=31.0) == 0.0


def test_the_table_forgets_long_quiet_keys_when_it_holds_many(engine):  # noqa: F811
    from sqlalchemy import func, select
    from sqlalchemy.orm import Session

    from storage.models import SigninFailure

    small = ThrottlePolicy(free=1, base=1.0, cap=10.0, max_keys=2)
    for i in range(3):
        failed(engine, small, (session_key(str(i)),), now=0.0)
    failed(engine, small, (session_key("new"),), now=100.0)
    with Session(engine) as db:
        assert db.scalar(select(func.count()).select_from(SigninFailure)) == 1


def test_a_revoked_token_stays_revoked_until_it_would_have_expired(engine):  # noqa: F811
    assert not is_revoked(engine, "n1")
    revoke(engine, "n1", expires=1060.0, now=1001.0)
    revoke(engine, "n1", expires=1060.0, now=1002.0)  # twice: no error
    revoke(engine, "n2", expires=1600.0, now=1002.0)
    assert is_revoked(engine, "n1") and is_revoked(engine, "n2")
    revoke(engine, "n3", expires=2000.0, now=1100.0)  # n1 has expired anyway: forgotten
    assert not is_revoked(engine, "n1") and is_revoked(engine, "n2") and is_revoked(engine, "n3")


def _brute_force(engines, attempts: int = 12) -> list[float]:
    """An attacker tries a password as soon as allowed, attempt ``i`` landing on ``engines[i % len]``.

    Every fourth attempt comes from a new browser session (as after a replica is killed and the page
    reconnects through the proxy to another one); the client-and-name key carries the wait over.
    Returns the waits the attacker was told, in order.
    """
    now, waits, shared = 0.0, [], client_key("203.0.113.9", "anna")
    for attempt in range(attempts):
        db = engines[attempt % len(engines)]
        own = session_key(f"attacker-{attempt // 4}")
        delay = wait(db, POLICY, own, shared, now)
        waits.append(delay)
        now += delay  # waits, then fails again
        failed(db, POLICY, (own, shared), now)
    return waits


def test_a_brute_force_loop_spread_over_two_server_processes_is_throttled_as_against_one(engine, tmp_path):  # noqa: F811
    from sqlalchemy import delete
    from sqlalchemy.orm import Session

    from storage.db import make_engine
    from storage.models import SigninFailure

    one = _brute_force([engine])
    with Session(engine) as db, db.begin():
        db.execute(delete(SigninFailure))
    second = make_engine(engine.url.render_as_string(hide_password=False))  # another process's own engine
    try:
        two = _brute_force([engine, second])
    finally:
        second.dispose()
    assert two == one
    # Three free tries, then 2, 4, 8 s; the new session after a failover waits as long as the old one did.
    assert one[:7] == [0.0, 0.0, 0.0, 2.0, 0.0, 8.0, 16.0]
    assert max(one) == POLICY.cap


def test_behind_the_local_proxy_the_visitor_is_counted_under_the_address_nginx_names_and_only_there():
    from storage.signins import client_address

    assert client_address(None, "198.51.100.7") == "198.51.100.7"  # through nginx on loopback
    assert client_address("127.0.0.1", " 198.51.100.7 ") == "198.51.100.7"
    assert client_address("203.0.113.9", "198.51.100.7") == "203.0.113.9"  # direct: the header is not believed
    assert client_address(None, None) == "unknown" and client_address("::1", "") == "::1"


def test_the_token_key_is_made_once_by_the_officer_in_the_database_and_read_by_the_replicas(engine, tmp_path):  # noqa: F811
    from storage import tokens
    from storage.db import make_engine

    assert tokens.database_secret(engine, writable=False) is None  # a replica before the officer's first start
    try:
        tokens.use_database(lambda: engine, writable=False)
        unset = tokens.server_secret({}, tmp_path)
        assert len(unset) == 64 and unset != tokens.server_secret({}, tmp_path)  # random per call: no token is genuine
        assert not (tmp_path / "session-secret.key").exists()  # never a key of its own in the data folder
        tokens.use_database(lambda: engine, writable=True)  # the officer instance starts
        key = tokens.server_secret({}, tmp_path)
        assert len(key) == 64 and tokens.database_secret(engine, writable=True) == key  # made once, not again
        tokens.use_database(lambda: engine, writable=False)  # a replica (another process, read-only)
        assert tokens.server_secret({}, tmp_path) == key
        replica = make_engine(engine.url.render_as_string(hide_password=False), read_only=True)
        try:
            assert tokens.database_secret(replica, writable=False) == key
        finally:
            replica.dispose()
        token = tokens.sign_token("anna", "hash", key)  # signed on the officer, read on the replica
        assert tokens.read_token(token, {"anna": "hash"}, tokens.server_secret({}, tmp_path)).name == "anna"
        assert tokens.server_secret({"ANKUNFTSATLAS_SECRET": "set"}, tmp_path) == b"set"  # the override wins
    finally:
        tokens.use_database(None)
    assert tokens.server_secret({}, tmp_path) != key  # the SQLite default: the data folder's own key
    assert (tmp_path / "session-secret.key").read_text().strip().encode() == tokens.server_secret({}, tmp_path)
