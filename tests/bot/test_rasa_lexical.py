"""The lexical retrieval's ranking: cosine similarity over word pairs and character n-grams."""

import pytest

from bot.rasa_lexical import LexicalRetrieval, build_index
from bot.text_features import TextFeatures

EXAMPLES = [
    ("dang ky tam tru o dau", "dang_ky_tam_tru"),
    ("lam tam tru can giay to gi", "dang_ky_tam_tru"),
    ("dang ky thuong tru can gi", "dang_ky_thuong_tru"),
    ("xin chao", "greet"),
]


class TextRetrieval:
    """The retrieval with the features its index was built through, so tests can query text."""

    def __init__(self) -> None:
        self.features, rows = TextFeatures.fitted([text for text, _ in EXAMPLES])
        index = build_index(EXAMPLES, rows, {"dang_ky_tam_tru", "dang_ky_thuong_tru"})
        self.component = LexicalRetrieval(None, None, index)

    def rank(self, text: str) -> list[dict]:
        return self.component.rank(self.features.transform([text]))

    def term_fit(self, text: str, candidates: list[str]) -> list[dict]:
        return self.component.term_fit(text, candidates)


@pytest.fixture
def retrieval() -> TextRetrieval:
    return TextRetrieval()


def test_an_example_repeated_word_for_word_has_similarity_one(retrieval):
    ranking = retrieval.rank("dang ky thuong tru can gi")
    assert ranking[0] == {"name": "dang_ky_thuong_tru", "similarity": 1.0}


def test_each_label_appears_once_with_its_best_example(retrieval):
    ranking = retrieval.rank("tam tru o dau")
    names = [item["name"] for item in ranking]
    assert names[0] == "dang_ky_tam_tru"
    assert len(names) == len(set(names))
    scores = [item["similarity"] for item in ranking]
    assert scores == sorted(scores, reverse=True)


def test_a_message_sharing_nothing_scores_zero(retrieval):
    assert all(item["similarity"] == 0.0 for item in retrieval.rank("qqq"))


def test_the_term_fit_is_given_for_each_candidate_entry_once(retrieval):
    fits = retrieval.term_fit("dang ky tam tru can giay to gi", ["dang_ky_tam_tru", "greet",
                              "dang_ky_tam_tru", "dang_ky_thuong_tru"])  # fmt: skip
    assert [item["name"] for item in fits] == ["dang_ky_tam_tru", "dang_ky_thuong_tru"]
    assert fits[0]["fit"] == 1.0
    assert fits[1]["fit"] < 1.0
