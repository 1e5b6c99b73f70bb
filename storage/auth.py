"""Editor sign-in: salted PBKDF2 hashes configured outside the repository.

Credentials come from ``st.secrets["editors"]`` or ``ANKUNFTSATLAS_EDITORS``
(``name=hash;name=hash``); only hashes, never passwords, are stored. Create a
hash with ``python -m storage.auth NAME`` (asks for the password).

:func:`check_credentials` takes the same time for unknown and known names (an
unknown name is checked against a dummy hash); :mod:`storage.signins` makes
repeated failures wait longer and longer (per session, and per client and name).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import sys
from collections.abc import Mapping
from functools import lru_cache

__all__ = ["check_credentials", "hash_password", "parse_editors", "verify"]

_ALGORITHM = "pbkdf2_sha256"
_ITERATIONS = 390_000


def hash_password(password: str, salt: bytes | None = None, iterations: int = _ITERATIONS) -> str:
    salt = salt or os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt, iterations)
    return "$".join(
        [_ALGORITHM, str(iterations), base64.b64encode(salt).decode(), base64.b64encode(digest).decode()]
    )


def verify(password: str, stored: str) -> bool:
    """Constant-time check of ``password`` against a stored hash; malformed hashes never match."""
    try:
        algorithm, iterations, salt, digest = stored.split("$")
        if algorithm != _ALGORITHM:
            return False
        candidate = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), base64.b64decode(salt), int(iterations))
        return hmac.compare_digest(candidate, base64.b64decode(digest))
    except (ValueError, TypeError):
        return False


def _iterations(stored: str) -> int:
    try:
        return int(stored.split("$")[1])
    except (IndexError, ValueError):
        return _ITERATIONS


@lru_cache(maxsize=8)
def _dummy_hash(iterations: int) -> str:
    """A hash no password matches in practice, with the cost of the real ones (made on first use)."""
    return hash_password(base64.b64encode(os.urandom(24)).decode(), iterations=iterations)


def check_credentials(editors: Mapping[str, str], name: str, password: str) -> str | None:
    """The editor's name when ``password`` matches, else ``None``.

    An unknown name is verified against a dummy hash of the same cost, so the
    answer takes as long as for a known name and does not tell which names exist.
    """
    name = name.strip()
    stored = editors.get(name)
    cost = _iterations(stored or next(iter(editors.values()), ""))
    matches = verify(password, stored or _dummy_hash(cost))
    return name if stored is not None and matches else None


def parse_editors(value: str | Mapping[str, str] | None) -> dict[str, str]:
    """``name=hash;name=hash`` (environment) or a mapping (Streamlit secrets) to a dict."""
    if not value:
        return {}
    if isinstance(value, Mapping):
        return {str(k): str(v) for k, v in value.items()}
    pairs = [item.split("=", 1) for item in value.split(";") if "=" in item]
    return {name.strip(): stored.strip() for name, stored in pairs}


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 1 or args[0].startswith("-"):
        print("Aufruf / usage: python -m storage.auth NAME  (fragt nach dem Passwort / asks for the password;"
              " gibt NAME=HASH für ANKUNFTSATLAS_EDITORS aus / prints NAME=HASH for ANKUNFTSATLAS_EDITORS)",
              file=sys.stderr)
        return 0 if args in (["--help"], ["-h"]) else 2
    try:
        password = getpass.getpass("Passwort / password: ")
    except (EOFError, KeyboardInterrupt):
        print("\nKein Passwort eingegeben / no password given", file=sys.stderr)
        return 2
    if not password:
        print("Leeres Passwort / empty password", file=sys.stderr)
        return 2
    print(f"{args[0]}={hash_password(password)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
