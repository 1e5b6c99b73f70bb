"""Signed, expiring sign-in tokens (itsdangerous), so that an editor stays signed in across a reload.

A token is an ``itsdangerous`` ``URLSafeTimedSerializer`` dump of the editor's
name, a random nonce and a fingerprint of the editor's password hash, signed
with a server secret and stamped with its time: changing an editor's password,
or removing the editor, ends every token at once; a token older than
:data:`TTL` is refused. The secret comes from ``ANKUNFTSATLAS_SECRET``; else,
when several server processes share a PostgreSQL database (:func:`use_database`,
registered by ``ui/shell/replicas.py``), from the database, where the officer
instance generates it once and every replica reads it; else it is generated once
and kept in the data folder (file mode 0600, the SQLite default). It is never
shipped with the code. Signing out ends a token at once for every server
process sharing the database (:mod:`storage.signins` keeps the revoked nonces).

>>> secret = b"k" * 32
>>> token = sign_token("anna", "hash", secret)
>>> read_token(token, {"anna": "hash"}, secret).name
'anna'
>>> read_token(token, {"anna": "other hash"}, secret) is None
True
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from collections.abc import Callable

from itsdangerous import BadData, URLSafeTimedSerializer

__all__ = ["COOKIE", "TTL", "TokenClaims", "database_secret", "read_token", "server_secret", "sign_token", "use_database"]

COOKIE = "ankunftsatlas_editor"
TTL = 8 * 3600  # one working day
_SALT = "ankunftsatlas-editor-sign-in"
_SECRET_FILE = "session-secret.key"
_KEY_NAME = "token"  # its row in the table server_key


@dataclass(frozen=True)
class _DatabaseKey:
    engine: Callable[[], object]  # a function giving the SQLAlchemy engine (opened lazily)
    writable: bool  # the officer instance: generates the key when the database has none


_database: _DatabaseKey | None = None
_known: dict[str, bytes] = {}  # the database's key once read (it never changes)


@dataclass(frozen=True)
class TokenClaims:
    """What a genuine token says: who, its nonce (to revoke it) and when it expires (epoch seconds)."""

    name: str
    nonce: str
    expires: int


def _fingerprint(stored_hash: str) -> str:
    return hashlib.sha256(stored_hash.encode()).hexdigest()[:32]


def _serializer(secret: bytes) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(secret, salt=_SALT)


def sign_token(name: str, stored_hash: str, secret: bytes) -> str:
    """A token for ``name``, valid for :data:`TTL` seconds from now (URL- and cookie-safe characters)."""
    return _serializer(secret).dumps({"n": name, "j": secrets.token_urlsafe(12), "f": _fingerprint(stored_hash)})


def read_token(token: str, editors: Mapping[str, str], secret: bytes, ttl: int = TTL) -> TokenClaims | None:
    """The claims of a genuine, unexpired token whose editor is still configured with the same password."""
    try:
        claims, signed_at = _serializer(secret).loads(token, max_age=ttl, return_timestamp=True)
        name, nonce, fingerprint = str(claims["n"]), str(claims["j"]), str(claims["f"])
    except (BadData, KeyError, TypeError, ValueError):
        return None
    stored = editors.get(name)
    if stored is None or not nonce or not hmac.compare_digest(fingerprint, _fingerprint(stored)):
        return None
    return TokenClaims(name=name, nonce=nonce, expires=int(signed_at.timestamp()) + ttl)


def use_database(engine: Callable[[], object] | None, writable: bool = False) -> None:
    """Keep the token key in the database of ``engine()`` (None: in the data folder again).

    ``writable``: this process generates the key when the database holds none yet (the officer
    instance); a read-only replica only reads it.
    """
    global _database
    _database = None if engine is None else _DatabaseKey(engine, writable)
    _known.clear()


def database_secret(engine, writable: bool) -> bytes | None:
    """The key stored in the database (row ``token`` of ``server_key``); generated and stored first
    when there is none and ``writable``. None: no key there yet (a replica started before the officer)."""
    from sqlalchemy import insert, select
    from sqlalchemy.exc import IntegrityError

    from storage.models import ServerKey

    query = select(ServerKey.value).where(ServerKey.name == _KEY_NAME)
    with engine.connect() as connection:
        value = connection.execute(query).scalar_one_or_none()
    if value is None and writable:
        try:
            with engine.begin() as connection:
                connection.execute(insert(ServerKey).values(name=_KEY_NAME, value=secrets.token_hex(32)))
        except IntegrityError:
            pass  # another officer process was first: its key is the one
        with engine.connect() as connection:
            value = connection.execute(query).scalar_one_or_none()
    return None if value is None else value.encode()


def server_secret(env: Mapping[str, str] | None = None, data_dir: Path | None = None) -> bytes:
    """``ANKUNFTSATLAS_SECRET``; else the database's key (:func:`use_database`); else a random key
    generated once in the data folder.

    A replica that finds no key in the database yet gets a random one for this call only (no token it
    reads is then genuine; it looks again on the next call)."""
    env = dict(os.environ) if env is None else env
    configured = env.get("ANKUNFTSATLAS_SECRET", "").strip()
    if configured:
        return configured.encode()
    if _database is not None:
        if _KEY_NAME not in _known:
            stored = database_secret(_database.engine(), _database.writable)
            if stored is None:
                return secrets.token_hex(32).encode()
            _known[_KEY_NAME] = stored
        return _known[_KEY_NAME]
    path = _data_dir(env, data_dir) / _SECRET_FILE
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:  # created exclusively, readable by the server's user only
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass  # another process was first
        else:
            with os.fdopen(descriptor, "w") as handle:
                handle.write(secrets.token_hex(32))
    return path.read_text().strip().encode()


def _data_dir(env: Mapping[str, str], data_dir: Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from geo.settings import data_dir as configured_data_dir

    return configured_data_dir(env)
