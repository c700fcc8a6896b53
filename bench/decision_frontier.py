"""Decision frontier: the most covered questions the answer decision can answer rightly
while answering at most a given share of uncovered ones, over every threshold setting.

It shows whether a target pair (say 90 % right with at most 3 % of uncovered questions
answered) is reachable by tuning at all, or needs a better model or more coverage. Each
question is parsed once; then every setting of the answer threshold, margin, lexical
weight, term fit and intent threshold is decided over the real development split
(uncovered ones) and the near misses' test half, with clarifying and the out-of-scope
signal off, as they only turn answers into other replies. Also printed: the top-1
ceiling, the right share if every question were answered with its best entry.

Run: ``.venv/bin/python bench/decision_frontier.py``; ``--no-baseline`` for ours alone
(Rasa's default pipeline trains for about an hour after a data change). Without
``../shared/eval`` it measures on the team's held-out set. The last line printed is one
JSON object with the figures.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.decisions import Thresholds  # noqa: E402
from bot.evaluation import (  # noqa: E402
    CachedParser,
    Parser,
    Question,
    decision_metrics,
    evaluation_sets,
    outcomes_for,
)
from bot.knowledge_base import load_knowledge_base  # noqa: E402
from bot.project_paths import ProjectPaths  # noqa: E402
from bot.threshold_tuning import (  # noqa: E402
    FAQ_GRID,
    INTENT_GRID,
    LEXICAL_WEIGHT_GRID,
    MARGIN_GRID,
    MAX_WRONG,
)
from bot.training import Pipeline, baseline_pipeline, ensure_model, our_pipeline  # noqa: E402

CEILINGS = (0.01, 0.02, 0.03, 0.05, 0.10, 1.0)
TERM_FITS = (0.0, 0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9)
ANSWER_EVERYTHING = Thresholds(intent=0.0, faq=0.0)


@dataclass(frozen=True)
class Point:
    """One threshold setting and what it does on the measured questions."""

    thresholds: Thresholds
    right: float
    wrong: float
    uncovered_answered: float  # the worse of the real uncovered and the near misses


def grid() -> list[Thresholds]:
    """Lexical weight outermost: each question's ranking for one weight stays cached."""
    return [
        Thresholds(intent, faq, margin, 1.01, 1.01, weight, fit)
        for weight, intent, faq, margin, fit in itertools.product(
            LEXICAL_WEIGHT_GRID, INTENT_GRID, FAQ_GRID, MARGIN_GRID, TERM_FITS
        )
    ]


def frontier(
    points: Sequence[Point], ceilings: Sequence[float] = CEILINGS
) -> list[tuple[float, Point | None]]:
    """Pure: for each ceiling on uncovered questions answered, the point with the most
    right answers among those within it and within the wrong-answer target; None when no
    point is."""
    best = []
    for ceiling in ceilings:
        allowed = [p for p in points if p.uncovered_answered <= ceiling and p.wrong <= MAX_WRONG]
        best.append((ceiling, max(allowed, key=lambda p: (p.right, -p.wrong), default=None)))
    return best


def point_for(
    covered_and_uncovered: Sequence[Question],
    near_misses: Sequence[Question],
    parser: Parser,
    thresholds: Thresholds,
    field_of: Mapping[str, str],
) -> Point:
    main = decision_metrics(outcomes_for(covered_and_uncovered, parser, thresholds, field_of))
    near = decision_metrics(outcomes_for(near_misses, parser, thresholds, field_of))
    uncovered = max(main["uncovered_answered"], near["uncovered_answered"])
    return Point(thresholds, main["right"], main["wrong"], uncovered)


def measure(
    paths: ProjectPaths,
    pipeline: Pipeline,
    questions: Sequence[Question],
    near_misses: Sequence[Question],
    field_of: Mapping[str, str],
) -> dict:
    from bot.rasa_nlu import RasaNlu

    artifacts = ensure_model(paths, pipeline, progress=lambda line: print(line, file=sys.stderr))
    parser = CachedParser(RasaNlu.load(artifacts.model))
    points = [point_for(questions, near_misses, parser, t, field_of) for t in grid()]
    ceiling = point_for(questions, near_misses, parser, ANSWER_EVERYTHING, field_of)
    shipped = point_for(
        questions, near_misses, parser, Thresholds.load(artifacts.thresholds), field_of
    )
    return {
        "points": len(points),
        "frontier": frontier(points),
        "top1": ceiling,
        "shipped": shipped,
    }


def _cell(point: Point | None) -> str:
    if point is None:
        return f"{'none':>22}"
    return f"{point.right:>8.3f} (W {point.wrong:.3f})"


def _figures(prefix: str, measured: dict) -> dict[str, float]:
    figures = {f"{prefix}top1_right": measured["top1"].right}
    figures[f"{prefix}shipped_right"] = measured["shipped"].right
    figures[f"{prefix}shipped_uncovered_answered"] = measured["shipped"].uncovered_answered
    for ceiling, point in measured["frontier"]:
        figures[f"{prefix}right_at_{ceiling:g}"] = point.right if point else None
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="measure ours alone")
    arguments = parser.parse_args(argv)
    paths = ProjectPaths()
    sets = evaluation_sets(paths, progress=lambda line: print(line, file=sys.stderr))
    questions = sets.get("real_dev") or sets["team"]
    name = "real dev split" if sets.get("real_dev") else "team's held-out set"
    field_of = {faq.id: faq.field for faq in load_knowledge_base(paths.kb_dir).faqs}
    pipelines = [our_pipeline(paths)] + (
        [] if arguments.no_baseline else [baseline_pipeline(paths)]
    )
    results = [measure(paths, p, questions, sets["near_misses"], field_of) for p in pipelines]

    print(
        f"Decision frontier on the {name} ({len(questions)} questions) and "
        f"{len(sets['near_misses'])} near misses, {results[0]['points']} threshold settings"
    )
    print("most covered answered right, with wrong ≤ 2 % and uncovered answered ≤ the ceiling")
    labels = ("ours", "baseline")[: len(pipelines)]
    print(f"{'ceiling':<24}" + "".join(f"{label:>22}" for label in labels))
    for row, (ceiling, _) in enumerate(results[0]["frontier"]):
        cells = "".join(_cell(r["frontier"][row][1]) for r in results)
        print(f"{'≤ ' + format(ceiling, '.0%'):<24}{cells}")
    print(f"{'answer everything':<24}" + "".join(_cell(r["top1"]) for r in results))
    shipped = "".join(
        f"{r['shipped'].right:>8.3f} (U {r['shipped'].uncovered_answered:.3f})" for r in results
    )
    print(f"{'tuned thresholds':<24}{shipped}")
    figures = {"questions": len(questions), "near_misses": len(sets["near_misses"])}
    for label, measured in zip(labels, results, strict=True):
        figures |= _figures("" if label == "ours" else "baseline/", measured)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
