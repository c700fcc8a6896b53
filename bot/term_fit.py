"""Does the question's vocabulary fit the entry? An answer check beside the scores.

A question next to an entry's scope shares the entry's topic words ("xe máy", "phạt")
and so scores well, but it also carries words no phrasing of that entry uses ("50cc",
"hiến máu", "tạm đình chỉ"). The fit is the share of the question's informative words,
each weighted by how rare it is across the entries, that the entry's own phrasings
contain: low when the question asks about something the entry was never written for.
Measured on the real development questions, requiring a fit of 0.5 to 0.7 halves the
uncovered questions answered at the same share of right answers (``bot.threshold_tuning``
chooses the level).

Pure: built from the training examples (already folded by the normaliser) and applied
to a folded question.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

# Folded function words, question words and chat courtesies ("chào ad", "v ạ", "nha"):
# they say how a question is asked, not what it is about, so they never count for or
# against an entry. Without the courtesies "dang ky tam tru o dau v ad" fitted its own
# entry at 0.5, because no phrasing of any entry says "ad".
STOP_WORDS = frozenset(
    """
    la gi co khong thi duoc bi cua va cho toi em anh chi nao nhu the bao nhieu nhung
    cac mot nguoi khi tai o trong ve theo de den tu hay hoac voi neu phai can se da
    dang nay do ai sao minh ban a ha nhe vay moi quy dinh hien hanh phap luat viec
    ra vao len lai con nua
    ad admin ads v chao xin oi nha ne ah uh dzay
    """.split()
)


@dataclass(frozen=True)
class TermIndex:
    """Each label's vocabulary and how many labels use each word."""

    vocabularies: Mapping[str, frozenset[str]]
    label_count: Mapping[str, int]

    @classmethod
    def build(cls, examples: Iterable[tuple[str, str]]) -> TermIndex:
        """From (folded text, label) pairs."""
        words_of: dict[str, set[str]] = {}
        for text, label in examples:
            words_of.setdefault(label, set()).update(text.split())
        vocabularies = {label: frozenset(words) for label, words in words_of.items()}
        counts = Counter(word for words in vocabularies.values() for word in words)
        return cls(vocabularies, dict(counts))

    def _weight(self, word: str) -> float:
        labels = len(self.vocabularies)
        return math.log((labels + 1) / (self.label_count.get(word, 0) + 1)) + 1

    def fit(self, folded_question: str, label: str) -> float:
        """Share (0 to 1) of the question's informative words the label's phrasings use,
        rare words weighing more; 1.0 for a question of function words only."""
        # Numbers ("2 tháng", "tháng 8") are the asker's own facts, not the topic.
        words = {
            word
            for word in folded_question.split()
            if word not in STOP_WORDS and not word.isdigit()
        }
        total = sum(self._weight(word) for word in words)
        if not total:
            return 1.0
        vocabulary = self.vocabularies.get(label, frozenset())
        return sum(self._weight(word) for word in words if word in vocabulary) / total
