"""Send API client: one long-lived session, timeouts, and typed errors.

Error codes from Meta's Common Error Codes page (platforms/facebook.md §2.3).
"""

from __future__ import annotations

import logging

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

logger = logging.getLogger(__name__)

DEFAULT_GRAPH_BASE = "https://graph.facebook.com"
DEFAULT_API_VERSION = "v25.0"
# (connect, read) seconds: a webhook worker must not hang on a slow Graph API.
TIMEOUT = (3.05, 10.0)

_OUTSIDE_WINDOW_SUBCODES = {2018278, 2534022, 2018065}
_UNREACHABLE_SUBCODES = {2018108, 1545041, 2018001}
_PAGE_RESTRICTED_SUBCODE = 1893063


def error_from_response(status: int, body: object, retry_after: str | None) -> ChannelError:
    """Maps a failed Graph API response to the typed error callers act on."""
    error = body.get("error", {}) if isinstance(body, dict) else {}
    error = error if isinstance(error, dict) else {}
    code, subcode = error.get("code"), error.get("error_subcode")
    message = f"Graph API error {code}/{subcode}: {error.get('message', status)}"
    if status == 429:
        return RateLimited(message, code, retry_after=retry_after_seconds(retry_after))
    if code == 190:
        return InvalidToken(message, code)
    if code in (4, 32, 613) and subcode != 2018338:
        return RateLimited(message, code, retry_after=retry_after_seconds(retry_after))
    if code == 10 and subcode == _PAGE_RESTRICTED_SUBCODE:
        return PermanentError(f"page temporarily restricted: {message}", code)
    if code == 10 and subcode in _OUTSIDE_WINDOW_SUBCODES:
        return OutsideWindow(message, code)
    if code == 551 or subcode in _UNREACHABLE_SUBCODES:
        return RecipientUnreachable(message, code)
    if code in (1, 2, 1200) or status >= 500:
        return TransientError(message, code)
    return PermanentError(message, code)


class FacebookClient:
    """Calls the Graph API for one Page; share one instance per process."""

    def __init__(
        self,
        page_access_token: str,
        graph_base: str = DEFAULT_GRAPH_BASE,
        api_version: str = DEFAULT_API_VERSION,
        session: requests.Session | None = None,
    ) -> None:
        self._token = page_access_token
        self._base = f"{graph_base.rstrip('/')}/{api_version}"
        self._session = session or requests.Session()

    def send(self, body: dict) -> str | None:
        """Posts one Send API body; returns the platform's message id."""
        return self._post("/me/messages", body).get("message_id")

    def set_messenger_profile(self, profile: dict) -> None:
        self._post("/me/messenger_profile", profile)

    def _post(self, path: str, body: dict) -> dict:
        try:
            response = self._session.post(
                f"{self._base}{path}",
                params={"access_token": self._token},
                json=body,
                timeout=TIMEOUT,
            )
        except requests.RequestException as error:
            # The exception text contains the URL, token included: never pass it on.
            raise TransientError(f"Graph API unreachable ({type(error).__name__})") from None
        try:
            payload = response.json()
        except ValueError:
            payload = {}
        if response.status_code >= 400 or (isinstance(payload, dict) and "error" in payload):
            raise error_from_response(
                response.status_code, payload, response.headers.get("Retry-After")
            )
        return payload if isinstance(payload, dict) else {}
