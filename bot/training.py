"""Builds the Rasa data, trains the model when the data changed, and tunes its thresholds.

The model is a build artifact named after a fingerprint of everything that shapes it (the
generated examples and labels, the pipeline, the normaliser's and lexical component's
code, the Rasa version), so a stale model is never served and an unchanged one is never
retrained. An entry's answer text is not part of it: the assistant answers from the
knowledge base, so correcting an answer takes effect without retraining.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import re
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from bot import (
    decisions,
    interpretation,
    linear_ranker,
    rasa_faq_classifier,
    rasa_intent_classifier,
    rasa_lexical,
    rasa_linear_component,
    rasa_normalizer,
    rasa_text_featurizer,
    story_focus,
    term_fit,
    text_features,
    text_normalization,
    threshold_tuning,
)
from bot.decisions import Thresholds
from bot.knowledge_base import KnowledgeBase, load_knowledge_base
from bot.project_paths import ProjectPaths
from bot.question_sets import load_near_misses, load_question_set
from bot.threshold_tuning import (
    NEAR_MISS_CEILING,
    Guard,
    LabelledInterpretation,
    tune_thresholds,
)
from bot.training_data import (
    RasaProject,
    build_rasa_project,
    model_inputs,
    write_rasa_project,
)
from bot.training_progress import heartbeat, last_duration, record_duration

Progress = Callable[[str], None]


@dataclass(frozen=True)
class ModelArtifacts:
    model: Path
    thresholds: Path

    def exist(self) -> bool:
        return self.model.exists() and self.thresholds.exists()


@dataclass(frozen=True)
class Pipeline:
    """A named pipeline configuration: ours, or the baseline we compare against."""

    name: str
    config: Path


def our_pipeline(paths: ProjectPaths) -> Pipeline:
    return Pipeline("nlu", paths.config)


def baseline_pipeline(paths: ProjectPaths) -> Pipeline:
    return Pipeline("baseline", paths.baseline_config)


def load_project(paths: ProjectPaths) -> tuple[KnowledgeBase, RasaProject]:
    knowledge_base = load_knowledge_base(paths.kb_dir)
    conversation = yaml.safe_load(paths.conversation_data.read_text(encoding="utf-8"))
    return knowledge_base, build_rasa_project(knowledge_base, conversation)


# The code of our own Rasa components, by the name a pipeline config uses for them: a
# pipeline's model depends on the code of the components it lists, and on no other.
COMPONENT_SOURCES = {
    "bot.rasa_normalizer": (rasa_normalizer, text_normalization),
    "bot.rasa_text_featurizer": (rasa_text_featurizer, text_features),
    "bot.rasa_faq_classifier": (rasa_faq_classifier, rasa_linear_component, linear_ranker),
    "bot.rasa_intent_classifier": (rasa_intent_classifier, rasa_linear_component, linear_ranker),
    "bot.rasa_lexical": (rasa_lexical, term_fit),
}


def fingerprint(project: RasaProject, pipeline: Pipeline, paths: ProjectPaths) -> str:
    import rasa

    digest = hashlib.sha256()
    digest.update(model_inputs(project).encode())
    config = pipeline.config.read_bytes()
    digest.update(config)
    for component, modules in COMPONENT_SOURCES.items():
        if component.encode() in config:
            for module in modules:
                digest.update(Path(module.__file__).read_bytes())
    digest.update(rasa.__version__.encode())
    return digest.hexdigest()[:16]


def tuning_fingerprint(paths: ProjectPaths) -> str:
    """What the thresholds depend on besides the model: a changed tuning set or decision
    rule re-tunes (a minute) without retraining (many)."""
    digest = hashlib.sha256()
    for source in (
        paths.tuning_questions,
        paths.near_misses,
        Path(threshold_tuning.__file__),
        Path(decisions.__file__),
        Path(interpretation.__file__),
        Path(story_focus.__file__),
    ):
        digest.update(source.read_bytes() if source.exists() else b"")
    return digest.hexdigest()[:12]


def artifacts_for(paths: ProjectPaths, pipeline: Pipeline, print_: str) -> ModelArtifacts:
    stem = f"{pipeline.name}-{print_}"
    return ModelArtifacts(
        model=paths.models_dir / f"{stem}.tar.gz",
        thresholds=paths.models_dir / f"{stem}.thresholds-{tuning_fingerprint(paths)}.json",
    )


def current_artifacts(paths: ProjectPaths, pipeline: Pipeline) -> ModelArtifacts:
    _, project = load_project(paths)
    return artifacts_for(paths, pipeline, fingerprint(project, pipeline, paths))


def ensure_model(
    paths: ProjectPaths,
    pipeline: Pipeline | None = None,
    progress: Progress = lambda _: None,
    force: bool = False,
) -> ModelArtifacts:
    """Returns the model for the current data, training it first if missing or stale."""
    pipeline = pipeline or our_pipeline(paths)
    knowledge_base, project = load_project(paths)
    artifacts = artifacts_for(paths, pipeline, fingerprint(project, pipeline, paths))
    if artifacts.exist() and not force:
        return artifacts
    if not artifacts.model.exists() or force:
        build_dir = paths.build_dir / pipeline.name
        write_rasa_project(project, build_dir)
        progress(
            f"Training the {pipeline.name} model on {len(knowledge_base.faqs)} FAQs "
            f"({pipeline.config.name}); this takes a few minutes…"
        )
        started = time.monotonic()
        timing = paths.models_dir / f".{pipeline.name}-training-seconds"
        with heartbeat(progress, f"training the {pipeline.name} model", last_duration(timing)):
            _train(pipeline, build_dir, artifacts)
        took = time.monotonic() - started
        record_duration(timing, took)
        progress(f"Model trained in {took:.0f} s: {artifacts.model.name}")
    thresholds = _tune(artifacts.model, knowledge_base, paths)
    thresholds.save(artifacts.thresholds)
    progress(f"Thresholds tuned on held-out questions: {thresholds}")
    _remove_older_models(paths, pipeline, keep=artifacts)
    return artifacts


def _train(pipeline: Pipeline, build_dir: Path, artifacts: ModelArtifacts) -> None:
    from bot import rasa_environment
    from bot.rasa_training_cache import training_cache_disabled

    # isort: split
    from rasa.model_training import train_nlu

    rasa_environment.quiet_libraries()

    artifacts.model.parent.mkdir(parents=True, exist_ok=True)
    # Rasa prints its own coloured success line to stdout: that would break
    # ``python -m bot ask --json`` and put colour codes in the server log.
    with contextlib.redirect_stdout(PlainText(sys.stderr)), training_cache_disabled():
        result = train_nlu(
            config=str(pipeline.config),
            nlu_data=str(build_dir / "data"),
            output=str(artifacts.model.parent),
            fixed_model_name=artifacts.model.name.removesuffix(".tar.gz"),
            domain=str(build_dir / "domain.yml"),
        )
    if not result or not Path(result).exists():
        raise RuntimeError(f"Rasa did not produce a model for {pipeline.name}")


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")


class PlainText(io.TextIOBase):
    """A text stream that drops terminal colour codes before writing on."""

    def __init__(self, target) -> None:
        self._target = target

    def write(self, text: str) -> int:
        self._target.write(_ANSI.sub("", text))
        return len(text)

    def flush(self) -> None:
        self._target.flush()


def _tune(model: Path, knowledge_base: KnowledgeBase, paths: ProjectPaths) -> Thresholds:
    from bot.rasa_nlu import RasaNlu

    nlu = RasaNlu.load(model)
    questions = load_question_set(paths.tuning_questions, {faq.id for faq in knowledge_base.faqs})
    near_misses = load_near_misses(paths.near_misses, half="tune")
    samples = [LabelledInterpretation(q.expected_faq, nlu.parse(q.text)) for q in questions]
    guard = [LabelledInterpretation(q.expected_faq, nlu.parse(q.text)) for q in near_misses]
    return tune_thresholds(
        samples + guard,
        {faq.id: faq.field for faq in knowledge_base.faqs},
        guards=[Guard(guard, NEAR_MISS_CEILING)],
    )


def _remove_older_models(paths: ProjectPaths, pipeline: Pipeline, keep: ModelArtifacts) -> None:
    for path in paths.models_dir.glob(f"{pipeline.name}-*"):
        if path not in (keep.model, keep.thresholds):
            path.unlink(missing_ok=True)
