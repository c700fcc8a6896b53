"""Payloads carried by quick replies and menu buttons, and their parser.

They travel through Zalo and Facebook and come back verbatim, so they are short ASCII
strings: ``KIND`` or ``KIND:argument``.
"""

from __future__ import annotations

from dataclasses import dataclass

GET_STARTED = "GET_STARTED"
MENU = "MENU"
ALL_FIELDS = "ALL_FIELDS"
HUMAN = "HUMAN"
SUBSCRIBE = "SUBSCRIBE"
UNSUBSCRIBE = "UNSUBSCRIBE"
NEW_LAWS = "NEW_LAWS"
FAQ = "FAQ"
FIELD = "FIELD"
HELPFUL = "HELPFUL"
NOT_HELPFUL = "NOT_HELPFUL"
REPHRASE = "REPHRASE"
COMMUNE = "COMMUNE"
AUDIENCE = "AUDIENCE"
AUDIENCES_DONE = "AUDIENCES_DONE"
CHANGE_COMMUNE = "CHANGE_COMMUNE"


@dataclass(frozen=True)
class Payload:
    kind: str
    argument: str | None = None

    def encode(self) -> str:
        return self.kind if self.argument is None else f"{self.kind}:{self.argument}"


def faq_payload(faq_id: str) -> str:
    return Payload(FAQ, faq_id).encode()


def field_payload(field_code: str) -> str:
    return Payload(FIELD, field_code).encode()


def feedback_payload(helpful: bool, faq_id: str) -> str:
    return Payload(HELPFUL if helpful else NOT_HELPFUL, faq_id).encode()


def parse_payload(raw: str) -> Payload:
    kind, _, argument = raw.strip().partition(":")
    return Payload(kind.upper(), argument or None)
