"""The Rasa side of a ``bot.linear_ranker.LinearRanker``: training on the pipeline's
examples, storing the model with Rasa's, and ranking each parsed message. Both read the
feature rows ``bot.rasa_text_featurizer`` set earlier in the pipeline.

Subclasses say which label of an example they learn and where the ranking goes in the
parse result; the training, storage and loading are the same for both.
"""

from __future__ import annotations

import pickle
from typing import Any

from bot import rasa_environment  # sets the environment before rasa loads

# isort: split
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.linear_ranker import LinearRanker, train_ranker
from bot.rasa_text_featurizer import TEXT_FEATURES, features_of

rasa_environment.quiet_libraries()

_FILE = "linear_ranker.pkl"


class LinearRankerComponent(GraphComponent):
    def __init__(
        self, model_storage: ModelStorage, resource: Resource, model: LinearRanker | None = None
    ) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._model = model

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LinearRankerComponent:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LinearRankerComponent:
        with model_storage.read_from(resource) as directory:
            model = pickle.loads((directory / _FILE).read_bytes())  # noqa: S301 (our own model)
        return cls(model_storage, resource, model)

    def label_of(self, example: Message) -> str | None:
        """The label this component learns from a training example, None to skip it."""
        raise NotImplementedError

    def annotate(self, message: Message, ranking: list[dict[str, Any]]) -> None:
        """Writes the ranking, best first, into the parse result."""
        raise NotImplementedError

    def train(self, training_data: TrainingData) -> Resource:
        examples, labels = [], []
        for example in training_data.intent_examples:
            label = self.label_of(example)
            if example.get(TEXT_FEATURES) is not None and label:
                examples.append(example)
                labels.append(label)
        self._model = train_ranker(features_of(examples), labels)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_bytes(pickle.dumps(self._model))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            row = message.get(TEXT_FEATURES)
            if self._model is not None and row is not None:
                self.annotate(message, self._model.rank(row))
        return messages
