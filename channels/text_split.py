"""Splits long replies into platform-sized parts at sentence boundaries (pure)."""

from __future__ import annotations

import re
import unicodedata

# A sentence ends at . ! ? … or a line break, followed by whitespace.
_SENTENCE_END = re.compile(r"(?<=[.!?…:\n])\s+")


def split_text(text: str, limit: int) -> list[str]:
    """Parts of at most ``limit`` characters, cut between sentences where possible, then
    between words, and only as a last resort inside a word."""
    text = unicodedata.normalize("NFC", text).strip()
    if len(text) <= limit:
        return [text] if text else []
    parts: list[str] = []
    current = ""
    for piece in _pieces(text, limit):
        candidate = f"{current}{piece}" if current else piece.lstrip()
        if len(candidate.rstrip()) <= limit:
            current = candidate
        else:
            if current.strip():
                parts.append(current.strip())
            current = piece.lstrip()
    if current.strip():
        parts.append(current.strip())
    return parts


def _pieces(text: str, limit: int) -> list[str]:
    """Sentences with their trailing whitespace, each no longer than the limit."""
    pieces: list[str] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        pieces.extend(_fit(text[position : match.end()], limit))
        position = match.end()
    pieces.extend(_fit(text[position:], limit))
    return [piece for piece in pieces if piece]


def _fit(sentence: str, limit: int) -> list[str]:
    if len(sentence.rstrip()) <= limit:
        return [sentence]
    words = re.split(r"(?<=\s)", sentence)
    pieces, current = [], ""
    for word in words:
        while len(word) > limit:
            pieces.append(current)
            pieces.append(word[:limit])
            current, word = "", word[limit:]
        if len(current) + len(word.rstrip()) > limit:
            pieces.append(current)
            current = ""
        current += word
    pieces.append(current)
    return [piece for piece in pieces if piece]
