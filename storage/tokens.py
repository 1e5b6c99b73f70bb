"""Signed, expiring sign-in tokens, so that an editor stays signed in across a page reload.

A token is ``<name>.<expires>.<nonce>.<mac>`` (name in URL-safe base64), the
MAC an HMAC-SHA256 with a server secret over the rest and a fingerprint of
the editor's password hash: changing an editor's password, or removing the
editor, ends every token at once. The secret comes from
``ANKUNFTSATLAS_SECRET`` or is generated once and kept in the data folder
(file mode 0600); it is never shipped with the code. Signing out ends a token
at once for every server process sharing the data folder (:func:`revoke`).

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

__all__ = ["COOKIE", "TTL", "is_revoked", "nonce_of", "read_token", "revoke", "server_secret", "sign_token"]

COOKIE = "ankunftsatlas_editor"
TTL = 8 * 3600  # one working day
_SECRET_FILE = "session-secret.key"
_REVOKED_FILE = "revoked-tokens.txt"


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


def _data_dir(env: Mapping[str, str] | None, data_dir: Path | None) -> Path:
    if data_dir is not None:
        return Path(data_dir)
    from geo.settings import data_dir

    return data_dir(env)


def _revoked(path: Path, now: float) -> dict[str, int]:
    if not path.is_file():
        return {}
    entries = {}
    for line in path.read_text().splitlines():
        nonce, _, expires = line.partition(" ")
        if expires.isdigit() and int(expires) >= now:
            entries[nonce] = int(expires)
    return entries


def revoke(token: str, now: float, data_dir: Path | None = None) -> None:
    """End ``token`` before it expires (sign-out), for every server process sharing the data folder.

    Kept in a small file until the token would have expired anyway.
    """
    parts = token.split(".")
    if len(parts) != 4 or not parts[1].isdigit():
        return
    path = _data_dir(None, data_dir) / _REVOKED_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    entries = {**_revoked(path, now), parts[2]: int(parts[1])}
    part = path.with_name(f"{path.name}.{secrets.token_hex(4)}.part")
    part.write_text("".join(f"{n} {e}\n" for n, e in entries.items()))
    part.replace(path)


def is_revoked(token: str, now: float, data_dir: Path | None = None) -> bool:
    return nonce_of(token) in _revoked(_data_dir(None, data_dir) / _REVOKED_FILE, now)
