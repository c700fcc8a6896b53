"""The register of legal documents and of what each does to older ones.

Filled from three places: the documents the knowledge base cites (at start-up), the
new-law feeds (a title or summary that says it amends, replaces or repeals a number),
and officers in the console. One row per document, keyed by its normalised number, so
"168/2024/NĐ-CP" recorded by a feed and by an officer is one document; a relation is
recorded once however often it is seen.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from bot.legal_currency import DocumentChange
from bot.legal_documents import NamedRelation, RelationKind, document_key, issuing_body_of
from broadcasts.storage import Storage

KNOWLEDGE_BASE = "kb"  # recorded_by of documents the knowledge base cites


@dataclass(frozen=True)
class LegalDocument:
    number: str
    title: str = ""
    issuer: str | None = None
    signed_on: dt.date | None = None
    in_force_on: dt.date | None = None
    recorded_by: str = ""


@dataclass(frozen=True)
class RecordedRelation:
    document_number: str
    kind: RelationKind
    target_number: str
    recorded_by: str
    recorded_at: float


class LegalRegister:
    def __init__(self, storage: Storage, clock: Callable[[], float] = time.time) -> None:
        self._storage = storage
        self._clock = clock

    def record(
        self, document: LegalDocument, relations: Sequence[NamedRelation], recorded_by: str
    ) -> None:
        with self._storage.transaction() as db:
            self.record_in(db, document, relations, recorded_by)

    def record_in(
        self, db, document: LegalDocument, relations: Sequence[NamedRelation], recorded_by: str
    ) -> None:
        """Adds the document or fills in what was missing (a later source may know the
        date it takes effect), and its relations, in the caller's transaction."""
        now = self._clock()
        db.execute(
            """INSERT INTO legal_documents (number_key, number, title, issuer, signed_on,
                   in_force_on, recorded_by, recorded_at, updated_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
               ON CONFLICT (number_key) DO UPDATE SET
                   title = CASE WHEN excluded.title != '' THEN excluded.title ELSE title END,
                   issuer = COALESCE(excluded.issuer, issuer),
                   signed_on = COALESCE(excluded.signed_on, signed_on),
                   in_force_on = COALESCE(excluded.in_force_on, in_force_on),
                   updated_at = excluded.updated_at""",
            (
                document_key(document.number), document.number, document.title,
                document.issuer or issuing_body_of(document.number),
                _iso(document.signed_on), _iso(document.in_force_on), recorded_by, now, now,
            ),
        )  # fmt: skip
        own = document_key(document.number)
        for relation in relations:
            target = document_key(relation.target_number)
            if target == own:
                continue  # a document never amends itself; a misread title is not one
            db.execute(
                "INSERT OR IGNORE INTO legal_relations (document_key, kind, target_key, "
                "target_number, recorded_by, recorded_at) VALUES (?, ?, ?, ?, ?, ?)",
                (own, relation.kind.value, target, relation.target_number, recorded_by, now),
            )

    def add_cited(self, cited: Iterable[tuple[str, str]]) -> int:
        """Adds the (number, title) documents not yet known; never changes a known one.
        Returns how many were new."""
        now = self._clock()
        added = 0
        with self._storage.transaction() as db:
            for number, title in cited:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO legal_documents (number_key, number, title, issuer, "
                    "recorded_by, recorded_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (document_key(number), number, title, issuing_body_of(number),
                     KNOWLEDGE_BASE, now, now),
                )  # fmt: skip
                added += cursor.rowcount
        return added

    def documents(self) -> list[LegalDocument]:
        """Newest recorded first."""
        rows = self._storage.db.execute(
            "SELECT number, title, issuer, signed_on, in_force_on, recorded_by "
            "FROM legal_documents ORDER BY updated_at DESC, number_key"
        ).fetchall()
        return [
            LegalDocument(number, title, issuer, _date(signed), _date(in_force), recorded_by)
            for number, title, issuer, signed, in_force, recorded_by in rows
        ]

    def relations(self) -> list[RecordedRelation]:
        rows = self._storage.db.execute(
            "SELECT d.number, r.kind, r.target_number, r.recorded_by, r.recorded_at "
            "FROM legal_relations r JOIN legal_documents d ON d.number_key = r.document_key "
            "ORDER BY r.id DESC"
        ).fetchall()
        return [
            RecordedRelation(n, RelationKind(kind), target, by, at)
            for n, kind, target, by, at in rows
        ]

    def changes(self) -> list[DocumentChange]:
        """Every relation with the changing document's name and in-force date: what the
        currency watch compares with each entry's legal basis."""
        rows = self._storage.db.execute(
            "SELECT d.number, d.title, r.kind, r.target_number, d.in_force_on "
            "FROM legal_relations r JOIN legal_documents d ON d.number_key = r.document_key "
            "ORDER BY r.id"
        ).fetchall()
        return [
            DocumentChange(number, title, RelationKind(kind), target, _date(in_force))
            for number, title, kind, target, in_force in rows
        ]


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
