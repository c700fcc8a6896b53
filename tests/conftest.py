"""Shared fixtures: the real trained model, trained once per session if stale."""

import sys

import pytest

from bot.project_paths import ProjectPaths


# A test that asks for the trained model carries the ``model`` marker even if its module
# forgot it: scripts/test runs the other tests while the model trains, and those must
# never start a second training.
# (``fixturenames`` holds every fixture a test needs, so the fixtures built on the model
# count too.)
def pytest_collection_modifyitems(items):
    for item in items:
        if "model_artifacts" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.model)


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
def nlu_parser(model_artifacts):
    """The loaded Rasa model (loading takes seconds: once per session)."""
    from bot.rasa_nlu import RasaNlu

    return RasaNlu.load(model_artifacts.model)


@pytest.fixture(scope="session")
def real_assistant_factory(project_paths, model_artifacts, nlu_parser):
    """Builds an assistant on the real model; the server's forwards questions to officials."""
    from bot.assistant import Assistant
    from bot.decisions import Thresholds
    from bot.knowledge_base import load_knowledge_base

    knowledge_base = load_knowledge_base(project_paths.kb_dir)
    thresholds = Thresholds.load(model_artifacts.thresholds)
    return lambda subscriptions=None, currency=None, quizzes=None, forwarding=True: Assistant(
        knowledge_base,
        nlu_parser,
        thresholds,
        forwarding,
        subscriptions,
        currency,
        quizzes=quizzes,
    )


@pytest.fixture(scope="session")
def assistant(real_assistant_factory):
    return real_assistant_factory(forwarding=False)
