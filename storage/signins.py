"""Failed sign-ins and revoked tokens in the database, shared by every server process.

Throttling (:func:`wait`, :func:`failed`, :func:`succeeded`) counts failures
under two keys: the browser session, and the client address together with the
name tried. It never locks a name as such: failures from one client do not slow
another client, and a session that has not failed itself is never made to wait
by other sessions' failures, so the editor can always sign in from a fresh
session, whatever was tried against the name. A session that has failed waits
for the longer of its own and its client-and-name delay, doubling after
``free`` failures up to ``cap`` seconds (never longer). Times are passed in, so
tests need no clock. Revocations (:func:`revoke`, :func:`is_revoked`) keep a
token's nonce until the token would have expired anyway.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Engine, delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from storage.models import RevokedToken, SigninFailure

__all__ = ["ThrottlePolicy", "client_address", "client_key", "failed", "is_revoked", "revoke", "session_key", "succeeded", "wait"]


@dataclass(frozen=True)
class ThrottlePolicy:
    """``free`` failures cost nothing; each further one doubles the wait from ``base`` up to ``cap`` seconds.

    ``max_keys`` bounds the table: beyond it, keys quiet for longer than ``cap`` are forgotten.
    """

    free: int = 3
    base: float = 2.0
    cap: float = 300.0
    max_keys: int = 10_000

    def delay(self, failures: int) -> float:
        if failures < self.free:
            return 0.0
        return min(self.base * 2 ** (failures - self.free), self.cap)


def session_key(session: str) -> str:
    return f"session:{session}"


_LOCAL = {None, "", "127.0.0.1", "::1", "localhost"}


def client_address(connection: str | None, real_ip: str | None) -> str:
    """The visitor's address: the connection's, or behind the local proxy (deploy/: the app listens on
    loopback) the ``X-Real-IP`` that nginx sets. A header is believed only on a loopback connection, so a
    visitor reaching the app directly cannot choose the address it is counted under."""
    if connection in _LOCAL and real_ip and real_ip.strip():
        return real_ip.strip()[:100]
    return connection or "unknown"


def client_key(client: str, name: str) -> str:
    """One client trying one name (never the name alone: that would let anyone lock the editor out)."""
    return f"client:{client[:100]}|name:{name.strip().casefold()[:150]}"


def _remaining(row: SigninFailure | None, policy: ThrottlePolicy, now: float) -> float:
    return 0.0 if row is None else max(0.0, row.last_at + policy.delay(row.failures) - now)


def wait(engine: Engine, policy: ThrottlePolicy, own: str, shared: str, now: float) -> float:
    """Seconds until the session (key ``own``) may try again (0: now); ``shared`` is its client-and-name key.

    A session without failures of its own never waits.
    """
    with Session(engine) as db:
        row = db.get(SigninFailure, own)
        if row is None:
            return 0.0
        return max(_remaining(row, policy, now), _remaining(db.get(SigninFailure, shared), policy, now))


def failed(engine: Engine, policy: ThrottlePolicy, keys: tuple[str, ...], now: float) -> None:
    """Count one failure under each of ``keys``."""
    for attempt in range(2):  # a concurrent first failure under the same key: count again on the row it made
        try:
            with Session(engine) as db, db.begin():
                if db.scalar(select(func.count()).select_from(SigninFailure)) > policy.max_keys:
                    db.execute(delete(SigninFailure).where(SigninFailure.last_at < now - policy.cap))
                for key in keys:
                    row = db.get(SigninFailure, key)
                    if row is None:
                        db.add(SigninFailure(key=key, failures=1, last_at=now))
                    else:
                        row.failures, row.last_at = row.failures + 1, now
            return
        except IntegrityError:
            if attempt:
                raise


def succeeded(engine: Engine, keys: tuple[str, ...]) -> None:
    with Session(engine) as db, db.begin():
        db.execute(delete(SigninFailure).where(SigninFailure.key.in_(keys)))


def revoke(engine: Engine, nonce: str, expires: float, now: float) -> None:
    """End the token with ``nonce`` for every server process; forget tokens that have expired anyway."""
    with Session(engine) as db, db.begin():
        db.execute(delete(RevokedToken).where(RevokedToken.expires_at < now))
        if db.get(RevokedToken, nonce) is None:
            db.add(RevokedToken(nonce=nonce, expires_at=expires))


def is_revoked(engine: Engine, nonce: str) -> bool:
    with Session(engine) as db:
        return db.get(RevokedToken, nonce) is not None
