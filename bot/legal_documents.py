"""Legal document numbers and the relations between documents, read from plain text.

Pure functions shared by the knowledge-base checker, the new-law feeds and the console:
one normalised key per number, so "168/2024/NĐ-CP" typed as "168/2024/nd-cp" is the
same document, and one reading of "sửa đổi, bổ sung … số X", "thay thế … số X",
"bãi bỏ … số X" in a document's title or summary.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from enum import Enum

# "168/2024/NĐ-CP", "74/2025/QH15", "02/2026/TT-BTP", "1234/QĐ-UBND" (no year)
DOCUMENT_NUMBER = re.compile(
    r"\b(\d{1,5}/(?:\d{4}/)?[A-ZĐ]{1,6}\d{0,2}(?:-[A-ZĐ]{1,8}\d{0,2}){0,3})(?![\w/])"
)
ISSUERS = {
    "QH": "Quốc hội",
    "UBTVQH": "Ủy ban Thường vụ Quốc hội",
    "NĐ-CP": "Chính phủ",
    "NQ-CP": "Chính phủ",
    "QĐ-TTG": "Thủ tướng Chính phủ",
    "CT-TTG": "Thủ tướng Chính phủ",
}
# The kinds of document whose short name a citizen recognises ("Nghị định 12/2026/NĐ-CP").
_DOCUMENT_TYPES = (
    "Bộ luật", "Luật", "Pháp lệnh", "Nghị quyết", "Nghị định", "Quyết định",
    "Thông tư liên tịch", "Thông tư", "Chỉ thị",
)  # fmt: skip


class RelationKind(Enum):
    """What a newer document does to an older one; each makes answers resting on the
    older one doubtful until a reviewer has read the change."""

    AMENDS = "amends"
    REPLACES = "replaces"
    REPEALS = "repeals"


# How each relation is written in Vietnamese titles and summaries, and in replies.
RELATION_PHRASES: dict[RelationKind, re.Pattern[str]] = {
    RelationKind.AMENDS: re.compile(r"sửa đổi(?:,? bổ sung)?", re.IGNORECASE),
    RelationKind.REPLACES: re.compile(r"thay thế", re.IGNORECASE),
    RelationKind.REPEALS: re.compile(r"bãi bỏ", re.IGNORECASE),
}
RELATION_VERBS = {
    RelationKind.AMENDS: "sửa đổi, bổ sung",
    RelationKind.REPLACES: "thay thế",
    RelationKind.REPEALS: "bãi bỏ",
}
# A relation's targets run from its verb to the next verb or the end of the sentence.
_SENTENCE_END = re.compile(r"[.;](?:\s|$)")
_IN_FORCE = re.compile(
    r"(?:có )?hiệu lực(?: thi hành)?(?: kể)? từ(?: ngày)?\s*"
    r"(?:(\d{1,2})/(\d{1,2})/(\d{4})|(\d{1,2}) tháng (\d{1,2}) năm (\d{4}))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamedRelation:
    kind: RelationKind
    target_number: str


def document_key(number: str) -> str:
    """The number as one spelling: NFC, no spaces, upper case, "Đ" as "D"."""
    text = unicodedata.normalize("NFC", number)
    return "".join(text.split()).upper().replace("Đ", "D")


def issuing_body_of(number: str | None) -> str | None:
    """The body a number's suffix names ("/QH15": Quốc hội); None for ministries and
    local bodies, which an officer fills in."""
    if not number:
        return None
    suffix = number.split("/")[-1].upper()
    for code, body in ISSUERS.items():
        if suffix == code or (code == "QH" and re.fullmatch(r"QH\d+", suffix)):
            return body
        if suffix.startswith(code) and code != "QH":
            return body
    return None


def document_numbers_in(text: str) -> list[str]:
    """Every document number in the text, in order, each once."""
    numbers = [match.group(1) for match in DOCUMENT_NUMBER.finditer(_nfc(text))]
    return list(dict.fromkeys(numbers))


def own_number_in(text: str) -> str | None:
    """The number of the document the text is about: the first one before any relation
    verb ("Nghị định 12/2026/NĐ-CP sửa đổi Nghị định 168/2024/NĐ-CP" is 12/2026)."""
    text = _nfc(text)
    first_verb = min(
        (match.start() for pattern in RELATION_PHRASES.values() if (match := pattern.search(text))),
        default=len(text),
    )
    found = document_numbers_in(text[:first_verb])
    return found[0] if found else None


def relations_named_in(text: str, own_number: str | None = None) -> list[NamedRelation]:
    """The documents the text says are amended, replaced or repealed, in order.

    A relation's targets are the numbers after its verb, up to the next verb or the end
    of the sentence, so "sửa đổi Nghị định số 1/2024/NĐ-CP và Nghị định số 2/2024/NĐ-CP"
    names two. The document's own number is never its own target.
    """
    text = _nfc(text)
    verbs = sorted(
        (match.start(), match.end(), kind)
        for kind, pattern in RELATION_PHRASES.items()
        for match in pattern.finditer(text)
    )
    own = document_key(own_number) if own_number else None
    found: list[NamedRelation] = []
    for index, (_, end, kind) in enumerate(verbs):
        stop = verbs[index + 1][0] if index + 1 < len(verbs) else len(text)
        sentence_end = _SENTENCE_END.search(text, end, stop)
        segment = text[end : sentence_end.start() if sentence_end else stop]
        for number in document_numbers_in(segment):
            relation = NamedRelation(kind, number)
            if document_key(number) != own and relation not in found:
                found.append(relation)
    return found


def in_force_date_in(text: str) -> dt.date | None:
    """The date a summary says the document takes effect ("có hiệu lực từ 01/7/2026",
    "hiệu lực thi hành kể từ ngày 1 tháng 7 năm 2026"), if it says one that exists."""
    match = _IN_FORCE.search(_nfc(text))
    if match is None:
        return None
    numeric, spelled = match.groups()[:3], match.groups()[3:]
    day, month, year = (int(part) for part in (numeric if match.group(1) else spelled))
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def short_name(number: str, title: str = "") -> str:
    """How a reply names a document: its type and number ("Nghị định 12/2026/NĐ-CP")."""
    stripped = _nfc(title).strip()
    for kind in _DOCUMENT_TYPES:
        if stripped.casefold().startswith(kind.casefold()):
            return f"{kind} {number}"
    return f"Văn bản {number}"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)
