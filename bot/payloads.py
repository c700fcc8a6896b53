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
# Ratings of an official's answer to a forwarded question; the argument is its id.
ANSWER_HELPFUL = "ANSWER_HELPFUL"
ANSWER_NOT_HELPFUL = "ANSWER_NOT_HELPFUL"
# The legal quiz's buttons (``QUIZ:<argument>``); the menu button starts it.
QUIZ = "QUIZ"
QUIZ_START = "QUIZ:start"


@dataclass(frozen=True)
class Payload:
    kind: str
    argument: str | None = None

    def encode(self) -> str:
        return self.kind if self.argument is None else f"{self.kind}:{self.argument}"


def faq_payload(faq_id: str) -> str:
    return Payload(FAQ, faq_id).encode()


def field_payload(field_code: str, page: int = 0) -> str:
    """``FIELD:<code>`` for a field's first page of entries, ``FIELD:<code>:<page>`` after."""
    return Payload(FIELD, field_code if page == 0 else f"{field_code}:{page}").encode()


def field_and_page(argument: str) -> tuple[str, int]:
    """Pure: the field code and page of a field payload's argument (page 0 if absent)."""
    code, _, page = argument.partition(":")
    return code, int(page) if page.isdigit() and len(page) < 4 else 0


def feedback_payload(helpful: bool, faq_id: str) -> str:
    return Payload(HELPFUL if helpful else NOT_HELPFUL, faq_id).encode()


def answer_feedback_payload(helpful: bool, question_id: int) -> str:
    return Payload(ANSWER_HELPFUL if helpful else ANSWER_NOT_HELPFUL, str(question_id)).encode()


def parse_payload(raw: str) -> Payload:
    kind, _, argument = raw.strip().partition(":")
    return Payload(kind.upper(), argument or None)
