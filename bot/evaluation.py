"""``python -m bot evaluate``: how well the model answers questions it never saw.

The evaluation set (``tests/data/eval_questions.yml``) was written separately from the
training variants and the tuning questions. Our pipeline and Rasa's default pipeline are
trained on the same data, tuned the same way and scored side by side.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import TextIO

from bot.decisions import Decision, DecisionKind, Thresholds, decide
from bot.interpretation import Interpretation
from bot.knowledge_base import load_knowledge_base
from bot.project_paths import ProjectPaths
from bot.question_sets import LabelledQuestion, load_question_set
from bot.text_normalization import has_diacritics
from bot.training import Pipeline, baseline_pipeline, ensure_model, our_pipeline


@dataclass(frozen=True)
class Outcome:
    question: LabelledQuestion
    interpretation: Interpretation
    decision: Decision

    @property
    def top1_correct(self) -> bool:
        return (
            self.interpretation.is_faq and self.interpretation.faq_id == self.question.expected_faq
        )

    @property
    def answered_correctly(self) -> bool:
        return self.decision.kind is DecisionKind.ANSWER_FAQ and (
            self.decision.faq_id == self.question.expected_faq
        )

    @property
    def answered_wrongly(self) -> bool:
        return self.decision.kind is DecisionKind.ANSWER_FAQ and not self.answered_correctly


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def compute_metrics(outcomes: list[Outcome]) -> dict[str, float]:
    """Pure: the figures printed for one pipeline."""
    in_scope = [o for o in outcomes if not o.question.out_of_scope]
    accented = [o for o in in_scope if has_diacritics(o.question.text)]
    plain = [o for o in in_scope if not has_diacritics(o.question.text)]
    out_of_scope = [o for o in outcomes if o.question.out_of_scope]
    declined = [o for o in outcomes if o.decision.is_fallback]
    declined_oos = [o for o in declined if o.question.out_of_scope]
    return {
        "top1": _share(sum(o.top1_correct for o in in_scope), len(in_scope)),
        "top1_with_diacritics": _share(sum(o.top1_correct for o in accented), len(accented)),
        "top1_without_diacritics": _share(sum(o.top1_correct for o in plain), len(plain)),
        "answered_correctly": _share(sum(o.answered_correctly for o in in_scope), len(in_scope)),
        "answered_wrongly": _share(sum(o.answered_wrongly for o in in_scope), len(in_scope)),
        "oos_precision": _share(len(declined_oos), len(declined)),
        "oos_recall": _share(len(declined_oos), len(out_of_scope)),
        "oos_answered_with_faq": _share(
            sum(o.decision.kind is DecisionKind.ANSWER_FAQ for o in out_of_scope), len(out_of_scope)
        ),
    }


METRIC_LABELS = {
    "top1": "top-1 FAQ accuracy",
    "top1_with_diacritics": "  typed with diacritics",
    "top1_without_diacritics": "  typed without diacritics",
    "answered_correctly": "answered with the right FAQ (after thresholds)",
    "answered_wrongly": "answered with a wrong FAQ (lower is better)",
    "oos_precision": "out-of-scope precision (declined that should be)",
    "oos_recall": "out-of-scope recall (declined of all off-topic)",
    "oos_answered_with_faq": "off-topic answered with an FAQ (lower is better)",
}


def side_by_side(ours: dict[str, float], baseline: dict[str, float]) -> str:
    lines = [f"{'metric':<52}{'ours':>8}{'baseline':>10}{'ratio':>8}"]
    for key, label in METRIC_LABELS.items():
        ratio = f"{ours[key] / baseline[key]:.2f}x" if baseline[key] else "-"
        lines.append(f"{label:<52}{ours[key]:>8.3f}{baseline[key]:>10.3f}{ratio:>8}")
    return "\n".join(lines)


def describe_misses(outcomes: list[Outcome]) -> list[str]:
    misses = []
    for outcome in outcomes:
        question, interpretation = outcome.question, outcome.interpretation
        if question.out_of_scope and not outcome.decision.is_fallback:
            got = outcome.decision.faq_id or outcome.decision.intent
            misses.append(f"  off-topic not declined -> {got}: {question.text}")
        elif not question.out_of_scope and not outcome.top1_correct:
            got = interpretation.faq_id if interpretation.is_faq else interpretation.intent
            misses.append(
                f"  {question.expected_faq} -> {got} "
                f"({interpretation.faq_confidence:.2f}): {question.text}"
            )
    return misses


def evaluate_pipeline(
    paths: ProjectPaths,
    pipeline: Pipeline,
    questions: list[LabelledQuestion],
    progress: Callable[[str], None],
) -> list[Outcome]:
    from bot.rasa_nlu import RasaNlu

    artifacts = ensure_model(paths, pipeline, progress=progress)
    progress(f"Parsing {len(questions)} held-out questions with the {pipeline.name} model…")
    nlu = RasaNlu.load(artifacts.model)
    thresholds = Thresholds.load(artifacts.thresholds)
    outcomes = []
    for question in questions:
        interpretation = nlu.parse(question.text)
        outcomes.append(Outcome(question, interpretation, decide(interpretation, thresholds)))
    return outcomes


def run_evaluation(
    progress: Callable[[str], None], out: TextIO, paths: ProjectPaths | None = None
) -> int:
    paths = paths or ProjectPaths()
    knowledge_base = load_knowledge_base(paths.kb_dir)
    questions = load_question_set(
        paths.evaluation_questions, {faq.id for faq in knowledge_base.faqs}
    )
    ours = evaluate_pipeline(paths, our_pipeline(paths), questions, progress)
    baseline = evaluate_pipeline(paths, baseline_pipeline(paths), questions, progress)
    ours_metrics, baseline_metrics = compute_metrics(ours), compute_metrics(baseline)
    in_scope = sum(not q.out_of_scope for q in questions)
    out.write(
        f"Held-out evaluation: {in_scope} questions on {len(knowledge_base.faqs)} FAQs, "
        f"{len(questions) - in_scope} off-topic questions\n\n"
    )
    out.write(side_by_side(ours_metrics, baseline_metrics) + "\n\n")
    misses = describe_misses(ours)
    out.write(f"Misses of our model ({len(misses)}):\n" + "\n".join(misses) + "\n\n")
    summary = {
        **ours_metrics,
        "baseline_top1": baseline_metrics["top1"],
        "baseline_oos_precision": baseline_metrics["oos_precision"],
        "baseline_oos_recall": baseline_metrics["oos_recall"],
        "questions": in_scope,
        "out_of_scope_questions": len(questions) - in_scope,
    }
    out.write(json.dumps(summary) + "\n")
    return 0
