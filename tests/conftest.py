"""Shared fixtures: the real trained model, trained once per session if stale."""

import sys

import pytest

from bot.project_paths import ProjectPaths


@pytest.fixture(scope="session")
def project_paths() -> ProjectPaths:
    return ProjectPaths()


@pytest.fixture(scope="session")
def model_artifacts(project_paths):
    from bot.training import ensure_model

    def progress(line: str) -> None:
        sys.stderr.write(f"{line}\n")

    return ensure_model(project_paths, progress=progress)


@pytest.fixture(scope="session")
def assistant(project_paths, model_artifacts):
    from bot.runtime import load_assistant

    return load_assistant(project_paths, artifacts=model_artifacts)
