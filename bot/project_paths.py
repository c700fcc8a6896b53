"""Where the project's data, build output and models live."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def _models_dir_from_environment() -> Path:
    configured = Path(os.environ.get("MODELS_DIR") or "models")
    return configured if configured.is_absolute() else PROJECT_ROOT / configured


def kb_dir_from(environ: Mapping[str, str]) -> Path:
    """``KB_DIR`` if set, else the shipped entries: the one place the setting is read, so
    the server, its settings and the training tools all use the same folder (the console
    adds approved entries to it)."""
    configured = environ.get("KB_DIR", "").strip()
    return Path(configured) if configured else PROJECT_ROOT / "nlu_data" / "kb"


@dataclass(frozen=True)
class ProjectPaths:
    root: Path = PROJECT_ROOT
    models_dir: Path = field(default_factory=lambda: _models_dir_from_environment())
    kb_dir: Path = field(default_factory=lambda: kb_dir_from(os.environ))

    @property
    def conversation_data(self) -> Path:
        return self.root / "nlu_data" / "rasa" / "conversation.yml"

    @property
    def tuning_questions(self) -> Path:
        return self.root / "nlu_data" / "tuning_questions.yml"

    @property
    def evaluation_questions(self) -> Path:
        return self.root / "tests" / "data" / "eval_questions.yml"

    @property
    def near_misses(self) -> Path:
        """The team's own questions next to each entry's scope, answered by none."""
        return self.root / "evaluation" / "near_misses.yml"

    @property
    def real_question_labels(self) -> Path:
        """Labels (entry or none, dev or held-out) of real citizens' questions, by id."""
        return self.root / "evaluation" / "real_question_labels.csv"

    @property
    def shared_eval_dir(self) -> Path:
        """The real questions themselves, beside the project (never copied into it)."""
        configured = os.environ.get("EVAL_DIR")
        return Path(configured) if configured else self.root.parent / "shared" / "eval"

    @property
    def config(self) -> Path:
        return self.root / "config.yml"

    @property
    def baseline_config(self) -> Path:
        return self.root / "nlu_data" / "baseline-config.yml"

    @property
    def build_dir(self) -> Path:
        return self.root / "build" / "rasa"
