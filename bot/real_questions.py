"""Real citizens' questions for evaluation: labels in the repository, texts beside it.

The questions come from public legal-retrieval datasets whose terms keep them out of the
repository: ``evaluation/real_question_labels.csv`` holds only their ids, the entry that
answers each under current law (or "none") and its split (``dev`` to look at while
improving, ``heldout`` never tuned on); the texts are read from the shared folder when it
is present. Without it the evaluation reports the team's own sets only.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

NONE = "none"
FILES = {"zalo2021": "zalo2021_questions.jsonl", "drill2025": "drill2025_questions.jsonl"}


@dataclass(frozen=True)
class RealQuestion:
    source: str
    id: str
    text: str
    expected_faq: str | None
    split: str

    @property
    def out_of_scope(self) -> bool:
        return self.expected_faq is None


@dataclass(frozen=True)
class Label:
    source: str
    id: str
    label: str
    split: str


def parse_labels(lines: list[str]) -> list[Label]:
    """Pure: the rows of the labels CSV."""
    rows = csv.DictReader(lines)
    return [
        Label(row["source"], str(row["id"]), row["label"].strip(), row["split"].strip())
        for row in rows
    ]


def join_texts(
    labels: list[Label], texts: dict[tuple[str, str], str], known_faq_ids: set[str]
) -> tuple[list[RealQuestion], list[str]]:
    """Pure: labelled questions whose text is known, and why any label was left out."""
    questions, problems = [], []
    for label in labels:
        text = texts.get((label.source, label.id))
        if text is None:
            problems.append(f"{label.source}:{label.id}: no such question in the shared set")
            continue
        if label.label != NONE and label.label not in known_faq_ids:
            problems.append(f"{label.source}:{label.id}: labelled with unknown entry {label.label}")
            continue
        expected = None if label.label == NONE else label.label
        questions.append(RealQuestion(label.source, label.id, text, expected, label.split))
    return questions, problems


def read_texts(eval_dir: Path) -> dict[tuple[str, str], str]:
    texts: dict[tuple[str, str], str] = {}
    for source, name in FILES.items():
        path = eval_dir / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                record = json.loads(line)
                texts[(source, str(record["id"]))] = str(record["text"])
    return texts


def load_real_questions(
    labels_path: Path, eval_dir: Path, known_faq_ids: set[str]
) -> tuple[list[RealQuestion], list[str]]:
    """The labelled real questions, or none when the shared folder or labels are absent."""
    if not labels_path.exists() or not eval_dir.is_dir():
        return [], []
    labels = parse_labels(labels_path.read_text(encoding="utf-8").splitlines())
    return join_texts(labels, read_texts(eval_dir), known_faq_ids)
