"""The delivery engine: sends one broadcast to everyone it targets, exactly once each.

1. Plan: targets are streamed in id-ordered pages; each gets a delivery row with the
   route the platform rules give it (send, paid send, hold for a digest, skip). Planning
   resumes after the last planned subscriber, so a restart neither repeats nor skips.
2. Send: due rows are claimed one by one by a bounded pool of sender threads, paced by
   a token bucket per channel; transient errors and rate limits are retried later with
   backoff and jitter, permanent ones recorded and never retried.
3. A watcher polls the broadcast's status, so a cancel stops sending within about a
   second; a lease with a heartbeat keeps two processes from sending the same broadcast.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass, field
from typing import Protocol

from broadcasts.deliveries import (
    FAILED,
    HELD,
    DeliveryStore,
    DueDelivery,
    PlannedDelivery,
)
from broadcasts.model import Broadcast, Status, message_text
from broadcasts.rate_limit import TokenBucket
from broadcasts.rendering import broadcast_bodies
from broadcasts.routing import Recipient, Route, RouteDecision, route_for
from broadcasts.storage import Storage
from broadcasts.store import BroadcastStore
from broadcasts.targeting import PAGE_SIZE, Target, iter_targets
from channels.contract import Access
from channels.errors import (
    RETRY_LATER,
    OutsideWindow,
    PermanentError,
    RateLimited,
    RecipientUnreachable,
)
from channels.ports import ReplyChannel
from channels.registry import PLATFORMS, Platforms
from channels.retry_policy import RetryPolicy
from kernel.identity import Officer, Role
from kernel.outcomes import DeliveryReason

logger = logging.getLogger(__name__)

ENGINE = Officer("system:delivery", Role.ADMINISTRATOR)
ARTICLE_REASON = "published as an Article broadcast to every follower"


class ContactWindows(Protocol):
    """What the server knows of each user's platform window."""

    def recipients(self, keys: Sequence[tuple[str, str]]) -> dict[tuple[str, str], Recipient]:
        """(channel, user id) → last interaction and reachability; absent keys: unknown."""
        ...


class ArticlePublisher(Protocol):
    """Publishes news once to every follower of one channel (a Zalo Article today);
    that channel's per-user sends are then skipped."""

    channel: str

    def publish(self, broadcast: Broadcast) -> str:
        """Publishes the broadcast as an Article to all followers; returns its id."""
        ...


class BroadcastBusy(Exception):
    """Another live process holds the broadcast's sending lease."""


@dataclass(frozen=True)
class EngineSettings:
    """The engine's defaults are the operator's defaults (``server.settings`` reads them
    from here)."""

    # Concurrent requests: with ~50-100 ms round trips to the platforms, 32 in flight
    # are what reaching Messenger's 250/s takes (bench/fanout.py measures both).
    senders: int = 32
    # Sends per second per channel; None lifts the limit. Defaults are each channel's
    # declared rate, under the platform's published limit.
    rates: Mapping[str, float | None] = field(default_factory=PLATFORMS.send_rates)
    retry: RetryPolicy = RetryPolicy()
    zalo_paid_enabled: bool = False
    # How long a stopped sender keeps a broadcast before another process may resume it.
    lease_seconds: float = 30.0
    watch_seconds: float = 0.5
    batch_size: int = 512


@dataclass(frozen=True)
class Progress:
    planned: int
    finished: int


