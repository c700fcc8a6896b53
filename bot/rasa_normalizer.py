"""Rasa pipeline component that folds Vietnamese text before tokenisation.

Registered in ``config.yml`` so that ``rasa train``, ``rasa test`` and serving all see the
same folded text; a normaliser outside the pipeline would let them drift apart.
"""

from __future__ import annotations

from typing import Any

from bot import rasa_environment  # sets the environment before rasa loads

# isort: split
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.text_normalization import normalize_text

# Importing TensorFlow resets the warning filters set before it.
rasa_environment.quiet_libraries()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class VietnameseNormalizer(GraphComponent):
    """Replaces a message's text with its folded form: no diacritics, abbreviations expanded."""

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> VietnameseNormalizer:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        for example in training_data.training_examples:
            _normalize(example)
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            _normalize(message)
        return messages


def _normalize(message: Message) -> None:
    text = message.get(TEXT)
    if text:
        message.set(TEXT, normalize_text(text) or text, add_to_output=True)
