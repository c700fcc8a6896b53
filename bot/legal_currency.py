"""Whether each knowledge-base answer is still current: pure rules, no storage.

An answer rests on the documents of its ``legal_basis``. When a newer document is
recorded that amends, replaces or repeals one of them, the answer is flagged until a
legal reviewer has read the change and cleared the flag; an answer not reviewed for
longer than the allowed age is flagged as overdue the same way. Flags are worked out
from the knowledge base, the recorded changes and the clearances each time, so an entry
added after a change is flagged too, and nothing has to be kept in step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import Enum

from bot.knowledge_base import Faq, KnowledgeBase
from bot.legal_documents import (
    RELATION_VERBS,
    RelationKind,
    document_key,
    document_numbers_in,
    short_name,
)

DEFAULT_REVIEW_MAX_AGE_DAYS = 183
_OVERDUE = "overdue"


class FlagKind(Enum):
    CHANGED = "changed"
    OVERDUE = "overdue"


@dataclass(frozen=True)
class DocumentChange:
    """A recorded relation: ``document`` amends, replaces or repeals ``target_number``,
    taking effect on ``in_force`` (None while nobody has recorded the date)."""

    document_number: str
    document_title: str
    kind: RelationKind
    target_number: str
    in_force: dt.date | None = None

    @property
    def document_name(self) -> str:
        return short_name(self.document_number, self.document_title)


@dataclass(frozen=True)
class Clearance:
    faq_id: str
    flag_key: str
    cleared_on: dt.date


@dataclass(frozen=True)
class Flag:
    """Why an entry needs review, and from when. ``key`` names the flag for clearing it:
    one key per change, and one per overdue review period."""

    faq_id: str
    kind: FlagKind
    key: str
    effective: dt.date | None
    change: DocumentChange | None = None
    # The legal basis document the change touches, as the entry cites it.
    target_document: str = ""
    last_reviewed: dt.date | None = None

    def reason(self) -> str:
        """The flag in a sentence, for officers and (shortened) for citizens."""
        if self.change is not None:
            verb = RELATION_VERBS[self.change.kind]
            return f"{self.change.document_name} {verb} {self.target_document}"
        reviewed = self.last_reviewed.strftime("%d/%m/%Y") if self.last_reviewed else "?"
        return f"Quá hạn rà soát: rà soát lần cuối ngày {reviewed}"


def change_key(change: DocumentChange) -> str:
    source, target = document_key(change.document_number), document_key(change.target_number)
    return f"{change.kind.value}:{source}>{target}"


def change_flags(faq: Faq, changes: Iterable[DocumentChange]) -> list[Flag]:
    """A flag for each change to a document the entry's legal basis cites."""
    cited = {
        document_key(number): basis.document
        for basis in faq.legal_basis
        for number in document_numbers_in(basis.document)
    }
    return [
        Flag(
            faq.id,
            FlagKind.CHANGED,
            change_key(change),
            change.in_force,
            change,
            target_document=cited[document_key(change.target_number)],
        )  # fmt: skip
        for change in changes
        if document_key(change.target_number) in cited
    ]


def last_review(faq: Faq, clearances: Iterable[Clearance]) -> dt.date:
    """The entry's ``reviewed`` date, or a later day a reviewer cleared it as overdue:
    clearing an overdue flag is the reviewer saying the answer is still right."""
    cleared = [
        clearance.cleared_on
        for clearance in clearances
        if clearance.faq_id == faq.id and clearance.flag_key.startswith(f"{_OVERDUE}:")
    ]
    return max([faq.reviewed, *cleared])


def overdue_flag(faq: Faq, reviewed: dt.date, today: dt.date, max_age_days: int) -> Flag | None:
    due = reviewed + dt.timedelta(days=max_age_days)
    if today <= due:
        return None
    key = f"{_OVERDUE}:{reviewed.isoformat()}"
    return Flag(faq.id, FlagKind.OVERDUE, key, due, last_reviewed=reviewed)


def entry_flags(
    faq: Faq,
    changes: Sequence[DocumentChange],
    clearances: Sequence[Clearance],
    today: dt.date,
    max_age_days: int = DEFAULT_REVIEW_MAX_AGE_DAYS,
) -> list[Flag]:
    """The entry's open flags: changes first, earliest in force first, then overdue."""
    own = [clearance for clearance in clearances if clearance.faq_id == faq.id]
    cleared = {clearance.flag_key for clearance in own}
    flags = [flag for flag in change_flags(faq, changes) if flag.key not in cleared]
    flags.sort(key=lambda flag: flag.effective or dt.date.max)
    overdue = overdue_flag(faq, last_review(faq, own), today, max_age_days)
    if overdue is not None and overdue.key not in cleared:
        flags.append(overdue)
    return flags


def currency_flags(
    knowledge_base: KnowledgeBase,
    changes: Sequence[DocumentChange],
    clearances: Sequence[Clearance],
    today: dt.date,
    max_age_days: int = DEFAULT_REVIEW_MAX_AGE_DAYS,
) -> dict[str, list[Flag]]:
    """Every flagged entry's open flags, by FAQ id (entries without flags left out)."""
    by_entry = {
        faq.id: entry_flags(faq, changes, clearances, today, max_age_days)
        for faq in knowledge_base.faqs
    }
    return {faq_id: flags for faq_id, flags in by_entry.items() if flags}


@dataclass(frozen=True)
class CurrencySummary:
    """How many entries are current, flagged for a change, or only overdue; the three
    add up to the whole knowledge base."""

    current: int
    flagged: int
    overdue: int


def summarise(knowledge_base: KnowledgeBase, flags: dict[str, list[Flag]]) -> CurrencySummary:
    changed = sum(any(flag.kind is FlagKind.CHANGED for flag in entry) for entry in flags.values())
    overdue = len(flags) - changed
    return CurrencySummary(len(knowledge_base.faqs) - len(flags), changed, overdue)


def documents_cited(knowledge_base: KnowledgeBase) -> list[tuple[str, str]]:
    """(number, document as cited) of every legal basis document, each number once."""
    found: dict[str, tuple[str, str]] = {}
    for faq in knowledge_base.faqs:
        for basis in faq.legal_basis:
            for number in document_numbers_in(basis.document):
                found.setdefault(document_key(number), (number, basis.document))
    return list(found.values())
