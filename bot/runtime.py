"""Assembles a ready assistant: current model (trained if stale), knowledge base, thresholds."""

from __future__ import annotations

from bot.assistant import Assistant
from bot.decisions import Thresholds
from bot.knowledge_base import load_knowledge_base
from bot.ports import AnswerCurrency, QuestionForwarder, QuizService, SubscriptionService
from bot.project_paths import ProjectPaths
from bot.training import ModelArtifacts, Progress, ensure_model


def load_assistant(
    paths: ProjectPaths | None = None,
    progress: Progress = lambda _: None,
    forwarder: QuestionForwarder | None = None,
    artifacts: ModelArtifacts | None = None,
    subscriptions: SubscriptionService | None = None,
    currency: AnswerCurrency | None = None,
    national_qa_url: str = "",
    quizzes: QuizService | None = None,
) -> Assistant:
    from bot.rasa_nlu import RasaNlu

    paths = paths or ProjectPaths()
    artifacts = artifacts or ensure_model(paths, progress=progress)
    progress("Loading the model…")
    return Assistant(
        knowledge_base=load_knowledge_base(paths.kb_dir),
        parser=RasaNlu.load(artifacts.model),
        thresholds=Thresholds.load(artifacts.thresholds),
        forwarder=forwarder,
        subscriptions=subscriptions,
        currency=currency,
        national_qa_url=national_qa_url,
        quizzes=quizzes,
    )
