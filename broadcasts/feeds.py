"""New-law feeds: RSS/Atom lists of newly issued legal documents become drafts.

Each entry is keyed by its document number ("74/2025/QH15"), else by its link, so the
same document seen twice, in one feed or in two, makes one draft. The draft has the
title, number, issuing body, dates and link; an officer writes the plain-Vietnamese
summary before anyone can approve it. A feed that is unreachable or malformed is
recorded in ``feed_status`` and tried again at the next poll; it never stops the others
nor the scheduler.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

import feedparser
import requests

from bot.legal_documents import (
    NamedRelation,
    in_force_date_in,
    issuing_body_of,
    own_number_in,
    relations_named_in,
)
from broadcasts.legal_register import LegalDocument, LegalRegister
from broadcasts.model import Broadcast, Kind
from broadcasts.storage import Storage
from broadcasts.store import BroadcastStore
from kernel.identity import Officer, Role

logger = logging.getLogger(__name__)

TIMEOUT = (5, 20)
MAX_FEED_BYTES = 5 * 1024 * 1024
IMPORTER = Officer("system:feeds", Role.COMMUNICATION_OFFICER)


_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str | None
    document_number: str | None
    issuing_body: str | None
    issue_date: dt.date | None
    summary: str
    # What the document says it amends, replaces or repeals, and from when.
    relations: tuple[NamedRelation, ...] = ()
    in_force: dt.date | None = None

    @property
    def key(self) -> str:
        return self.document_number or self.link or self.title


class MalformedFeed(ValueError):
    """Not a feed we can read; the message says why."""


def parse_feed(content: bytes) -> list[FeedEntry]:
    """Pure: the entries of an RSS or Atom document; MalformedFeed if it is not one."""
    parsed = feedparser.parse(content)
    problem = parsed.get("bozo_exception")
    # A wrong declared encoding or content type is harmless; broken XML is not: a
    # truncated feed may lose entries, so it is refused whole and read again next poll.
    if parsed.bozo and not isinstance(problem, _HARMLESS):
        raise MalformedFeed(f"not a readable feed: {problem}")
    if not parsed.get("version") and not parsed.entries:
        raise MalformedFeed("not an RSS or Atom document")
    entries = []
    for item in parsed.entries:
        title = " ".join(str(item.get("title") or "").split())
        if not title:
            continue
        link = item.get("link") or None
        summary = " ".join(str(item.get("summary") or "").split())
        number = own_number_in(title) or own_number_in(summary)
        published = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(
            FeedEntry(
                title=title,
                link=link,
                document_number=number,
                issuing_body=issuing_body_of(number),
                issue_date=dt.date(*published[:3]) if published else None,
                summary=summary,
                relations=tuple(relations_named_in(f"{title}. {summary}", number)),
                in_force=in_force_date_in(f"{title}. {summary}"),
            )
        )
    return entries


class FeedImporter:
    def __init__(
        self,
        database: Storage,
        urls: Sequence[str],
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._database = database
        self._urls = list(urls)
        self._session = session or requests.Session()
        self._clock = clock
        self._store = BroadcastStore(database)
        self._register = LegalRegister(database, clock)

    def import_all(self) -> dict[str, int | str]:
        """Polls every feed; returns, per URL, the number of new drafts or the error."""
        results: dict[str, int | str] = {}
        for url in self._urls:
            try:
                results[url] = self.import_feed(url)
            except Exception as error:  # noqa: BLE001 (recorded; the next poll retries)
                description = f"{type(error).__name__}: {error}"
                logger.warning("feed %s: %s", url, description)
                self._record(url, error=description)
                results[url] = description
        return results

    def import_feed(self, url: str) -> int:
        entries = parse_feed(self._fetch(url))
        created = sum(1 for entry in entries if self._import_entry(url, entry))
        self._record(url)
        logger.info("feed %s: %d entries, %d new drafts", url, len(entries), created)
        return created

    def _fetch(self, url: str) -> bytes:
        response = self._session.get(url, timeout=TIMEOUT, stream=True)
        response.raise_for_status()
        chunks, size = [], 0
        for chunk in response.iter_content(64 * 1024):
            size += len(chunk)
            if size > MAX_FEED_BYTES:
                raise MalformedFeed(f"larger than {MAX_FEED_BYTES} bytes")
            chunks.append(chunk)
        return b"".join(chunks)

    def _import_entry(self, url: str, entry: FeedEntry) -> bool:
        """The feed item, its draft and its entry in the legal register are written in one
        transaction: a crash leaves all or none, so the next poll neither loses nor
        repeats the document. Recording what it amends flags the answers resting on the
        amended documents (see ``bot.legal_currency``)."""
        source = f"feed:{urlparse(url).hostname or url}"
        draft = Broadcast(
            kind=Kind.NEW_LAW,
            title=entry.title[:200],
            body="",  # the officer's summary; approval refuses an empty one
            author=source,
            document_number=entry.document_number,
            issuing_body=entry.issuing_body,
            issue_date=entry.issue_date,
            link=entry.link,
        )
        with self._database.transaction() as db:
            cursor = db.execute(
                "INSERT OR IGNORE INTO feed_items (key, feed_url, title, seen_at) "
                "VALUES (?, ?, ?, ?)",
                (entry.key, url, entry.title, self._clock()),
            )
            if cursor.rowcount == 0:
                return False
            broadcast_id = self._store.insert(db, draft, IMPORTER)
            db.execute(
                "UPDATE feed_items SET broadcast_id = ? WHERE key = ?", (broadcast_id, entry.key)
            )
            if entry.document_number:
                document = LegalDocument(
                    entry.document_number, entry.title, entry.issuing_body,
                    signed_on=entry.issue_date, in_force_on=entry.in_force,
                )  # fmt: skip
                self._register.record_in(db, document, entry.relations, source)
        return True

    def _record(self, url: str, error: str | None = None) -> None:
        now = self._clock()
        with self._database.transaction() as db:
            if error is None:
                db.execute(
                    """INSERT INTO feed_status (feed_url, last_success_at, failures)
                       VALUES (?, ?, 0) ON CONFLICT (feed_url) DO UPDATE SET
                       last_success_at = excluded.last_success_at, failures = 0""",
                    (url, now),
                )
            else:
                db.execute(
                    """INSERT INTO feed_status (feed_url, last_error, last_error_at, failures)
                       VALUES (?, ?, ?, 1) ON CONFLICT (feed_url) DO UPDATE SET
                       last_error = excluded.last_error, last_error_at = excluded.last_error_at,
                       failures = feed_status.failures + 1""",
                    (url, error, now),
                )
