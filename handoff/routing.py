"""Where a forwarded question goes: its legal field and its commune.

The field is that of the FAQ the model found most likely (officials of that field see it
first); the commune is the one the citizen named in the question, else the commune they
subscribed from. A question with neither reaches the province's officers, who see all.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from broadcasts.communes import CommuneMatcher

NAMED = "named"
SUBSCRIPTION = "subscription"


@dataclass(frozen=True)
class QuestionRoute:
    field_code: str | None = None
    commune_code: str | None = None
    commune_source: str | None = None  # NAMED, SUBSCRIPTION or None


def field_of(likely_faq_ids: Sequence[str], faq_fields: Mapping[str, str]) -> str | None:
    """Pure: the field of the most likely FAQ that the knowledge base knows."""
    for faq_id in likely_faq_ids:
        if faq_id in faq_fields:
            return faq_fields[faq_id]
    return None


class QuestionRouter:
    def __init__(
        self,
        faq_fields: Callable[[], Mapping[str, str]],
        communes: CommuneMatcher,
        subscribed_commune: Callable[[str, str], str | None],
    ) -> None:
        """``faq_fields``: each entry's field in the knowledge base as it is now (the
        console adds entries while the server runs)."""
        self._faq_fields = faq_fields
        self._communes = communes
        self._subscribed_commune = subscribed_commune

    def route(
        self, channel: str, user_id: str, question: str, likely_faq_ids: Sequence[str]
    ) -> QuestionRoute:
        field_code = field_of(likely_faq_ids, self._faq_fields())
        named = self._communes.mentioned_in(question)
        if named is not None:
            return QuestionRoute(field_code, named.code, NAMED)
        subscribed = self._subscribed_commune(channel, user_id)
        if subscribed is not None:
            return QuestionRoute(field_code, subscribed, SUBSCRIPTION)
        return QuestionRoute(field_code)
