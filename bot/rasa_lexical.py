"""Rasa pipeline component: accent-folded lexical retrieval over the training examples.

The intent and FAQ classifiers generalise, and so they also answer a question next to an
entry's scope with that entry. A plain lexical signal (TF-IDF cosine over word pairs and
character n-grams of the folded text, against every example of every FAQ, near-miss and
intent) says how closely the question matches anything the entry was written for; the
answer decision (``bot.decisions``) weighs the two. It also reports how well the
question's words fit the best candidates' phrasings (``bot.term_fit``), which the decision
checks before answering. Runs after ``VietnameseNormalizer`` and
``FoldedTextFeaturizer``, so it compares folded text with folded text, through the same
feature rows the classifiers read.
"""

from __future__ import annotations

import pickle
from typing import Any

from bot import rasa_environment  # sets the environment before rasa loads
from bot.interpretation import faq_label
from bot.rasa_faq_classifier import FAQ_RANKING
from bot.rasa_text_featurizer import TEXT_FEATURES, features_of
from bot.term_fit import TermIndex

# isort: split
import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, INTENT_RESPONSE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

rasa_environment.quiet_libraries()

LEXICAL_RANKING = "lexical_ranking"
TERM_FIT = "term_fit"
RANKING_LENGTH = 10
_FILE = "lexical_index.pkl"


def example_label(intent: str | None, response_key: str | None) -> str | None:
    """Pure: "faq/<id>" examples are labelled with the FAQ id, others with their intent."""
    return faq_label(response_key) or intent


def build_index(examples: list[tuple[str, str]], rows, faq_labels: set[str | None]):
    """The retrieval index of labelled examples: their unit-length feature rows (one per
    example, in order), their labels, and the term index of the examples of ``faq_labels``."""
    labels = np.array([label for _, label in examples])
    terms = TermIndex.build([(text, label) for text, label in examples if label in faq_labels])
    return _normalised(rows).tocsr(), labels, terms


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class LexicalRetrieval(GraphComponent):
    """Adds ``lexical_ranking``: labels with the best cosine similarity of any example."""

    def __init__(self, model_storage: ModelStorage, resource: Resource, index=None) -> None:
        self._model_storage = model_storage
        self._resource = resource
        self._index = index  # (example matrix, labels, term index)
        # Features by example: a one-row query times this is a sparse row product, about
        # twenty times faster than the example matrix times the query's column.
        self._by_feature = index[0].T.tocsr() if index is not None else None

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> LexicalRetrieval:
        return cls(model_storage, resource)

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> LexicalRetrieval:
        with model_storage.read_from(resource) as directory:
            index = pickle.loads((directory / _FILE).read_bytes())  # noqa: S301 (our own model)
        return cls(model_storage, resource, index)

    def train(self, training_data: TrainingData) -> Resource:
        kept = [
            (example, label)
            for example in training_data.intent_examples
            if example.get(TEXT_FEATURES) is not None
            and (label := example_label(example.get(INTENT), example.get(INTENT_RESPONSE_KEY)))
        ]
        examples = [(example.get(TEXT), label) for example, label in kept]
        rows = features_of([example for example, _ in kept])
        faq_labels = {
            faq_label(example.get(INTENT_RESPONSE_KEY)) for example in training_data.intent_examples
        }
        self._index = build_index(examples, rows, faq_labels)
        self._by_feature = self._index[0].T.tocsr()
        with self._model_storage.write_to(self._resource) as directory:
            (directory / _FILE).write_bytes(pickle.dumps(self._index))
        return self._resource

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            text, row = message.get(TEXT), message.get(TEXT_FEATURES)
            if self._index is not None and text and row is not None:
                ranking = self.rank(row)
                message.set(LEXICAL_RANKING, ranking, add_to_output=True)
                candidates = [item["name"] for item in ranking] + _classifier_labels(message)
                message.set(TERM_FIT, self.term_fit(text, candidates), add_to_output=True)
        return messages

    def term_fit(self, text: str, candidates: list[str]) -> list[dict[str, Any]]:
        """How well the question's words fit each candidate entry's phrasings."""
        terms = self._index[2]
        return [
            {"name": label, "fit": round(terms.fit(text, label), 4)}
            for label in dict.fromkeys(candidates)
            if label in terms.vocabularies
        ]

    def rank(self, query) -> list[dict[str, Any]]:
        """Labels by their best example's cosine similarity to the message's feature row."""
        _, labels, _ = self._index
        length = float(np.sqrt(query.multiply(query).sum())) or 1.0
        similarities = (query @ self._by_feature).toarray().ravel() / length
        nearest = min(RANKING_LENGTH * 8, len(similarities))
        candidates = np.argpartition(-similarities, nearest - 1)[:nearest]
        best: dict[str, float] = {}
        for position in candidates[np.argsort(-similarities[candidates])]:
            label = str(labels[position])
            if label not in best:
                best[label] = float(similarities[position])
            if len(best) == RANKING_LENGTH:
                break
        return [{"name": name, "similarity": round(score, 4)} for name, score in best.items()]


def _classifier_labels(message: Message) -> list[str]:
    """The entries the FAQ classifier ranked (``bot.rasa_faq_classifier``), which runs
    before this component."""
    return [str(item["name"]) for item in message.get(FAQ_RANKING) or [] if item.get("name")]


def _normalised(matrix):
    """Rows scaled to unit length, so a dot product is the cosine over both feature sets."""
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1))).ravel()
    norms[norms == 0] = 1.0
    from scipy.sparse import diags

    return diags(1.0 / norms) @ matrix
