"""Flask routes for the Messenger webhook: GET verification, POST events.

The POST handler verifies the signature on the raw bytes before parsing anything, stores
the events in the durable inbox and answers at once; replies are sent by the worker.
"""

from __future__ import annotations

import hmac
import logging

from flask import Blueprint, Response, request

from channels.facebook.inbound import MalformedPayload, TooManyEvents, messages_from_webhook
from channels.facebook.signature import SIGNATURE_HEADER, signature_is_valid
from channels.ports import Inbox, InboxUnavailable
from channels.webhook_body import UnreadableBody, parse_json_body

logger = logging.getLogger(__name__)


def facebook_blueprint(app_secret: str, verify_token: str, inbox: Inbox) -> Blueprint:
    blueprint = Blueprint("facebook", __name__)

    @blueprint.get("/webhooks/facebook")
    def verify_subscription() -> Response:
        mode = request.args.get("hub.mode", "")
        token = request.args.get("hub.verify_token", "")
        challenge = request.args.get("hub.challenge", "")
        if mode == "subscribe" and hmac.compare_digest(token.encode(), verify_token.encode()):
            return Response(challenge, status=200, mimetype="text/plain")
        logger.warning("Messenger webhook verification refused")
        return Response("verification failed", status=403, mimetype="text/plain")

    @blueprint.post("/webhooks/facebook")
    def receive_events() -> Response:
        raw_body = request.get_data(cache=False)
        if not signature_is_valid(raw_body, request.headers.get(SIGNATURE_HEADER), app_secret):
            logger.warning("Messenger webhook refused: missing or wrong signature")
            return Response("invalid signature", status=403, mimetype="text/plain")
        try:
            messages = messages_from_webhook(parse_json_body(raw_body))
        except TooManyEvents as error:
            logger.warning("Messenger webhook refused: %s", error)
            return Response("too many events", status=413, mimetype="text/plain")
        except (UnreadableBody, MalformedPayload) as error:
            logger.info("Messenger webhook refused: %s", error)
            return Response("malformed body", status=400, mimetype="text/plain")
        try:
            inbox.accept(messages)
        except InboxUnavailable:
            return Response("try again later", status=503, mimetype="text/plain")
        return Response("EVENT_RECEIVED", status=200, mimetype="text/plain")

    return blueprint
