"""X-Hub-Signature-256 verification on the raw request bytes, in constant time."""

from __future__ import annotations

import hashlib
import hmac

SIGNATURE_HEADER = "X-Hub-Signature-256"
_PREFIX = "sha256="


def expected_signature(raw_body: bytes, app_secret: str) -> str:
    digest = hmac.new(app_secret.encode(), raw_body, hashlib.sha256).hexdigest()
    return f"{_PREFIX}{digest}"


def signature_is_valid(raw_body: bytes, header_value: str | None, app_secret: str) -> bool:
    """True only for the exact HMAC of these bytes; a re-serialised body would not match."""
    if not header_value or not header_value.startswith(_PREFIX) or not app_secret:
        return False
    return hmac.compare_digest(
        header_value.strip().lower(), expected_signature(raw_body, app_secret)
    )