class DeliveryEngine:
    def __init__(
        self,
        database: Storage,
        channels: Mapping[str, ReplyChannel],
        windows: ContactWindows,
        settings: EngineSettings | None = None,
        article_publisher: ArticlePublisher | None = None,
        clock: Callable[[], float] = time.time,
        platforms: Platforms = PLATFORMS,
    ) -> None:
        self._database = database
        self._platforms = platforms
        self._channels = dict(channels)
        self._windows = windows
        self._settings = settings or EngineSettings()
        self._articles = article_publisher
        self._clock = clock
        self._broadcasts = BroadcastStore(
            database, now=lambda: dt.datetime.fromtimestamp(clock(), dt.timezone.utc)
        )
        self.deliveries = DeliveryStore(database, clock)
        self._buckets = {
            name: TokenBucket(self._settings.rates.get(name)) for name in self._channels
        }
        self._owner = f"{uuid.uuid4().hex[:12]}"

    # -- the public operation ---------------------------------------------------------

    def run(self, broadcast_id: int, progress: Callable[[Progress], None] | None = None) -> Status:
        """Sends a broadcast that is in SENDING until done or cancelled; returns its status."""
        self._broadcasts.get(broadcast_id)  # LookupError for an unknown id
        if not self._take_lease(broadcast_id):
            raise BroadcastBusy(f"broadcast {broadcast_id} is being sent by another process")
        stop = threading.Event()
        cancelled = threading.Event()
        watcher = threading.Thread(
            target=self._watch, args=(broadcast_id, stop, cancelled), daemon=True
        )
        watcher.start()
        try:
            broadcast = self._broadcasts.get(broadcast_id)
            if broadcast.status is not Status.SENDING:
                return broadcast.status
            recovered = self.deliveries.recover_interrupted(broadcast_id)
            if recovered:
                logger.warning("broadcast %d: %d interrupted sends closed", broadcast_id, recovered)
            article_sent = self._publish_article(broadcast)
            planned = self._plan(broadcast, article_sent, cancelled)
            self._send_all(broadcast, cancelled, progress, planned)
            if cancelled.is_set() or self._status(broadcast_id) is Status.CANCELLED:
                self.deliveries.cancel_remaining(broadcast_id)
                return Status.CANCELLED
            self._broadcasts.move(broadcast_id, Status.DONE, ENGINE)
            return Status.DONE
        finally:
            stop.set()
            watcher.join()
            self._release_lease(broadcast_id)

    # -- planning ---------------------------------------------------------------------

    def _plan(self, broadcast: Broadcast, article_sent: bool, cancelled: threading.Event) -> int:
        now = dt.datetime.fromtimestamp(self._clock(), dt.timezone.utc)
        targets = iter_targets(
            self._database, broadcast, after=self.deliveries.planned_through(broadcast.id)
        )
        page: list[Target] = []
        for target in targets:
            page.append(target)
            if len(page) >= PAGE_SIZE:
                self._plan_page(broadcast, page, now, article_sent)
                page = []
                if cancelled.is_set():
                    break
        if page:
            self._plan_page(broadcast, page, now, article_sent)
        return sum(self.deliveries.counts(broadcast.id).values())

    def _plan_page(
        self, broadcast: Broadcast, page: list[Target], now: dt.datetime, article_sent: bool
    ) -> None:
        known = self._windows.recipients([(t.channel, t.user_id) for t in page])
        planned = []
        for target in page:
            if article_sent and target.channel == self._articles_channel():
                decision = RouteDecision(
                    Route.SKIP,
                    f"{target.channel}: {ARTICLE_REASON}",
                    DeliveryReason.PUBLISHED_AS_ARTICLE,
                )
            elif target.channel not in self._channels:
                decision = RouteDecision(
                    Route.SKIP,
                    f"{target.channel}: channel not enabled",
                    DeliveryReason.CHANNEL_NOT_ENABLED,
                )
            else:
                recipient = known.get(
                    (target.channel, target.user_id), Recipient(target.channel, None)
                )
                decision = route_for(
                    recipient, now, self._settings.zalo_paid_enabled, self._platforms
                )
            planned.append(
                PlannedDelivery(
                    target.subscriber_id,
                    target.channel,
                    target.user_id,
                    decision.route,
                    decision.reason,
                    decision.code,
                )  # fmt: skip
            )
        self.deliveries.plan(broadcast.id, planned)

    def _articles_channel(self) -> str | None:
        return self._articles.channel if self._articles is not None else None

    def _publish_article(self, broadcast: Broadcast) -> bool:
        """Publishes the Zalo Article once; the event in the history says it was done."""
        if not broadcast.zalo_article or self._articles is None:
            return False
        if any(event == "zalo_article_published" for event, _, _ in broadcast.history):
            return True
        try:
            article_id = self._articles.publish(broadcast)
        except Exception as error:  # noqa: BLE001 (reported, per-user sends still go out)
            logger.error("broadcast %d: Zalo Article not published: %s", broadcast.id, error)
            self._broadcasts.record_event(broadcast.id, "zalo_article_failed", ENGINE.username)
            return False
        logger.info("broadcast %d: Zalo Article %s broadcast", broadcast.id, article_id)
        self._broadcasts.record_event(broadcast.id, "zalo_article_published", ENGINE.username)
        return True

    # -- sending ----------------------------------------------------------------------

    def _send_all(
        self,
        broadcast: Broadcast,
        cancelled: threading.Event,
        progress: Callable[[Progress], None] | None,
        planned: int,
    ) -> None:
        text = message_text(broadcast)
        finished = 0
        with ThreadPoolExecutor(
            max_workers=self._settings.senders, thread_name_prefix="broadcast-sender"
        ) as pool:
            while not cancelled.is_set():
                after = 0
                sent_any = False
                while not cancelled.is_set():
                    batch = self.deliveries.due(broadcast.id, self._settings.batch_size, after)
                    if not batch:
                        break
                    sent_any = True
                    after = batch[-1].id
                    futures = [pool.submit(self._deliver, item, text, cancelled) for item in batch]
                    wait(futures)
                    for future in futures:
                        future.result()
                    finished += len(batch)
                    if progress:
                        progress(Progress(planned, finished))
                waiting = self.deliveries.seconds_until_next_due(broadcast.id)
                if waiting is None:
                    return
                if not sent_any or waiting > 0:
                    cancelled.wait(min(waiting, self._settings.watch_seconds))

    def _deliver(self, item: DueDelivery, text: str, cancelled: threading.Event) -> None:
        if cancelled.is_set():
            return
        channel = self._channels[item.channel]
        self._buckets[item.channel].acquire()
        if cancelled.is_set() or not self.deliveries.claim(item.id):
            return
        message_id = None
        try:
            access = Access.PAID if item.route == Route.SEND_PAID.value else Access.FREE
            bodies = broadcast_bodies(item.channel, item.user_id, text, access, self._platforms)
            for body in bodies:
                message_id = channel.send(body)
        except RETRY_LATER as error:
            description = f"{type(error).__name__}: {error}"
            delay = self._settings.retry.delay_after_failure(item.attempts + 1, error)
            if delay is None:
                code = (
                    DeliveryReason.RATE_LIMITED
                    if isinstance(error, RateLimited)
                    else DeliveryReason.TRANSIENT_ERROR
                )
                self.deliveries.close(item.id, FAILED, code, description)
            else:
                self.deliveries.defer(item.id, delay, description)
            return
        except OutsideWindow as error:
            self.deliveries.close(
                item.id,
                HELD,
                DeliveryReason.WINDOW_CLOSED,
                f"{item.channel}: window closed ({error})",
            )
            return
        except RecipientUnreachable as error:
            self.deliveries.mark_subscriber_unreachable(item.id, f"unreachable: {error}")
            return
        except PermanentError as error:
            self.deliveries.close(
                item.id, FAILED, DeliveryReason.REFUSED, f"{type(error).__name__}: {error}"
            )
            return
        self.deliveries.mark_sent(item.id, message_id)

    # -- status watching and the lease --------------------------------------------------

    def _status(self, broadcast_id: int) -> Status:
        (status,) = self._database.db.execute(
            "SELECT status FROM broadcasts WHERE id = ?", (broadcast_id,)
        ).fetchone()
        return Status(status)

    def _watch(self, broadcast_id: int, stop: threading.Event, cancelled: threading.Event) -> None:
        """Renews the lease and notices a cancel, every tick, whatever the senders do."""
        while not stop.wait(self._settings.watch_seconds):
            try:
                self._renew_lease(broadcast_id)
                if self._status(broadcast_id) is Status.CANCELLED:
                    cancelled.set()
                    return
            except Exception:  # noqa: BLE001 (a busy database is retried next tick)
                logger.exception("broadcast %d: status check failed", broadcast_id)

    def _take_lease(self, broadcast_id: int) -> bool:
        now = self._clock()
        with self._database.transaction() as db:
            cursor = db.execute(
                "UPDATE broadcasts SET lease_owner = ?, lease_until = ? WHERE id = ? "
                "AND (lease_owner IS NULL OR lease_owner = ? OR lease_until < ?)",
                (self._owner, now + self._settings.lease_seconds, broadcast_id, self._owner, now),
            )
            return cursor.rowcount == 1

    def _renew_lease(self, broadcast_id: int) -> None:
        with self._database.transaction() as db:
            db.execute(
                "UPDATE broadcasts SET lease_until = ? WHERE id = ? AND lease_owner = ?",
                (self._clock() + self._settings.lease_seconds, broadcast_id, self._owner),
            )

    def _release_lease(self, broadcast_id: int) -> None:
        with self._database.transaction() as db:
            db.execute(
                "UPDATE broadcasts SET lease_owner = NULL, lease_until = NULL "
                "WHERE id = ? AND lease_owner = ?",
                (broadcast_id, self._owner),
            )
