"""The linear ranker: a linear SVM over folded-text features, read by a calibrated softmax."""

import numpy as np
import pytest

from bot.linear_ranker import (
    LinearRanker,
    fit_temperature,
    held_out_temperature,
    ranking_from_margins,
    train_ranker,
)
from bot.text_features import TextFeatures

EXAMPLES = [
    ("dang ky tam tru o dau", "dang_ky_tam_tru"),
    ("lam tam tru can giay to gi", "dang_ky_tam_tru"),
    ("tam tru het han thi gia han the nao", "dang_ky_tam_tru"),
    ("dang ky thuong tru can gi", "dang_ky_thuong_tru"),
    ("nhap khau ve nha chong can giay to gi", "dang_ky_thuong_tru"),
    ("lam giay khai sinh cho con", "dang_ky_khai_sinh"),
    ("khai sinh cho be moi sinh o dau", "dang_ky_khai_sinh"),
]


class TextRanker:
    """A ranker with the features it was trained through, so tests can rank text."""

    def __init__(self, texts: list[str], labels: list[str]) -> None:
        self.features, rows = TextFeatures.fitted(texts)
        self.ranker: LinearRanker = train_ranker(rows, labels)

    def rank(self, text: str) -> list[dict]:
        return self.ranker.rank(self.features.transform([text]))


def train_ranker_on(texts: list[str], labels: list[str]) -> TextRanker:
    return TextRanker(texts, labels)


@pytest.fixture
def classifier() -> TextRanker:
    return train_ranker_on([text for text, _ in EXAMPLES], [label for _, label in EXAMPLES])


def test_margins_become_a_distribution_best_first():
    ranking = ranking_from_margins(["a", "b", "c"], np.array([-1.0, 2.0, 0.5]))
    assert [item["name"] for item in ranking] == ["b", "c", "a"]
    assert sum(item["confidence"] for item in ranking) == pytest.approx(1.0, abs=1e-3)
    assert ranking[0]["confidence"] > 0.5


def test_the_ranking_is_cut_to_its_length():
    margins = np.arange(20, dtype=float)
    ranking = ranking_from_margins([str(i) for i in range(20)], margins, length=5)
    assert [item["name"] for item in ranking] == ["19", "18", "17", "16", "15"]


def test_a_paraphrase_ranks_its_entry_first(classifier):
    assert classifier.rank("khai sinh cho con o dau")[0]["name"] == "dang_ky_khai_sinh"
    assert classifier.rank("gia han tam tru")[0]["name"] == "dang_ky_tam_tru"


def test_word_pairs_tell_neighbouring_entries_apart(classifier):
    assert classifier.rank("thuong tru can giay to gi")[0]["name"] == "dang_ky_thuong_tru"


def test_every_entry_is_ranked_once(classifier):
    names = [item["name"] for item in classifier.rank("tam tru")]
    assert sorted(names) == ["dang_ky_khai_sinh", "dang_ky_tam_tru", "dang_ky_thuong_tru"]


def test_training_needs_two_entries():
    with pytest.raises(ValueError):
        train_ranker_on(["dang ky tam tru"], ["dang_ky_tam_tru"])


def test_a_temperature_sharpens_the_distribution_without_reordering_it():
    margins = np.array([-0.2, 0.1, 0.05])
    flat = ranking_from_margins(["a", "b", "c"], margins)
    sharp = ranking_from_margins(["a", "b", "c"], margins, temperature=10.0)
    assert [item["name"] for item in sharp] == [item["name"] for item in flat] == ["b", "c", "a"]
    assert flat[0]["confidence"] < 0.4 < sharp[0]["confidence"]


def test_the_fitted_temperature_is_sharp_when_the_best_margin_is_mostly_right():
    # Nine rows of ten put their true label first by a small margin, as the SVM does.
    margins = np.tile([0.2, 0.0, -0.1], (10, 1))
    truth = [0] * 9 + [1]
    temperature = fit_temperature(margins, truth)
    confidence = ranking_from_margins(["a", "b", "c"], margins[0], temperature=temperature)[0]
    assert temperature > 5
    assert confidence["confidence"] == pytest.approx(0.9, abs=0.02)


def test_the_fitted_temperature_is_flat_when_the_best_margin_is_a_coin_toss():
    margins = np.tile([0.2, 0.0], (10, 1))
    truth = [0] * 5 + [1] * 5
    assert fit_temperature(margins, truth) == pytest.approx(0.5, abs=0.01)


def test_held_out_calibration_makes_the_best_entry_clearly_ahead():
    texts = [text for text, _ in EXAMPLES * 3]
    labels = [label for _, label in EXAMPLES * 3]
    model = train_ranker_on(texts, labels)
    assert model.ranker.temperature > 1
    assert model.rank("khai sinh cho con o dau")[0]["confidence"] > 0.5


def test_entries_with_too_few_examples_to_fold_leave_the_softmax_uncalibrated():
    _, rows = TextFeatures.fitted([text for text, _ in EXAMPLES])
    assert held_out_temperature(rows, [label for _, label in EXAMPLES]) == 1.0


def test_two_entries_are_ranked_like_many():
    model = train_ranker_on(
        [
            "tam tru",
            "gia han tam tru",
            "dang ky tam tru",
            "khai sinh",
            "lam khai sinh",
            "khai sinh con",
        ],
        ["tam", "tam", "tam", "sinh", "sinh", "sinh"],
    )
    ranking = model.rank("khai sinh cho con")
    assert [item["name"] for item in ranking] == ["sinh", "tam"]
