"""OA API client: one long-lived session, the bare ``access_token`` header, typed errors.

Zalo answers most errors with HTTP 200 and a negative ``error`` field; the codes and the
action for each are in platforms/zalo.md §2.4.
"""

from __future__ import annotations

import requests

from channels.errors import (
    ChannelError,
    InvalidToken,
    OutsideWindow,
    PermanentError,
    RateLimited,
    RecipientUnreachable,
    TransientError,
    retry_after_seconds,
)
from channels.zalo.tokens import ZaloTokens

DEFAULT_API_BASE = "https://openapi.zalo.me"
TIMEOUT = (3.05, 10.0)

_INVALID_TOKEN = {-216, -220}
_UNREACHABLE = {-213, -217, -227}
_OUTSIDE_WINDOW = {-230, -232}
_RATE_LIMITED = {-32}
# -234: this message type cannot be sent at night; -100: expired attachment. Worth a retry.
_TRANSIENT = {-234, -100}


def error_from_reply(status: int, body: object, retry_after: str | None) -> ChannelError | None:
    """Maps a Zalo reply to the typed error callers act on; None means success."""
    code = body.get("error") if isinstance(body, dict) else None
    message = body.get("message") if isinstance(body, dict) else None
    if status == 429:
        return RateLimited(
            f"Zalo HTTP 429: {message}", code, retry_after=retry_after_seconds(retry_after)
        )
    if status >= 500:
        return TransientError(f"Zalo HTTP {status}", code)
    if status >= 400 or not isinstance(code, int):
        return PermanentError(f"Zalo HTTP {status}: unexpected reply", code)
    if code == 0:
        return None
    text = f"Zalo error {code}: {message}"
    if code in _INVALID_TOKEN:
        return InvalidToken(text, code)
    if code in _UNREACHABLE:
        return RecipientUnreachable(text, code)
    if code in _OUTSIDE_WINDOW:
        return OutsideWindow(text, code)
    if code in _RATE_LIMITED:
        return RateLimited(text, code, retry_after=retry_after_seconds(retry_after))
    if code in _TRANSIENT:
        return TransientError(text, code)
    return PermanentError(text, code)


class ZaloClient:
    """Calls the OA API for one Official Account; share one instance per process."""

    def __init__(
        self,
        tokens: ZaloTokens,
        api_base: str = DEFAULT_API_BASE,
        session: requests.Session | None = None,
    ) -> None:
        self._tokens = tokens
        self._base = api_base.rstrip("/")
        self._session = session or requests.Session()

    def send_consultation(self, body: dict) -> str | None:
        """Sends one /v3.0/oa/message/cs body; returns Zalo's message id."""
        data = self._post("/v3.0/oa/message/cs", body).get("data")
        return str(data["message_id"]) if isinstance(data, dict) and "message_id" in data else None

    def publish_article(self, article: dict) -> str:
        """Creates and verifies an Article (``articles.article_body``); returns its id."""
        created = self._post("/v2.0/article/create", article).get("data") or {}
        token = created.get("token") if isinstance(created, dict) else None
        if not token:
            raise PermanentError("Zalo did not return an article token")
        verified = self._post("/v2.0/article/verify", {"token": token}).get("data") or {}
        article_id = verified.get("id") if isinstance(verified, dict) else None
        if not article_id:
            raise PermanentError("Zalo did not return an article id")
        return str(article_id)

    def broadcast(self, body: dict) -> str | None:
        """Sends an ``articles.broadcast_body`` to the OA's followers."""
        data = self._post("/v2.0/oa/message", body).get("data")
        return str(data["message_id"]) if isinstance(data, dict) and "message_id" in data else None

    def _post(self, path: str, body: dict) -> dict:
        token = self._tokens.access_token()
        try:
            return self._post_once(path, body, token)
        except InvalidToken:
            # Refresh once and retry; a second InvalidToken goes to the caller.
            return self._post_once(path, body, self._tokens.refresh(rejected=token))

    def _post_once(self, path: str, body: dict, token: str) -> dict:
        try:
            response = self._session.post(
                f"{self._base}{path}", headers={"access_token": token}, json=body, timeout=TIMEOUT
            )
        except requests.RequestException as error:
            raise TransientError(f"Zalo API unreachable ({type(error).__name__})") from None
        try:
            payload = response.json()
        except ValueError:
            payload = None
        error = error_from_reply(response.status_code, payload, response.headers.get("Retry-After"))
        if error is not None:
            raise error
        return payload if isinstance(payload, dict) else {}
