"""Shared parsing of a webhook body that has already passed its signature check.

Valid JSON is not enough: a lone surrogate escape ("\\ud800") cannot be stored as UTF-8,
a 5,000-digit integer is refused by Python's int parser, and a body nested a thousand
levels deep breaks ``json.dumps`` later. Such bodies are answered with 400 here, before
anything is stored, because platforms retry a 500 and may turn the webhook off.
"""

from __future__ import annotations

import json
import re

# Messenger's own events nest about six levels; a margin, not a limit anyone reaches.
MAX_NESTING = 32
_SURROGATE = re.compile("[\ud800-\udfff]")


class UnreadableBody(ValueError):
    """Not storable UTF-8 JSON: answered with 400, never 500."""


def parse_json_body(raw_body: bytes) -> object:
    try:
        document = json.loads(raw_body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        # ValueError covers JSONDecodeError and integers over the digit limit.
        raise UnreadableBody(type(error).__name__) from None
    problem = storability_problem(document)
    if problem:
        raise UnreadableBody(problem)
    return document


def storability_problem(document: object) -> str | None:
    """Pure: why a parsed document cannot be stored and re-serialised, or None.

    Walks with an explicit stack, so a deep document cannot exhaust the recursion limit.
    """
    stack: list[tuple[object, int]] = [(document, 1)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return "lone surrogate in a string"
        elif isinstance(value, dict | list):
            if depth > MAX_NESTING:
                return f"nested deeper than {MAX_NESTING} levels"
            items = value.items() if isinstance(value, dict) else enumerate(value)
            for key, child in items:
                stack.append((key, depth))
                stack.append((child, depth + 1))
    return None
