"""Signed, expiring sign-in tokens, so that an editor stays signed in across a page reload.

A token is ``<name>.<expires>.<nonce>.<mac>`` (name in URL-safe base64), the
MAC an HMAC-SHA256 with a server secret over the rest and a fingerprint of
the editor's password hash: changing an editor's password, or removing the
editor, ends every token at once. The secret comes from
``ANKUNFTSATLAS_SECRET`` or is generated once and kept in the data folder
(file mode 0600); it is never shipped with the code.

>>> secret = b"k" * 32
>>> token = sign_token("anna", "hash", secret, now=100, ttl=60)
>>> read_token(token, {"anna": "hash"}, secret, now=159)
'anna'
>>> read_token(token, {"anna": "hash"}, secret, now=161) is None
True
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from pathlib import Path

__all__ = ["COOKIE", "TTL", "nonce_of", "read_token", "server_secret", "sign_token"]

COOKIE = "ankunftsatlas_editor"
TTL = 8 * 3600  # one working day
_SECRET_FILE = "session-secret.key"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _mac(secret: bytes, payload: str, stored_hash: str) -> str:
    fingerprint = hashlib.sha256(stored_hash.encode()).hexdigest()
    return _b64(hmac.new(secret, f"{payload}|{fingerprint}".encode(), hashlib.sha256).digest())


def sign_token(name: str, stored_hash: str, secret: bytes, now: float, ttl: int = TTL) -> str:
    """A token for ``name`` valid until ``now + ttl`` (seconds since the epoch)."""
    payload = f"{_b64(name.encode())}.{int(now + ttl)}.{secrets.token_urlsafe(12)}"
    return f"{payload}.{_mac(secret, payload, stored_hash)}"


def read_token(token: str, editors: Mapping[str, str], secret: bytes, now: float) -> str | None:
    """The editor's name if ``token`` is genuine, unexpired and the editor still configured."""
    try:
        encoded, expires, nonce, mac = token.split(".")
        name = _unb64(encoded).decode()
        deadline = int(expires)
    except (ValueError, UnicodeDecodeError):
        return None
    stored = editors.get(name)
    if stored is None or now > deadline or not nonce:
        return None
    expected = _mac(secret, f"{encoded}.{expires}.{nonce}", stored)
    return name if hmac.compare_digest(expected, mac) else None


def nonce_of(token: str) -> str:
    """The token's random part (to revoke it at sign-out)."""
    parts = token.split(".")
    return parts[2] if len(parts) == 4 else ""


def server_secret(env: Mapping[str, str] | None = None, data_dir: Path | None = None) -> bytes:
    """``ANKUNFTSATLAS_SECRET``, else a random key generated once in the data folder."""
    env = dict(os.environ) if env is None else env
    configured = env.get("ANKUNFTSATLAS_SECRET", "").strip()
    if configured:
        return configured.encode()
    if data_dir is None:
        from platformdirs import user_data_dir

        data_dir = Path(env.get("ANKUNFTSATLAS_DATA_DIR") or user_data_dir("ankunftsatlas"))
    path = Path(data_dir) / _SECRET_FILE
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
