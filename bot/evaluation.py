"""``python -m bot evaluate``: how the answer decision does on questions the team did not
train on, ours and Rasa's default pipeline side by side.

Sets: the team's held-out questions (``tests/data/eval_questions.yml``); the half of the
near misses not used for tuning (``evaluation/near_misses.yml``); and, when the shared
folder is present, real citizens' questions (``bot.real_questions``), the held-out split
reported apart from the dev split. The near misses and real questions are also measured
typed without diacritics, in chat slang and as long stories (``bot.question_forms``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol, TextIO

from bot.decisions import Decision, DecisionKind, Thresholds, decide
from bot.interpretation import Interpretation
from bot.knowledge_base import load_knowledge_base
from bot.project_paths import ProjectPaths
from bot.question_forms import FORMS, question_form
from bot.question_sets import load_near_misses, load_now_covered, load_question_set
from bot.real_questions import load_real_questions
from bot.training import Pipeline, baseline_pipeline, ensure_model, our_pipeline


class Question(Protocol):
    text: str
    expected_faq: str | None


@dataclass(frozen=True)
class Outcome:
    expected_faq: str | None
    decision: Decision

    @property
    def answered(self) -> bool:
        return self.decision.kind is DecisionKind.ANSWER_FAQ

    @property
    def answered_correctly(self) -> bool:
        return self.answered and self.decision.faq_id == self.expected_faq

    @property
    def choice_holds_right_entry(self) -> bool:
        """Declined or clarified, and the right entry is among what was offered."""
        return not self.answered and self.expected_faq in self.decision.suggestions


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def decision_metrics(outcomes: Sequence[Outcome]) -> dict[str, float]:
    """Pure: the figures the targets are set on, for one set of questions."""
    covered = [o for o in outcomes if o.expected_faq is not None]
    uncovered = [o for o in outcomes if o.expected_faq is None]
    not_answered = [o for o in covered if not o.answered]
    return {
        "right": _share(sum(o.answered_correctly for o in covered), len(covered)),
        "wrong": _share(
            sum(o.answered and not o.answered_correctly for o in covered), len(covered)
        ),
        "uncovered_answered": _share(sum(o.answered for o in uncovered), len(uncovered)),
        "declined_with_right_choice": _share(
            sum(o.choice_holds_right_entry for o in not_answered), len(not_answered)
        ),
        # What a citizen with a covered question gets: the right answer at once, or a
        # reply whose choices hold it, one tap away.
        "right_within_a_tap": _share(
            sum(o.answered_correctly or o.choice_holds_right_entry for o in covered), len(covered)
        ),
        "clarified": _share(
            sum(o.decision.kind is DecisionKind.CLARIFY for o in outcomes), len(outcomes)
        ),
        "covered": len(covered),
        "uncovered": len(uncovered),
    }


METRIC_LABELS = {
    "right": "covered answered with the right entry",
    "wrong": "covered answered with a wrong entry",
    "uncovered_answered": "uncovered answered with any entry",
    "declined_with_right_choice": "declined covered, right entry offered",
    "right_within_a_tap": "covered: right at once or in one tap",
    "clarified": "asked which entry was meant",
}


class Parser(Protocol):
    def parse(self, text: str) -> Interpretation: ...


class CachedParser:
    """Parses each distinct text once: the sets share many questions across forms."""

    def __init__(self, parser: Parser) -> None:
        self._parser = parser
        self._seen: dict[str, Interpretation] = {}

    def parse(self, text: str) -> Interpretation:
        if text not in self._seen:
            self._seen[text] = self._parser.parse(text)
        return self._seen[text]


def outcomes_for(
    questions: Sequence[Question],
    parser: Parser,
    thresholds: Thresholds,
    field_of: Mapping[str, str],
    form: str = "diacritics",
) -> list[Outcome]:
    return [
        Outcome(
            q.expected_faq,
            decide(parser.parse(question_form(q.text, form, seed)), thresholds, field_of),
        )
        for seed, q in enumerate(questions)
    ]


def evaluation_sets(paths: ProjectPaths, progress: Callable[[str], None]) -> dict[str, list]:
    knowledge_base = load_knowledge_base(paths.kb_dir)
    known = {faq.id for faq in knowledge_base.faqs}
    sets: dict[str, list] = {
        "team": load_question_set(paths.evaluation_questions, known)
        + load_now_covered(paths.near_misses, known),
        "near_misses": load_near_misses(paths.near_misses, half="test"),
    }
    real, problems = load_real_questions(paths.real_question_labels, paths.shared_eval_dir, known)
    for problem in problems:
        progress(f"real questions: {problem}")
    if real:
        sets["real_dev"] = [q for q in real if q.split == "dev"]
        sets["real_heldout"] = [q for q in real if q.split == "heldout"]
    else:
        progress(f"No real questions at {paths.shared_eval_dir}: reporting the team's sets only.")
    return sets


def measure(
    sets: Mapping[str, list], parser: Parser, thresholds: Thresholds, field_of: Mapping[str, str]
) -> dict[str, dict[str, float]]:
    """Pure but for parsing: metrics per set, and per form for the sets typed many ways."""
    cached = CachedParser(parser)
    results = {"team": decision_metrics(outcomes_for(sets["team"], cached, thresholds, field_of))}
    for name in ("near_misses", "real_dev", "real_heldout"):
        for form in FORMS:
            if sets.get(name):
                outcomes = outcomes_for(sets[name], cached, thresholds, field_of, form)
                results[f"{name}/{form}"] = decision_metrics(outcomes)
    return results


def coverage(real_dev: Sequence[Question]) -> float:
    """Share of the dev split's questions that some entry answers."""
    return _share(sum(q.expected_faq is not None for q in real_dev), len(real_dev))


