"""TF-IDF features of folded text: word pairs and character n-grams within words.

The lexical retrieval and the FAQ classifier read a question through the same features, so
what one finds close the other can also see: word pairs tell "tam tru" from "thuong tru",
character n-grams absorb typos and partial words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from scipy.sparse import csr_matrix, hstack
from sklearn.feature_extraction.text import TfidfVectorizer


@dataclass(frozen=True)
class TextFeatures:
    words: TfidfVectorizer
    chars: TfidfVectorizer

    @classmethod
    def fitted(cls, texts: Sequence[str]) -> tuple[TextFeatures, csr_matrix]:
        """Vectorizers fitted on ``texts``, and the texts' feature rows."""
        words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, token_pattern=r"\S+")  # noqa: S106
        chars = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        rows = hstack([words.fit_transform(texts), chars.fit_transform(texts)]).tocsr()
        return cls(words, chars), rows

    def transform(self, texts: Sequence[str]) -> csr_matrix:
        return hstack([self.words.transform(texts), self.chars.transform(texts)]).tocsr()
