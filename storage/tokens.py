"""Signed, expiring sign-in tokens (itsdangerous), so that an editor stays signed in across a reload.

A token is an ``itsdangerous`` ``URLSafeTimedSerializer`` dump of the editor's
name, a random nonce and a fingerprint of the editor's password hash, signed
with a server secret and stamped with its time: changing an editor's password,
or removing the editor, ends every token at once; a token older than
:data:`TTL` is refused. The secret comes from ``ANKUNFTSATLAS_SECRET`` or is
generated once and kept in the data folder (file mode 0600); it is never
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

from itsdangerous import BadData, URLSafeTimedSerializer

__all__ = ["COOKIE", "TTL", "TokenClaims", "read_token", "server_secret", "sign_token"]

COOKIE = "ankunftsatlas_editor"
TTL = 8 * 3600  # one working day
_SALT = "ankunftsatlas-editor-sign-in"
_SECRET_FILE = "session-secret.key"


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


def server_secret(env: Mapping[str, str] | None = None, data_dir: Path | None = None) -> bytes:
    """``ANKUNFTSATLAS_SECRET``, else a random key generated once in the data folder."""
    env = dict(os.environ) if env is None else env
    configured = env.get("ANKUNFTSATLAS_SECRET", "").strip()
    if configured:
        return configured.encode()
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
