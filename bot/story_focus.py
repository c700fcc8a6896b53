"""Long story-style messages: find the sentences that carry the question.

Citizens often write a paragraph of background before the question. The background's
words match nothing the entries were written for and drown the question, so a long
message is also read sentence by sentence, and the reading with the clearest evidence
for an entry is kept. Each reading is a full parse, so the sentences are read only when
the whole message does not already match an entry's own phrasing closely.
"""

from __future__ import annotations

import re

from bot.interpretation import FAQ_INTENT, Interpretation
from bot.text_normalization import normalize_text

LONG_MESSAGE_CHARS = 120
MAX_FOCUSED_SENTENCES = 2
# Lexical similarity of the whole message to one of an entry's phrasings that makes
# reading it sentence by sentence unnecessary: the background did not drown the question.
CLEAR_WHOLE_MATCH = 0.6
_SENTENCE_END = re.compile(r"(?<=[.?!;\n])\s+|\n+")
_QUESTION_CUES = re.compile(
    r"\b(khong|the nao|nhu the nao|o dau|bao nhieu|bao lau|co duoc|co phai|lam sao|"
    r"lam gi|phai khong|duoc khong|co can|can gi)\b"
)


def focus_candidates(text: str) -> list[str]:
    """Pure: the whole message, then (when it is long) its last question-like sentences."""
    if len(text) < LONG_MESSAGE_CHARS:
        return [text]
    sentences = [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]
    questions = [s for s in sentences if "?" in s] or [
        s for s in sentences if _QUESTION_CUES.search(normalize_text(s) or "")
    ]
    focused = [s for s in questions[-MAX_FOCUSED_SENTENCES:] if s != text]
    return [text, *focused]


def faq_evidence(interpretation: Interpretation) -> float:
    """Pure: how clearly a reading points to some entry (model or lexical match)."""
    if interpretation.intent != FAQ_INTENT:
        return 0.0
    lexical = max((score for _, score in interpretation.lexical_ranking), default=0.0)
    return max(interpretation.faq_confidence, lexical)


def whole_reading_is_clear(whole: Interpretation) -> bool:
    """Pure: the whole message already repeats an entry's phrasing closely enough."""
    if whole.intent != FAQ_INTENT or not whole.lexical_ranking:
        return False
    return whole.lexical_ranking[0][1] >= CLEAR_WHOLE_MATCH


def best_reading(readings: list[Interpretation]) -> Interpretation:
    """Pure: the whole message's reading unless a focused sentence points more clearly
    to an entry."""
    whole = readings[0]
    return max(readings, key=lambda reading: (faq_evidence(reading), reading is whole))
