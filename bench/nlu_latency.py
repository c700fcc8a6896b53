"""NLU benchmark: model load time and parse latency over 1,000 varied questions, none of
them a phrasing the model was trained on (a story built around a training example would
match it closely and be read once, which real stories rarely are).

Our pipeline and Rasa's default pipeline (the baseline) run side by side on the same
questions in the same process. Run: ``.venv/bin/python bench/nlu_latency.py``; with
``--no-baseline`` ours alone (the baseline trains for about an hour after a data change).
The last line printed is one JSON object with the figures.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.knowledge_base import load_knowledge_base  # noqa: E402
from bot.project_paths import ProjectPaths  # noqa: E402
from bot.question_forms import question_form  # noqa: E402
from bot.question_sets import load_near_misses, load_question_set  # noqa: E402
from bot.training import Pipeline, baseline_pipeline, ensure_model, our_pipeline  # noqa: E402

QUESTIONS = 1000
WARM_UP = 20
SEED = 766


def varied_questions(paths: ProjectPaths, count: int) -> list[str]:
    """Questions the model was not trained on (the team's held-out set and near misses),
    as typed with diacritics, without, in chat slang and as long stories."""
    known = {faq.id for faq in load_knowledge_base(paths.kb_dir).faqs}
    pool = [q.text for q in load_question_set(paths.evaluation_questions, known)]
    pool += [q.text for q in load_near_misses(paths.near_misses)]
    rng = random.Random(SEED)
    forms = ("diacritics", "plain", "slang", "story")
    return [question_form(rng.choice(pool), rng.choice(forms), seed) for seed in range(count)]


def percentile(sorted_values: list[float], share: float) -> float:
    index = min(len(sorted_values) - 1, int(round(share * (len(sorted_values) - 1))))
    return sorted_values[index]


def measure(paths: ProjectPaths, pipeline: Pipeline, questions: list[str]) -> dict[str, float]:
    from bot.rasa_nlu import RasaNlu

    artifacts = ensure_model(paths, pipeline, progress=lambda line: print(line, file=sys.stderr))
    started = time.perf_counter()
    nlu = RasaNlu.load(artifacts.model)
    load_seconds = time.perf_counter() - started
    for question in questions[:WARM_UP]:
        nlu.parse(question)
    latencies = []
    for question in questions:
        started = time.perf_counter()
        nlu.parse(question)
        latencies.append((time.perf_counter() - started) * 1000)
    latencies.sort()
    return {
        "load_s": round(load_seconds, 2),
        "p50_ms": round(percentile(latencies, 0.50), 2),
        "p99_ms": round(percentile(latencies, 0.99), 2),
        "mean_ms": round(statistics.fmean(latencies), 2),
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baseline", action="store_true", help="measure ours alone")
    arguments = parser.parse_args(argv)
    paths = ProjectPaths()
    questions = varied_questions(paths, QUESTIONS)
    ours = measure(paths, our_pipeline(paths), questions)
    print(f"NLU latency over {len(questions)} questions (after {WARM_UP} warm-up parses)")
    if arguments.no_baseline:
        print(f"{'figure':<12}{'ours':>10}")
        for key, value in ours.items():
            print(f"{key:<12}{value:>10}")
        print(json.dumps({"questions": len(questions), **ours}))
        return
    baseline = measure(paths, baseline_pipeline(paths), questions)
    print(f"{'figure':<12}{'ours':>10}{'baseline':>10}{'ratio':>8}")
    for key in ours:
        ratio = ours[key] / baseline[key] if baseline[key] else float("nan")
        print(f"{key:<12}{ours[key]:>10}{baseline[key]:>10}{ratio:>7.2f}x")
    figures = {**ours, **{f"baseline_{key}": value for key, value in baseline.items()}}
    print(json.dumps({"questions": len(questions), **figures}))


if __name__ == "__main__":
    main()
