"""Chooses the confidence thresholds on held-out tuning questions, never on the test set.

The score rewards a correct answer and a declined out-of-scope question, and penalises a
wrong answer as much as it rewards a right one: declining costs the citizen a tap, a wrong
legal answer can cost far more.
"""

from __future__ import annotations

from dataclasses import dataclass
from statistics import median

from bot.decisions import DecisionKind, Thresholds, decide
from bot.interpretation import Interpretation

INTENT_GRID = tuple(round(0.05 * step, 2) for step in range(0, 19))
FAQ_GRID = tuple(round(0.025 * step, 3) for step in range(0, 39))


@dataclass(frozen=True)
class LabelledInterpretation:
    """A tuning question's interpretation and its expected FAQ (None: out of scope)."""

    expected_faq: str | None
    interpretation: Interpretation


def outcome_score(sample: LabelledInterpretation, thresholds: Thresholds) -> float:
    decision = decide(sample.interpretation, thresholds)
    if sample.expected_faq is None:
        if decision.kind is DecisionKind.ANSWER_FAQ:
            return -1.0
        return 1.0 if decision.is_fallback else 0.0
    if decision.kind is DecisionKind.ANSWER_FAQ:
        return 1.0 if decision.faq_id == sample.expected_faq else -1.0
    return 0.0


def total_score(samples: list[LabelledInterpretation], thresholds: Thresholds) -> float:
    return sum(outcome_score(sample, thresholds) for sample in samples)


def tune_thresholds(samples: list[LabelledInterpretation]) -> Thresholds:
    """Grid search; among equally good settings take the middle of the best FAQ range,
    so a slightly different retrained model does not fall off an edge."""
    if not samples:
        raise ValueError("no tuning questions")
    scored = [
        (total_score(samples, Thresholds(intent, faq)), intent, faq)
        for intent in INTENT_GRID
        for faq in FAQ_GRID
    ]
    best = max(score for score, _, _ in scored)
    best_intent = min(intent for score, intent, _ in scored if score == best)
    best_faqs = [faq for score, intent, faq in scored if score == best and intent == best_intent]
    return Thresholds(intent=best_intent, faq=round(median(best_faqs), 3))
