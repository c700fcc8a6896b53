"""The one exception every package raises when its rules forbid a change."""

from __future__ import annotations


class RuleViolation(Exception):
    """A change the rules forbid; the message says which rule, in Vietnamese for officers."""
