"""X-ZEvent-Signature verification: ``mac=`` + hex SHA-256 of app id + raw body +
timestamp + OA secret key (plain SHA-256, not HMAC; platforms/zalo.md §1.2, from the
official Java/.NET SDKs' MacUtils). The first term and the secret are UNVERIFIED there,
so the variant is a setting; the documented form is the default.
"""

from __future__ import annotations

import hashlib
import hmac
import re

SIGNATURE_HEADER = "X-ZEvent-Signature"
_PREFIX = "mac="
# The timestamp is part of the signed string, so it is read from the raw bytes without
# parsing the (still unauthenticated) JSON.
_TIMESTAMP = re.compile(rb'"timestamp"\s*:\s*"?(\d{1,20})"?')


def body_timestamp(raw_body: bytes) -> str | None:
    match = _TIMESTAMP.search(raw_body)
    return match.group(1).decode("ascii") if match else None


def expected_mac(first_term: str, raw_body: bytes, timestamp: str, secret: str) -> str:
    digest = hashlib.sha256(
        first_term.encode() + raw_body + timestamp.encode() + secret.encode()
    ).hexdigest()
    return f"{_PREFIX}{digest}"


def signature_is_valid(
    raw_body: bytes, header_value: str | None, first_term: str, secret: str
) -> bool:
    """True only for the exact MAC of these bytes, compared in constant time."""
    if not header_value or not first_term or not secret:
        return False
    timestamp = body_timestamp(raw_body)
    if timestamp is None:
        return False
    given = header_value.strip().lower()
    if not given.startswith(_PREFIX):
        given = f"{_PREFIX}{given}"
    return hmac.compare_digest(given, expected_mac(first_term, raw_body, timestamp, secret))
