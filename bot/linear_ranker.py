"""A linear SVM over the folded text's TF-IDF features (``bot.text_features``), read through
a calibrated softmax.

Both the intent classifier and the FAQ classifier are one of these: the same features, the
same seeded SVM, the same calibration. They differ only in which label of a training
example they learn ("faq", "greet", "out_of_scope"… or the entry id).

The SVM's margins become a distribution by a softmax at a temperature fitted at training
time. Raw margins lie within about one unit of each other across 230 entries, so an
uncalibrated softmax gives the best entry about 0.02 whatever the question. The
temperature is the one that best predicts held-out folds of the training examples (least
log-loss), so "0.9" means right about nine times in ten on questions like the examples.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

RANKING_LENGTH = 10
CALIBRATION_FOLDS = 3
# Sharper than this would call nearly every answer certain; flatter, none.
TEMPERATURE_RANGE = (0.5, 100.0)


def ranking_from_margins(
    labels: Sequence[str],
    margins: np.ndarray,
    length: int = RANKING_LENGTH,
    temperature: float = 1.0,
) -> list[dict[str, Any]]:
    """Pure: the best ``length`` labels by softmax of the classifier's margins times
    ``temperature``."""
    scaled = margins * temperature
    shifted = np.exp(scaled - scaled.max())
    confidences = shifted / shifted.sum()
    best = np.argsort(-confidences, kind="stable")[:length]
    return [
        {"name": str(labels[index]), "confidence": round(float(confidences[index]), 4)}
        for index in best
    ]


def fit_temperature(margins: np.ndarray, truth: Sequence[int]) -> float:
    """Pure: the factor on the margins whose softmax gives the true labels the highest
    likelihood. ``margins`` has one row per held-out example; ``truth`` the column of
    each row's true label."""
    rows = np.arange(len(truth))

    def log_loss(temperature: float) -> float:
        return -float(log_softmax(margins * temperature, axis=1)[rows, truth].mean())

    fitted = minimize_scalar(log_loss, bounds=TEMPERATURE_RANGE, method="bounded")
    return float(fitted.x)


@dataclass(frozen=True)
class LinearRanker:
    classifier: LinearSVC
    temperature: float = 1.0

    def rank(self, row, length: int = RANKING_LENGTH) -> list[dict[str, Any]]:
        """The best labels for one message's feature row."""
        margins = margins_of(self.classifier, row)[0]
        return ranking_from_margins(
            self.classifier.classes_, margins, length=length, temperature=self.temperature
        )


def margins_of(svm: LinearSVC, rows) -> np.ndarray:
    """One margin per class and row. With two classes the SVM gives a single signed
    margin (positive: the second class), split here into one column each."""
    margins = svm.decision_function(rows)
    if margins.ndim == 1:
        margins = np.column_stack([-margins / 2, margins / 2])
    return margins


def _fit_svm(rows, labels: Sequence[str]) -> LinearSVC:
    return LinearSVC(C=1.0, random_state=0).fit(rows, labels)


def held_out_temperature(rows, labels: Sequence[str]) -> float:
    """The temperature fitted on margins each example got from a model trained without it
    (stratified folds, seeded). A label with fewer examples than folds is left out of the
    fitting; with too few examples to fold, the softmax stays uncalibrated (1.0). The
    features' vocabulary and weights come from all the examples: the folds refit only the
    SVM, which is what varies with the data."""
    counts = Counter(labels)
    kept = [i for i, label in enumerate(labels) if counts[label] >= CALIBRATION_FOLDS]
    rows = rows[kept]
    labels = [labels[i] for i in kept]
    if len(set(labels)) < 2:
        return 1.0
    classes = sorted(set(labels))
    column = {label: index for index, label in enumerate(classes)}
    margins = np.zeros((len(labels), len(classes)))
    folds = StratifiedKFold(n_splits=CALIBRATION_FOLDS, shuffle=True, random_state=0)
    for train, test in folds.split(rows, labels):
        svm = _fit_svm(rows[train], [labels[i] for i in train])
        fold_margins = margins_of(svm, rows[test])
        columns = [column[label] for label in svm.classes_]
        margins[np.ix_(test, columns)] = fold_margins
    return fit_temperature(margins, [column[label] for label in labels])


def train_ranker(rows, labels: Sequence[str]) -> LinearRanker:
    """The classifier fitted on all the examples' feature rows and its calibrated
    temperature (seeded: the same data trains the same model)."""
    if len(set(labels)) < 2:
        raise ValueError("a linear ranker needs examples of at least two labels")
    return LinearRanker(_fit_svm(rows, labels), held_out_temperature(rows, list(labels)))
