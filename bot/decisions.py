"""Whether to answer, and with what: the assistant never guesses below tuned thresholds.

A wrong legal answer misleads a citizen; an honest "not sure" with suggestions and an offer
to forward the question costs one more tap. The thresholds are tuned on held-out questions
(``bot.threshold_tuning``) and stored next to the model they were tuned for.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from enum import Enum
from pathlib import Path

from bot.interpretation import FAQ_INTENT, Interpretation

OUT_OF_SCOPE_INTENT = "out_of_scope"
MAX_SUGGESTIONS = 3
# Suggestions below this FAQ confidence are noise (e.g. for "thời tiết hôm nay").
MIN_SUGGESTION_CONFIDENCE = 0.05


@dataclass(frozen=True)
class Thresholds:
    intent: float = 0.5
    faq: float = 0.5

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Thresholds:
        return cls(**json.loads(path.read_text(encoding="utf-8")))


class DecisionKind(Enum):
    ANSWER_FAQ = "answer_faq"
    CONVERSATION = "conversation"
    NOT_SURE = "not_sure"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    intent: str | None = None
    faq_id: str | None = None
    suggestions: tuple[str, ...] = ()

    @property
    def is_fallback(self) -> bool:
        return self.kind in (DecisionKind.NOT_SURE, DecisionKind.OUT_OF_SCOPE)


def suggestions_from(interpretation: Interpretation) -> tuple[str, ...]:
    likely = [
        faq_id
        for faq_id, confidence in interpretation.faq_ranking
        if confidence >= MIN_SUGGESTION_CONFIDENCE
    ]
    return tuple(likely[:MAX_SUGGESTIONS])


def decide(interpretation: Interpretation, thresholds: Thresholds) -> Decision:
    """Pure: turns an interpretation into what the assistant will do."""
    confident_intent = interpretation.intent_confidence >= thresholds.intent
    if interpretation.intent == OUT_OF_SCOPE_INTENT and confident_intent:
        return Decision(
            DecisionKind.OUT_OF_SCOPE,
            intent=OUT_OF_SCOPE_INTENT,
            suggestions=suggestions_from(interpretation),
        )
    if interpretation.intent == FAQ_INTENT:
        if (
            confident_intent
            and interpretation.is_faq
            and (interpretation.faq_confidence >= thresholds.faq)
        ):
            return Decision(
                DecisionKind.ANSWER_FAQ, intent=FAQ_INTENT, faq_id=interpretation.faq_id
            )
        return Decision(
            DecisionKind.NOT_SURE, intent=FAQ_INTENT, suggestions=suggestions_from(interpretation)
        )
    if interpretation.intent and confident_intent:
        return Decision(DecisionKind.CONVERSATION, intent=interpretation.intent)
    return Decision(
        DecisionKind.NOT_SURE,
        intent=interpretation.intent,
        suggestions=suggestions_from(interpretation),
    )
