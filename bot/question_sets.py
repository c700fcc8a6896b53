"""Held-out question sets (tuning and evaluation): questions labelled with the FAQ they ask.

File shape: ``faq: {<faq_id>: [questions]}`` and ``out_of_scope: [questions]``. An
out-of-scope question is labelled ``None``: the assistant should decline it.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml


@dataclass(frozen=True)
class LabelledQuestion:
    text: str
    expected_faq: str | None

    @property
    def out_of_scope(self) -> bool:
        return self.expected_faq is None


def parse_question_set(document: dict, known_faq_ids: set[str]) -> list[LabelledQuestion]:
    unknown = sorted(set(document.get("faq") or {}) - known_faq_ids)
    if unknown:
        raise ValueError(f"question set names FAQs that do not exist: {unknown}")
    questions = [
        LabelledQuestion(str(text), faq_id)
        for faq_id, texts in (document.get("faq") or {}).items()
        for text in texts
    ]
    questions.extend(
        LabelledQuestion(str(text), None) for text in document.get("out_of_scope") or []
    )
    return questions


def load_question_set(path: Path, known_faq_ids: set[str]) -> list[LabelledQuestion]:
    return parse_question_set(yaml.safe_load(path.read_text(encoding="utf-8")), known_faq_ids)


def near_miss_half(text: str) -> str:
    """Pure: "tune" or "test": half the near misses tune the thresholds, the other half
    only measures (a fixed split by the question's hash)."""
    digest = hashlib.sha1(text.encode("utf-8")).hexdigest()  # noqa: S324 (a split, not security)
    return "tune" if int(digest[-1], 16) % 2 == 0 else "test"


def load_near_misses(path: Path, half: str | None = None) -> list[LabelledQuestion]:
    """Near misses (expected: no entry), all or one half; none when the file is absent."""
    if not path.exists():
        return []
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        LabelledQuestion(str(text), None)
        for texts in (document.get("near_misses") or {}).values()
        for text in texts
        if half is None or near_miss_half(str(text)) == half
    ]


def load_now_covered(path: Path, known_faq_ids: set[str]) -> list[LabelledQuestion]:
    """Near misses written for earlier entries that a later entry now answers: the team's
    own questions for the newer entries, labelled with the entry that answers them."""
    if not path.exists():
        return []
    document = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return [
        LabelledQuestion(str(text), faq_id)
        for faq_id, texts in (document.get("now_covered") or {}).items()
        if faq_id in known_faq_ids
        for text in texts
    ]
