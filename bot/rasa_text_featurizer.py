"""Rasa pipeline component: the folded text's TF-IDF features (``bot.text_features``),
computed once per message for the three components that read them.

The intent classifier, the FAQ classifier and the lexical retrieval all read a message
through the same word pairs and character n-grams. Each fitting and applying its own
vectorizers spent more than half of every parse on 2 cores turning the same text into
three nearly identical rows; this component fits the vectorizers once on every training
example and hands each message's row on.
"""

from __future__ import annotations

import pickle
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
from scipy.sparse import csr_matrix, vstack

from bot.text_features import TextFeatures

rasa_environment.quiet_libraries()

TEXT_FEATURES = "folded_text_features"
_FILE = "text_features.pkl"


def features_of(messages: list[Message]) -> csr_matrix:
    """The feature rows ``FoldedTextFeaturizer`` gave these messages, one row each."""
    return vstack([message.get(TEXT_FEATURES) for message in messages]).tocsr()


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=True)
class FoldedTextFeaturizer(GraphComponent):
    """Sets ``folded_text_features``: the message's one-row feature matrix."""

    def __init__(
        self,
        model_storage: ModelStorage,
        resource: Resource,
        features: TextFeatures | None = None,
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._features = features

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> FoldedTextFeaturizer:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> FoldedTextFeaturizer:
        with model_storage.read_from(resource) as directory:
            features = pickle.loads((directory / _FILE).read_bytes())  # noqa: S301 (our own model)
        return cls(model_storage, resource, features)

    def train(self, training_data: TrainingData) -> Resource:
        texts = [
            example.get(TEXT) for example in training_data.intent_examples if example.get(TEXT)
        ]
        self._features, _ = TextFeatures.fitted(texts)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_bytes(pickle.dumps(self._features))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process([example for example in training_data.intent_examples])
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        with_text = [message for message in messages if message.get(TEXT)]
        if self._features is None or not with_text:
            return messages
        rows = self._features.transform([message.get(TEXT) for message in with_text])
        for position, message in enumerate(with_text):
            message.set(TEXT_FEATURES, rows[position])
        return messages
