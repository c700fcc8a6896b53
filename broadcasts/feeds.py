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
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from urllib.parse import urlparse

import feedparser
import requests

from broadcasts.model import Broadcast, Kind, Officer, Role
from broadcasts.storage import Storage
from broadcasts.store import BroadcastStore

logger = logging.getLogger(__name__)

TIMEOUT = (5, 20)
MAX_FEED_BYTES = 5 * 1024 * 1024
IMPORTER = Officer("system:feeds", Role.COMMUNICATION_OFFICER)
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


_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


@dataclass(frozen=True)
class FeedEntry:
    title: str
    link: str | None
    document_number: str | None
    issuing_body: str | None
    issue_date: dt.date | None
    summary: str

    @property
    def key(self) -> str:
        return self.document_number or self.link or self.title


class MalformedFeed(ValueError):
    """Not a feed we can read; the message says why."""


def document_number_in(text: str) -> str | None:
    match = DOCUMENT_NUMBER.search(text)
    return match.group(1) if match else None


def issuing_body_of(number: str | None) -> str | None:
    if not number:
        return None
    suffix = number.split("/")[-1].upper()
    for code, body in ISSUERS.items():
        if suffix == code or (code == "QH" and re.fullmatch(r"QH\d+", suffix)):
            return body
        if suffix.startswith(code) and code != "QH":
            return body
    return None


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
        number = document_number_in(title) or document_number_in(summary)
        published = item.get("published_parsed") or item.get("updated_parsed")
        entries.append(
            FeedEntry(
                title=title,
                link=link,
                document_number=number,
                issuing_body=issuing_body_of(number),
                issue_date=dt.date(*published[:3]) if published else None,
                summary=summary,
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
        """The feed item and its draft are written in one transaction: a crash leaves
        both or neither, so the next poll neither loses nor repeats the document."""
        draft = Broadcast(
            kind=Kind.NEW_LAW,
            title=entry.title[:200],
            body="",  # the officer's summary; approval refuses an empty one
            author=f"feed:{urlparse(url).hostname or url}",
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
