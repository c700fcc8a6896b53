"""Recognises a request for an official in any phrasing, before the model guesses.

"tôi muốn hỏi cán bộ về thủ tục tách thửa" names a topic, so the model reads it as a
land question; the citizen asked for a person. A request for an official is recognised
on the folded text, and whatever follows it is the question to forward.
"""

from __future__ import annotations

import re

from bot.text_normalization import normalize_text

_PERSON = r"(can bo|nguoi that|nhan vien|chuyen vien|nguoi phu trach|cong chuc|luat su)"
_REQUEST = re.compile(
    r"^(?:(?:toi|em|minh|chau|anh|chi|con)\s+)?(?:muon|can|xin|cho\s+(?:toi|em|minh)|nho)?\s*"
    r"(?:duoc\s+)?(?:hoi|gap|noi chuyen voi|ket noi voi|lien he|chuyen cau hoi (?:cho|toi|len))\s+"
    r"(?:truc tiep\s+)?(?:voi\s+)?" + _PERSON + r"\b(?:\s+(?:xa|phuong|tu phap|[a-z]+ xa))?"
    r"(?:\s+(?:ve|ve viec|ve van de|la|rang|hoi)\b)?\s*(?P<question>.*)$"
)


def human_request(text: str) -> str | None:
    """Pure: None if the text does not ask for an official; otherwise what remains of it
    as the question ("" when the citizen only asked for a person)."""
    folded = normalize_text(text)
    match = _REQUEST.match(folded)
    if match is None:
        return None
    if not match.group("question"):
        return ""
    # Hand on the citizen's own words, not the folded ones, when they can be found.
    words = text.split()
    folded_words = [normalize_text(word) for word in words]
    remaining = match.group("question").split()
    for start in range(len(words)):
        if [w for w in folded_words[start:] if w] == remaining:
            return " ".join(words[start:]).strip()
    return match.group("question")
