"""The API's token: made on purpose by the user (`aviator api token`), kept in a file only its
owner can read, and compared in constant time.

Control endpoints and the WebSocket always need it, on loopback too; binding the API anywhere but
loopback needs it to exist at all. The GUI and the CLI read the same file.
"""

from __future__ import annotations

import hmac
import os
import secrets
from pathlib import Path

TOKEN_FILE = Path("storage/api-token")
TOKEN_BYTES = 32  # 256 bits of randomness, written as 43 URL-safe characters


def create_token(path: Path = TOKEN_FILE) -> str:
    """A new token, written to `path` readable by its owner only (0600) before anything is in it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    token = secrets.token_urlsafe(TOKEN_BYTES)
    path.unlink(missing_ok=True)  # a file made earlier with wider permissions is not reused
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w", encoding="ascii") as file:
        file.write(token + "\n")
    return token


def read_token(path: Path = TOKEN_FILE) -> str | None:
    """The token in `path`, or None when there is none (or the file is empty)."""
    try:
        return path.read_text(encoding="ascii").strip() or None
    except FileNotFoundError:
        return None


def token_matches(given: str | None, expected: str | None) -> bool:
    """Whether `given` is the token; the time taken does not tell how much of it was right."""
    if given is None or expected is None:
        return False
    return hmac.compare_digest(given.encode(), expected.encode())
