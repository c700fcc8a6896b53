"""Assembles a ready assistant: current model (trained if stale), knowledge base, thresholds."""

from __future__ import annotations

from bot.assistant import Assistant
from bot.decisions import Thresholds
from bot.knowledge_base import KnowledgeBase, load_knowledge_base
from bot.ports import AnswerCurrency, QuizService, SubscriptionService
from bot.project_paths import ProjectPaths
from bot.training import ModelArtifacts, Progress, ensure_model


def load_assistant(
    paths: ProjectPaths | None = None,
    progress: Progress = lambda _: None,
    forwarding: bool = False,
    artifacts: ModelArtifacts | None = None,
    subscriptions: SubscriptionService | None = None,
    currency: AnswerCurrency | None = None,
    national_qa_url: str = "",
    knowledge_base: KnowledgeBase | None = None,
    quizzes: QuizService | None = None,
) -> Assistant:
    """``knowledge_base``: the server's copy, so it reads the entries once; by default
    they are read from ``paths.kb_dir``."""
    from bot.rasa_nlu import RasaNlu

    paths = paths or ProjectPaths()
    artifacts = artifacts or ensure_model(paths, progress=progress)
    progress("Loading the model…")
    return Assistant(
        knowledge_base=knowledge_base or load_knowledge_base(paths.kb_dir),
        parser=RasaNlu.load(artifacts.model),
        thresholds=Thresholds.load(artifacts.thresholds),
        forwarding=forwarding,
        subscriptions=subscriptions,
        currency=currency,
        national_qa_url=national_qa_url,
        quizzes=quizzes,
    )
