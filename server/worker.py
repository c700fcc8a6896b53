"""The worker: answers stored messages and sends the replies, in order per user.

A dispatcher thread finds conversations with due work and hands each to a thread pool,
never the same conversation to two threads. A task first sends the user's pending
replies, then answers their oldest pending message, and repeats; a reply waiting to be
retried holds back the later ones, so a user never sees answers out of order.

Runs in one process (gunicorn ``-w 1 --threads N``): the "one task per conversation"
guard is in memory; the database makes the work survive restarts.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from bot import replies
from bot.assistant import Assistant, Turn
from bot.messages import MessageKind, OutgoingMessage
from broadcasts.digest import NOTHING_MORE, HeldNews, asks_for_more, digest_message
from channels.errors import RETRY_LATER, OutsideWindow, PermanentError, RecipientUnreachable
from channels.ports import ReplyChannel
from channels.retry_policy import RetryPolicy
from handoff.answering import HeldAnswers
from handoff.delivery_rules import answer_message
from server.forwarding import CollectingForwarder
from server.message_store import ConversationKey, MessageStore, TurnFacts, incoming_from_row
from server.outbox_store import INTERRUPTED, OutboxStore, PendingReply

logger = logging.getLogger(__name__)

IDLE_POLL_SECONDS = 1.0


class Worker:
    def __init__(
        self,
        store: MessageStore,
        outbox: OutboxStore,
        channels: Mapping[str, ReplyChannel],
        assistant: Callable[[], Assistant | None],
        forwarder: CollectingForwarder,
        retry_policy: RetryPolicy,
        threads: int = 4,
        typing_delay_seconds: float = 0.3,
        held_news: HeldNews | None = None,
        held_answers: HeldAnswers | None = None,
    ) -> None:
        self._store = store
        self._outbox = outbox
        self._held_news = held_news
        self._held_answers = held_answers
        self._channels = dict(channels)
        self._assistant = assistant
        self._forwarder = forwarder
        self._retry = retry_policy
        self._typing_delay = typing_delay_seconds
        self._pool = ThreadPoolExecutor(max_workers=threads, thread_name_prefix="worker")
        self._busy: set[ConversationKey] = set()
        self._busy_lock = threading.Lock()
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._dispatcher: threading.Thread | None = None

    def start(self) -> None:
        self._dispatcher = threading.Thread(
            target=self._dispatch_forever, name="worker-dispatcher", daemon=True
        )
        self._dispatcher.start()

    def wake(self) -> None:
        self._wake.set()

    def stop(self, timeout: float = 10.0) -> None:
        self._stopping.set()
        self._wake.set()
        if self._dispatcher is not None:
            self._dispatcher.join(timeout)
        self._pool.shutdown(wait=True, cancel_futures=True)

    def process_due(self) -> None:
        """Does all work due now, in the calling thread (for CLI tools and tests)."""
        for key in self._store.due_conversations():
            self.process_conversation(key)

    def _dispatch_forever(self) -> None:
        while not self._stopping.is_set():
            self._wake.clear()
            timeout = IDLE_POLL_SECONDS
            try:
                if self._assistant() is not None:
                    self._dispatch_due()
                    until_due = self._store.seconds_until_next_due()
                    if until_due is not None:
                        timeout = min(timeout, max(until_due, 0.01))
            except Exception:
                logger.exception("worker dispatch failed; retrying")
            self._wake.wait(timeout)

    def _dispatch_due(self) -> None:
        for key in self._store.due_conversations():
            with self._busy_lock:
                if key in self._busy:
                    continue
                self._busy.add(key)
            self._pool.submit(self._run_task, key)

    def _run_task(self, key: ConversationKey) -> None:
        try:
            self.process_conversation(key)
        except Exception:
            logger.exception("worker task failed for a %s conversation", key[0])
        finally:
            with self._busy_lock:
                self._busy.discard(key)
            self._wake.set()

    def process_conversation(self, key: ConversationKey) -> None:
        while not self._stopping.is_set():
            if not self._send_pending(key):
                return
            row = self._store.next_inbox_row(key)
            if row is None:
                return
            self._answer(row)

    def _answer(self, row: dict) -> None:
        assistant = self._assistant()
        if assistant is None:
            return
        key = (row["channel"], row["user_id"])
        message = incoming_from_row(row)
        channel = self._channels.get(message.channel)
        conversation = self._store.load_conversation(key)
        typing = self._typing_timer(channel, message.user_id, message.kind)
        held, more = self._held(message)
        wants_more = asks_for_more(message.text, message.payload)
        self._forwarder.take()
        try:
            if wants_more and self._held_news is not None:
                # The "xem thêm" of a digest: the next page of held news, not a question.
                turn = Turn(messages=() if held else (OutgoingMessage(NOTHING_MORE),),
                            intent="digest_more")  # fmt: skip
            else:
                turn = assistant.handle(message, conversation)
            facts = TurnFacts.of(turn)
        except Exception as error:
            logger.exception("assistant failed on a %s message", message.channel)
            turn = Turn(messages=(OutgoingMessage(replies.INTERNAL_ERROR),), intent="error")
            facts = TurnFacts.failed(error)
        finally:
            if typing is not None:
                typing.cancel()
        forwarded = self._forwarder.take()
        outgoing_messages = list(turn.messages)
        if row.get("text_cut"):
            outgoing_messages.insert(0, OutgoingMessage(replies.TEXT_CUT))
        answers = self._answers_held_for(message)
        outgoing_messages.extend(answer_message(text, question) for question, text in answers)
        if answers:
            conversation.last_answer_id = answers[-1][0]
        if held:
            outgoing_messages.append(digest_message(held, more, first_page=not wants_more))
        rendered = [
            (outgoing, channel.render(message.user_id, outgoing) if channel else [])
            for outgoing in outgoing_messages
        ]
        releases = []
        if held:
            releases.append(
                partial(HeldNews.release, delivery_ids=[item.delivery_id for item in held])
            )
        if answers:
            releases.append(
                partial(HeldAnswers.release, question_ids=[question for question, _ in answers])
            )
        self._store.record_turn(
            row, rendered, conversation, facts, forwarded, also=_all_of(releases)
        )
        if message.kind is MessageKind.UNFOLLOW:
            self._store.mark_unreachable(key, "unfollowed")

    def _held(self, message) -> tuple[list, bool]:
        """Held broadcast news to add after the answer, now that the user's window is open."""
        if self._held_news is None or message.kind not in (MessageKind.TEXT, MessageKind.CHOICE):
            return [], False
        return self._held_news.page(message.channel, message.user_id)

    def _answers_held_for(self, message) -> list[tuple[int, str]]:
        """Officials' answers held while the window was closed: it is open again now."""
        if self._held_answers is None or message.kind not in (
            MessageKind.TEXT,
            MessageKind.CHOICE,
        ):
            return []
        return self._held_answers.pending(message.channel, message.user_id)

    def _typing_timer(
        self, channel: ReplyChannel | None, user_id: str, kind: MessageKind
    ) -> threading.Timer | None:
        if channel is None or kind not in (MessageKind.TEXT, MessageKind.CHOICE):
            return None
        timer = threading.Timer(self._typing_delay, channel.show_typing, args=(user_id,))
        timer.daemon = True
        timer.start()
        return timer

    def _send_pending(self, key: ConversationKey) -> bool:
        """Sends this user's pending replies in order; False when one must wait."""
        for reply in self._outbox.pending_replies(key):
            if reply.next_attempt_at > self._outbox.now():
                return False
            if not self._send_reply(reply):
                return False
        return True

    def _send_reply(self, reply: PendingReply) -> bool:
        outbox = self._outbox
        channel = self._channels.get(reply.channel)
        if channel is None:
            outbox.close_reply(reply.id, "failed", f"channel {reply.channel} not enabled")
            return True
        if reply.in_flight_part is not None:
            logger.warning("a %s reply was interrupted mid-send; reported", reply.channel)
            outbox.close_reply(reply.id, "failed", INTERRUPTED)
            return True
        for index in range(reply.parts_sent, len(reply.bodies)):
            outbox.claim_part(reply.id, index)
            try:
                channel.send(reply.bodies[index])
            except RETRY_LATER as error:
                return self._retry_later(reply, error)
            except OutsideWindow as error:
                outbox.close_reply(reply.id, "held", f"outside window: {error}")
                return True
            except RecipientUnreachable as error:
                logger.info("a %s user is unreachable: %s", reply.channel, error)
                self._store.mark_unreachable((reply.channel, reply.user_id), str(error))
                return True
            except PermanentError as error:
                logger.warning("a %s reply was refused: %s", reply.channel, error)
                outbox.close_reply(reply.id, "failed", str(error))
                return True
            outbox.mark_part_sent(reply.id, index + 1, index + 1 == len(reply.bodies))
        if not reply.bodies:
            outbox.mark_part_sent(reply.id, 0, True)
        return True

    def _retry_later(self, reply: PendingReply, error: Exception) -> bool:
        attempt = reply.attempts + 1
        description = f"{type(error).__name__}: {error}"
        elapsed = self._outbox.now() - reply.retry_since
        delay = self._retry.delay_after_failure(attempt, error, elapsed)
        if delay is None:
            logger.error(
                "a %s reply failed after %d attempts over %.0f s", reply.channel, attempt, elapsed
            )
            self._outbox.close_reply(reply.id, "failed", description)
            return True
        logger.info("a %s reply is retried in %.1f s (%s)", reply.channel, delay, description)
        self._outbox.defer_reply(reply.id, attempt, delay, description)
        self._wake.set()
        return False


def _all_of(writers: list[Callable]) -> Callable | None:
    """One ``also`` callback running each writer in the same transaction."""
    if not writers:
        return None
    return lambda db, at: [writer(db, at) for writer in writers]
