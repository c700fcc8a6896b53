"""Chooses the decision's thresholds on held-out tuning questions, never on the test set.

The score rewards a right answer and a declined question no entry answers, and punishes
a wrong answer three times as hard as a right one is rewarded: declining costs the
citizen a tap, a confidently wrong legal answer can cost far more. A clarifying question
whose choices hold the right entry earns half an answer; one asked of a question no entry
answers earns a little less than declining.

The team's own questions are easier than real ones (their phrasings nearly always fit an
entry), so a score on them alone drifts towards answering. Guard sets hold the line:
thresholds that answer more of a guard's uncovered questions than its ceiling, or answer
more than 2 % of its covered ones wrongly, are not chosen at all. Training guards with
the near misses' tuning half, questions written next to an entry's scope, so it needs
nothing outside the project (``../shared/eval`` is for evaluation only).
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from statistics import median_low

from bot.decisions import DecisionKind, Thresholds, decide
from bot.interpretation import Interpretation

WRONG_ANSWER_COST = 3.0
INTENT_GRID = (0.3, 0.5)
FAQ_GRID = tuple(round(0.05 * step, 2) for step in range(2, 20))
MARGIN_GRID = (0.0, 0.1, 0.2, 0.3)
CLARIFY_GRID = (0.15, 0.25, 0.35, 1.01)
OUT_OF_SCOPE_GRID = (0.5, 0.6, 0.7, 0.8, 0.9, 1.01)
LEXICAL_WEIGHT_GRID = (0.0, 0.25, 0.5, 0.75)
# The required term fit used to be fixed by hand on the real development split (0.7, then
# 0.75), because tuning on the team's questions, which their phrasings nearly always fit,
# drove it down. The guards now stop that drift, so tuning chooses it.
TERM_FIT_GRID = (0.75, 0.8, 0.85)
# The target for wrong answers to covered questions, held on every guard set.
MAX_WRONG = 0.02
# The near misses' ceiling as a guard (``bot.training``). They sit right next to an entry's
# scope, so they are answered more often than real uncovered questions: where 3 % of the
# real development split's uncovered questions were answered, 7 to 10 % of the near
# misses' tuning half were. Simulated on one model: 0.08 answered 4.7 % of the near
# misses' test half (right on dev 35.9 %); 0.06 answered 1.3 % (right on dev 28.2 %, dev
# uncovered answered 1.4 %), at the same 95 % of covered dev questions reaching their
# entry at once or in one tap; at 0.05 and below only 17.6 % were answered rightly.
# Here, in the tuning module, a changed ceiling re-tunes (``tuning_fingerprint``).
NEAR_MISS_CEILING = 0.06


@dataclass(frozen=True)
class LabelledInterpretation:
    """A tuning question's interpretation and its expected FAQ (None: no entry answers)."""

    expected_faq: str | None
    interpretation: Interpretation


def outcome_score(
    sample: LabelledInterpretation, thresholds: Thresholds, field_of: Mapping[str, str]
) -> float:
    decision = decide(sample.interpretation, thresholds, field_of)
    expected = sample.expected_faq
    if decision.kind is DecisionKind.ANSWER_FAQ:
        return 1.0 if decision.faq_id == expected else -WRONG_ANSWER_COST
    if decision.kind is DecisionKind.CLARIFY:
        if expected is None:
            return 0.6
        return 0.5 if expected in decision.suggestions else -0.5
    if expected is None:
        return 1.0 if decision.is_fallback else 0.0
    return 0.2 if expected in decision.suggestions else 0.0


def total_score(
    samples: list[LabelledInterpretation],
    thresholds: Thresholds,
    field_of: Mapping[str, str] | None = None,
) -> float:
    return sum(outcome_score(sample, thresholds, field_of or {}) for sample in samples)


@dataclass(frozen=True)
class Guard:
    """Questions the chosen thresholds must not answer wrongly: at most
    ``max_uncovered_answered`` of those no entry answers may get an answer, and at most
    ``MAX_WRONG`` of the others a wrong one."""

    samples: Sequence[LabelledInterpretation]
    max_uncovered_answered: float


def within_targets(guard: Guard, thresholds: Thresholds, field_of: Mapping[str, str]) -> bool:
    """Pure: whether these thresholds keep one guard set inside its limits."""
    uncovered = answered = covered = wrong = 0
    for sample in guard.samples:
        decision = decide(sample.interpretation, thresholds, field_of)
        is_answer = decision.kind is DecisionKind.ANSWER_FAQ
        if sample.expected_faq is None:
            uncovered += 1
            answered += is_answer
        else:
            covered += 1
            wrong += is_answer and decision.faq_id != sample.expected_faq
    return answered <= guard.max_uncovered_answered * uncovered and wrong <= MAX_WRONG * covered


def tune_thresholds(
    samples: list[LabelledInterpretation],
    field_of: Mapping[str, str] | None = None,
    guards: Sequence[Guard] = (),
) -> Thresholds:
    """Grid search in two stages (the weight, margin and answer threshold first, then the
    clarify and out-of-scope thresholds); among equally good answer thresholds take the
    middle of the best range, so a slightly different retrained model does not fall off
    an edge. Only thresholds inside the targets on every guard set compete; when none
    are, the guards are ignored rather than training failing."""
    if not samples:
        raise ValueError("no tuning questions")
    field_of = field_of or {}

    def best_of(candidates: list[Thresholds]) -> list[tuple[float, Thresholds]]:
        scored = sorted(
            ((total_score(samples, t, field_of), t) for t in candidates),
            key=lambda item: -item[0],
        )
        # Guards are checked best score first, and only until the best allowed score is
        # known: checking every candidate would double the tuning time.
        allowed: list[tuple[float, Thresholds]] = []
        for score, thresholds in scored:
            if allowed and score < allowed[0][0]:
                break
            if all(within_targets(guard, thresholds, field_of) for guard in guards):
                allowed.append((score, thresholds))
        return allowed or [item for item in scored if item[0] == scored[0][0]]

    # The lexical weight varies slowest: each question's ranking for one weight stays in
    # ``decisions``' cache while every other threshold is tried.
    first = best_of(
        [
            Thresholds(intent, faq, margin, 1.01, 1.01, weight, fit)
            for weight, intent, faq, margin, fit in itertools.product(
                LEXICAL_WEIGHT_GRID, INTENT_GRID, FAQ_GRID, MARGIN_GRID, TERM_FIT_GRID
            )
        ]
    )
    # Ties go to the simplest setting: the least lexical weight, term fit, margin and
    # intent bar.
    chosen = min(
        first,
        key=lambda item: (item[1].lexical_weight, item[1].term_fit, item[1].margin, item[1].intent),
    )[1]
    same = (chosen.intent, chosen.margin, chosen.lexical_weight, chosen.term_fit)
    faqs = [t.faq for _, t in first if (t.intent, t.margin, t.lexical_weight, t.term_fit) == same]
    chosen = replace(chosen, faq=median_low(faqs))
    # The margin is tried again with clarifying on: in the first stage a margin only
    # turns answers into declines, so it never wins there.
    second = best_of(
        [
            replace(chosen, margin=margin, clarify=clarify, out_of_scope=oos)
            for margin, clarify, oos in itertools.product(
                MARGIN_GRID, CLARIFY_GRID, OUT_OF_SCOPE_GRID
            )
        ]
    )
    return max(second, key=lambda item: (item[1].out_of_scope, item[1].clarify, -item[1].margin))[1]
