"""Whether to answer, ask which entry was meant, or decline: three decisions, not two.

A wrong legal answer misleads a citizen; an honest "not sure" with an offer to forward the
question costs one more tap, and a clarifying question with two or three choices costs
one. Each FAQ's score mixes the FAQ classifier's confidence (``bot.rasa_faq_classifier``)
with the lexical retrieval's similarity (``bot.rasa_lexical``); the thresholds are tuned on held-out questions
(``bot.threshold_tuning``) and stored next to the model they were tuned for.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Collection, Mapping
from dataclasses import asdict, dataclass, fields
from enum import Enum
from pathlib import Path

from bot.interpretation import FAQ_INTENT, Interpretation

OUT_OF_SCOPE_INTENT = "out_of_scope"
MAX_SUGGESTIONS = 3
MAX_CHOICES = 3
# Suggestions below this score are noise (e.g. for "thời tiết hôm nay").
MIN_SUGGESTION_CONFIDENCE = 0.05
# Lexical similarity to a conversational intent's own examples that settles it.
LEXICAL_INTENT_MATCH = 0.7


@dataclass(frozen=True)
class Thresholds:
    intent: float = 0.5  # a conversational intent (greet, ask_human…) is acted on above this
    faq: float = 0.5  # a FAQ's combined score needed to answer with it
    # The best FAQ must lead the next one by this much to be answered outright …
    margin: float = 0.0
    # … otherwise FAQs scoring at least this (and close to the best) are offered as choices.
    clarify: float = 1.01
    # The out-of-scope intent's confidence at which the assistant declines (near misses).
    out_of_scope: float = 1.01
    # Weight of the lexical similarity in a FAQ's combined score (0: the model alone).
    lexical_weight: float = 0.0
    # Share of the question's informative words the best entry's phrasings must use to
    # answer with it (bot.term_fit; 0: not checked).
    term_fit: float = 0.0

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2), encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> Thresholds:
        known = {f.name for f in fields(cls)}
        stored = json.loads(path.read_text(encoding="utf-8"))
        return cls(**{key: value for key, value in stored.items() if key in known})


class DecisionKind(Enum):
    ANSWER_FAQ = "answer_faq"
    CLARIFY = "clarify"
    CONVERSATION = "conversation"
    NOT_SURE = "not_sure"
    OUT_OF_SCOPE = "out_of_scope"


@dataclass(frozen=True)
class Decision:
    kind: DecisionKind
    intent: str | None = None
    faq_id: str | None = None
    # Declining: plausible entries of the same field; clarifying: the choices offered.
    suggestions: tuple[str, ...] = ()
    score: float = 0.0

    @property
    def is_fallback(self) -> bool:
        return self.kind in (DecisionKind.NOT_SURE, DecisionKind.OUT_OF_SCOPE)


def faq_scores(
    interpretation: Interpretation,
    lexical_weight: float,
    faq_ids: Collection[str] | None = None,
) -> list[tuple[str, float]]:
    """Pure: FAQs by combined score, best first. The lexical ranking also names intents
    (its examples include "goodbye", "subscribe"…); ``faq_ids``, when given, keeps only entries."""
    return list(_ranked(interpretation, lexical_weight, frozenset(faq_ids or ())))


# Tuning decides each question thousands of times with a handful of lexical weights
# (about 650 questions x 4 weights); the bound keeps a long-running server's cache small.
@functools.lru_cache(maxsize=4096)
def _ranked(
    interpretation: Interpretation, lexical_weight: float, faq_ids: frozenset[str]
) -> tuple[tuple[str, float], ...]:
    selector = dict(interpretation.faq_ranking)
    if interpretation.faq_id is not None:
        selector[interpretation.faq_id] = max(
            selector.get(interpretation.faq_id, 0.0), interpretation.faq_confidence
        )
    intents = interpretation_intents(interpretation)
    lexical = {
        label: score
        for label, score in interpretation.lexical_ranking
        if label != OUT_OF_SCOPE_INTENT
        and label not in intents
        and (not faq_ids or label in faq_ids)
    }
    names = set(selector) | set(lexical)
    combined = {
        name: (1 - lexical_weight) * selector.get(name, 0.0)
        + lexical_weight * lexical.get(name, 0.0)
        for name in names
    }
    return tuple(sorted(combined.items(), key=lambda item: (-item[1], item[0])))


def interpretation_intents(interpretation: Interpretation) -> set[str]:
    return {name for name, _ in interpretation.intent_ranking} | {interpretation.intent or ""}


def lexical_intent(
    interpretation: Interpretation, field_of: Mapping[str, str] | None
) -> str | None:
    """Pure: a conversational intent whose own example the message nearly repeats ("đăng
    ký nhận tin"), when nothing lexical points to an entry instead."""
    if not field_of or not interpretation.lexical_ranking:
        return None
    label, score = interpretation.lexical_ranking[0]
    if label in field_of or label == OUT_OF_SCOPE_INTENT or score < LEXICAL_INTENT_MATCH:
        return None
    return label


def suggestions_from(
    interpretation: Interpretation,
    thresholds: Thresholds | None = None,
    field_of: Mapping[str, str] | None = None,
) -> tuple[str, ...]:
    """Likely FAQs to offer when declining: only plausible ones, and only from the field
    of the best candidate (a school question is not offered a death registration)."""
    weight = thresholds.lexical_weight if thresholds else 0.0
    ranked = faq_scores(interpretation, weight, field_of)
    likely = [faq for faq, score in ranked if score >= MIN_SUGGESTION_CONFIDENCE]
    if field_of and likely:
        field = field_of.get(likely[0])
        likely = [faq for faq in likely if field_of.get(faq) == field]
    return tuple(likely[:MAX_SUGGESTIONS])


def decide(
    interpretation: Interpretation,
    thresholds: Thresholds,
    field_of: Mapping[str, str] | None = None,
) -> Decision:
    """Pure: turns an interpretation into what the assistant will do."""
    intent = interpretation.intent
    confident_intent = interpretation.intent_confidence >= thresholds.intent
    conversational = intent not in (FAQ_INTENT, OUT_OF_SCOPE_INTENT, None)
    # "xin chào ad" is nearly an example of greet: the lexical match vouches for it when
    # the model, busy with a hundred entries, is unsure of a short greeting.
    if conversational and (
        confident_intent or interpretation.lexical_score(intent or "") >= LEXICAL_INTENT_MATCH
    ):
        return Decision(DecisionKind.CONVERSATION, intent=intent)
    closest = lexical_intent(interpretation, field_of)
    if closest is not None:
        return Decision(DecisionKind.CONVERSATION, intent=closest)
    ranked = faq_scores(interpretation, thresholds.lexical_weight, field_of)
    best, best_score = ranked[0] if ranked else (None, 0.0)
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    out_of_scope = max(
        interpretation.intent_score(OUT_OF_SCOPE_INTENT),
        interpretation.intent_confidence if intent == OUT_OF_SCOPE_INTENT else 0.0,
    )
    suggestions = suggestions_from(interpretation, thresholds, field_of)
    faq_like = intent == FAQ_INTENT and confident_intent
    if (intent == OUT_OF_SCOPE_INTENT and confident_intent) or (
        out_of_scope >= thresholds.out_of_scope
    ):
        return Decision(DecisionKind.OUT_OF_SCOPE, OUT_OF_SCOPE_INTENT, suggestions=suggestions)
    if (
        faq_like
        and best is not None
        and best_score >= thresholds.faq
        and best_score - runner_up >= thresholds.margin
        and interpretation.fit_of(best) >= thresholds.term_fit
    ):
        return Decision(DecisionKind.ANSWER_FAQ, FAQ_INTENT, best, score=best_score)
    choices = tuple(
        faq
        for faq, score in ranked[:MAX_CHOICES]
        if score >= thresholds.clarify and best_score - score < max(thresholds.margin, 0.0) * 2
    )
    if len(choices) >= 2:
        return Decision(DecisionKind.CLARIFY, FAQ_INTENT, suggestions=choices, score=best_score)
    return Decision(DecisionKind.NOT_SURE, intent=intent, suggestions=suggestions)
