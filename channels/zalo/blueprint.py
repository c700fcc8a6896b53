"""Flask route for the Zalo OA webhook.

Verifies the MAC on the raw bytes, refuses events outside the replay window, stores the
event in the durable inbox and answers 200 at once: Zalo wants an answer within 2 s and
disables a webhook that keeps failing (platforms/zalo.md §1.1).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

from flask import Blueprint, Response, request

from channels.ports import Inbox, InboxUnavailable
from channels.webhook_body import UnreadableBody, parse_json_body
from channels.zalo.inbound import MalformedPayload, event_time, messages_from_webhook
from channels.zalo.signature import SIGNATURE_HEADER, signature_is_valid

logger = logging.getLogger(__name__)


def zalo_blueprint(
    signed_first_term: str,
    signing_secret: str,
    replay_window_seconds: int,
    inbox: Inbox,
    clock: Callable[[], float] = time.time,
) -> Blueprint:
    """``signed_first_term`` and ``signing_secret`` follow ZALO_SIGNATURE_VARIANT."""
    blueprint = Blueprint("zalo", __name__)

    @blueprint.post("/webhooks/zalo")
    def receive_event() -> Response:
        raw_body = request.get_data(cache=False)
        header = request.headers.get(SIGNATURE_HEADER)
        if not signature_is_valid(raw_body, header, signed_first_term, signing_secret):
            logger.warning("Zalo webhook refused: missing or wrong signature")
            return _text("invalid signature", 403)
        try:
            body = parse_json_body(raw_body)
            messages = messages_from_webhook(body)
        except (UnreadableBody, MalformedPayload) as error:
            logger.info("Zalo webhook refused: %s", error)
            return _text("malformed body", 400)
        sent_at = event_time(body)
        if sent_at is None or abs(clock() - sent_at.timestamp()) > replay_window_seconds:
            logger.warning("Zalo webhook refused: timestamp outside the replay window")
            return _text("stale event", 403)
        retry = request.headers.get("num_retry") or request.headers.get("Num-Retry")
        if retry:
            logger.info("Zalo redelivery (num_retry=%s)", retry[:8])
        try:
            inbox.accept(messages)
        except InboxUnavailable:
            return _text("try again later", 503)
        return _text("OK", 200)

    return blueprint


def _text(text: str, status: int) -> Response:
    return Response(text, status=status, mimetype="text/plain")
