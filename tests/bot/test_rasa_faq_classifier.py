"""The FAQ classifier: a linear SVM over folded-text features, ranked by softmax."""

import numpy as np
import pytest

from bot.rasa_faq_classifier import (
    LinearFaqClassifier,
    faq_label,
    ranking_from_margins,
    train_classifier,
)

EXAMPLES = [
    ("dang ky tam tru o dau", "dang_ky_tam_tru"),
    ("lam tam tru can giay to gi", "dang_ky_tam_tru"),
    ("tam tru het han thi gia han the nao", "dang_ky_tam_tru"),
    ("dang ky thuong tru can gi", "dang_ky_thuong_tru"),
    ("nhap khau ve nha chong can giay to gi", "dang_ky_thuong_tru"),
    ("lam giay khai sinh cho con", "dang_ky_khai_sinh"),
    ("khai sinh cho be moi sinh o dau", "dang_ky_khai_sinh"),
]


@pytest.fixture
def classifier() -> LinearFaqClassifier:
    model = train_classifier([text for text, _ in EXAMPLES], [label for _, label in EXAMPLES])
    return LinearFaqClassifier(None, None, model)


def test_only_faq_examples_have_a_label():
    assert faq_label("faq/dang_ky_tam_tru") == "dang_ky_tam_tru"
    assert faq_label(None) is None
    assert faq_label("greet") is None


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
        train_classifier(["dang ky tam tru"], ["dang_ky_tam_tru"])
