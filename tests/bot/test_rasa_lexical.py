"""The lexical retrieval's ranking: cosine similarity over word pairs and character n-grams."""

import pytest

from bot.rasa_lexical import LexicalRetrieval, build_index

EXAMPLES = [
    ("dang ky tam tru o dau", "dang_ky_tam_tru"),
    ("lam tam tru can giay to gi", "dang_ky_tam_tru"),
    ("dang ky thuong tru can gi", "dang_ky_thuong_tru"),
    ("xin chao", "greet"),
]


@pytest.fixture
def retrieval() -> LexicalRetrieval:
    index = build_index(EXAMPLES, {"dang_ky_tam_tru", "dang_ky_thuong_tru"})
    return LexicalRetrieval(None, None, index)


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