def side_by_side(ours: Mapping[str, dict], baseline: Mapping[str, dict] | None) -> str:
    """The figures as a table; without a baseline, ours alone."""
    header = f"{'set / form':<26}{'metric':<40}{'ours':>7}"
    lines = [header + (f"{'baseline':>9}" if baseline is not None else "")]
    for name, metrics in ours.items():
        counts = f"({metrics['covered']} covered, {metrics['uncovered']} uncovered)"
        lines.append(f"{name:<26}{counts}")
        for key, label in METRIC_LABELS.items():
            row = f"{'':<26}{label:<40}{metrics[key]:>7.3f}"
            if baseline is not None:
                row += f"{baseline[name][key]:>9.3f}"
            lines.append(row)
    return "\n".join(lines)


def evaluate_pipeline(
    paths: ProjectPaths,
    pipeline: Pipeline,
    sets: Mapping[str, list],
    field_of: Mapping[str, str],
    progress: Callable[[str], None],
) -> dict[str, dict[str, float]]:
    from bot.rasa_nlu import RasaNlu

    artifacts = ensure_model(paths, pipeline, progress=progress)
    progress(f"Parsing the evaluation sets with the {pipeline.name} model…")
    nlu = RasaNlu.load(artifacts.model)
    return measure(sets, nlu, Thresholds.load(artifacts.thresholds), field_of)


def summary_json(
    ours: Mapping[str, dict], baseline: Mapping[str, dict] | None, extra: Mapping[str, float]
) -> str:
    """One line, one JSON object: every figure, ours and (when measured) the baseline's."""
    figures: dict[str, float] = dict(extra)
    for name, metrics in ours.items():
        for key in METRIC_LABELS:
            figures[f"{name}/{key}"] = metrics[key]
            if baseline is not None:
                figures[f"baseline/{name}/{key}"] = baseline[name][key]
    return json.dumps(figures, sort_keys=True)


def run_evaluation(
    progress: Callable[[str], None],
    out: TextIO,
    paths: ProjectPaths | None = None,
    with_baseline: bool = True,
) -> int:
    """``with_baseline=False`` skips Rasa's default pipeline: on 2 cores it trains for about
    an hour whenever the knowledge base changes, so a quick check measures ours alone."""
    paths = paths or ProjectPaths()
    knowledge_base = load_knowledge_base(paths.kb_dir)
    field_of = {faq.id: faq.field for faq in knowledge_base.faqs}
    sets = evaluation_sets(paths, progress)
    ours = evaluate_pipeline(paths, our_pipeline(paths), sets, field_of, progress)
    baseline = (
        evaluate_pipeline(paths, baseline_pipeline(paths), sets, field_of, progress)
        if with_baseline
        else None
    )
    extra = {"entries": len(knowledge_base.faqs), "fields": len(knowledge_base.fields)}
    if sets.get("real_dev"):
        extra["coverage_real_dev"] = coverage(sets["real_dev"])
        extra["coverage_real_heldout"] = coverage(sets["real_heldout"])
    out.write(
        f"Answer decision on {len(knowledge_base.faqs)} entries in "
        f"{len(knowledge_base.fields)} fields; "
        + ("ours beside Rasa's default pipeline.\n" if with_baseline else "ours alone.\n")
    )
    if "coverage_real_dev" in extra:
        out.write(
            f"Coverage: {extra['coverage_real_dev']:.1%} of the real dev questions "
            f"({extra['coverage_real_heldout']:.1%} of the held-out) are answered by an entry.\n"
        )
    out.write("\n" + side_by_side(ours, baseline) + "\n\n")
    out.write(summary_json(ours, baseline, extra) + "\n")
    return 0
