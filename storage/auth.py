"""Editor sign-in: salted PBKDF2 hashes configured outside the repository.

Credentials come from ``st.secrets["editors"]`` or ``ANKUNFTSATLAS_EDITORS``
(``name=hash;name=hash``); only hashes, never passwords, are stored. Create a
hash with ``python -m storage.auth NAME`` (asks for the password).
"""

from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import os
import sys
from collections.abc import Mapping

__all__ = ["hash_password", "parse_editors", "verify"]

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
    if len(args) != 1:
        print("usage: python -m storage.auth NAME", file=sys.stderr)
        return 2
    password = getpass.getpass("Passwort / password: ")
    print(f"{args[0]}={hash_password(password)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
