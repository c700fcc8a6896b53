"""The OA access token and its rotating refresh token (platforms/zalo.md §4).

The access token lasts 25 hours; the refresh token lasts 3 months, works once and is
replaced on every refresh. So the new pair is saved before it is used, refreshes never
run concurrently, and a refresh is done well before expiry (20 h into the 25) as well as
once when a send reports the token invalid. Refreshing on a timer also keeps the
refresh token alive through quiet months; losing it means re-authorising the OA by hand.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

import requests

from channels.errors import InvalidToken, TransientError

logger = logging.getLogger(__name__)

TIMEOUT = (3.05, 10.0)
REFRESH_MARGIN_SECONDS = 5 * 3600
DEFAULT_LIFETIME_SECONDS = 25 * 3600


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_at: float | None  # None: unknown (a pair pasted in by an operator)


class TokenStore(Protocol):
    def load(self) -> TokenPair: ...

    def save(self, pair: TokenPair) -> None:
        """Must be durable when it returns: the old refresh token is already spent."""
        ...


def refresh_request(app_id: str, app_secret: str, refresh_token: str) -> tuple[dict, dict]:
    """Pure: headers and form of the refresh call (``secret_key`` header, form body)."""
    headers = {"secret_key": app_secret, "Content-Type": "application/x-www-form-urlencoded"}
    form = {"refresh_token": refresh_token, "app_id": app_id, "grant_type": "refresh_token"}
    return headers, form


def pair_from_response(body: object, now: float) -> TokenPair | None:
    """Pure: the new pair from a refresh reply, or None when Zalo refused."""
    if not isinstance(body, dict):
        return None
    access, refresh = body.get("access_token"), body.get("refresh_token")
    if not isinstance(access, str) or not access or not isinstance(refresh, str) or not refresh:
        return None
    try:
        lifetime = float(body.get("expires_in", DEFAULT_LIFETIME_SECONDS))
    except (TypeError, ValueError):
        lifetime = DEFAULT_LIFETIME_SECONDS
    return TokenPair(access, refresh, now + lifetime)


class ZaloTokens:
    def __init__(
        self,
        store: TokenStore,
        app_id: str,
        app_secret: str,
        oauth_base: str,
        session: requests.Session | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._store = store
        self._app_id = app_id
        self._app_secret = app_secret
        self._url = f"{oauth_base.rstrip('/')}/v4/oa/access_token"
        self._session = session or requests.Session()
        self._clock = clock
        self._lock = threading.Lock()

    def access_token(self) -> str:
        """The current access token, refreshed first if it expires within the margin."""
        pair = self._store.load()
        if pair.expires_at is not None and pair.expires_at - self._clock() < REFRESH_MARGIN_SECONDS:
            return self.refresh(rejected=pair.access_token)
        return pair.access_token

    def refresh_if_due(self) -> None:
        """For a periodic job: refreshes when the token nears expiry; never raises."""
        try:
            self.access_token()
        except (InvalidToken, TransientError) as error:
            logger.error("Zalo token refresh failed: %s", error)

    def refresh(self, rejected: str) -> str:
        """Exchanges the refresh token for a new pair, unless another thread already did
        since ``rejected`` was read (a second refresh would spend the new token)."""
        with self._lock:
            pair = self._store.load()
            if pair.access_token != rejected:
                return pair.access_token
            headers, form = refresh_request(self._app_id, self._app_secret, pair.refresh_token)
            try:
                response = self._session.post(
                    self._url, headers=headers, data=form, timeout=TIMEOUT
                )
            except requests.RequestException as error:
                raise TransientError(f"Zalo OAuth unreachable ({type(error).__name__})") from None
            if response.status_code >= 500:
                raise TransientError(f"Zalo OAuth answered HTTP {response.status_code}")
            try:
                body = response.json()
            except ValueError:
                body = None
            new_pair = pair_from_response(body, self._clock())
            if new_pair is None:
                code = body.get("error") if isinstance(body, dict) else response.status_code
                logger.critical(
                    "Zalo refused the refresh token (error %s): the OA must be re-authorised "
                    "and ZALO_ACCESS_TOKEN / ZALO_REFRESH_TOKEN set again",
                    code,
                )
                raise InvalidToken("Zalo refused the refresh token", code)
            self._store.save(new_pair)
            logger.info("Zalo access token refreshed")
            return new_pair.access_token
