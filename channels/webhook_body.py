"""Shared parsing of a webhook body that has already passed its signature check."""

from __future__ import annotations

import json


class UnreadableBody(ValueError):
    """Not UTF-8 JSON: answered with 400, never 500."""


def parse_json_body(raw_body: bytes) -> object:
    try:
        return json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise UnreadableBody(type(error).__name__) from None
