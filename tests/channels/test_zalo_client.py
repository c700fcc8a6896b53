import json
import threading
import urllib.parse

import pytest
import requests
import responses

from channels.errors import (
    InvalidToken,
    OutsideWindow,
    PermanentError,
    RateLimited,
    RecipientUnreachable,
    TransientError,
)
from channels.zalo.client import ZaloClient
from channels.zalo.tokens import REFRESH_MARGIN_SECONDS, TokenPair, ZaloTokens

API = "https://openapi.zalo.test"
SEND_URL = f"{API}/v3.0/oa/message/cs"
OAUTH_URL = "https://oauth.zalo.test/v4/oa/access_token"
BODY = {"recipient": {"user_id": "2512523625412515"}, "message": {"text": "Chào bạn"}}
NOW = 1_800_000_000.0


class MemoryTokenStore:
    def __init__(self, pair: TokenPair) -> None:
        self.pair = pair
        self.saved: list[TokenPair] = []

    def load(self) -> TokenPair:
        return self.pair

    def save(self, pair: TokenPair) -> None:
        self.pair = pair
        self.saved.append(pair)


@pytest.fixture
def store():
    return MemoryTokenStore(TokenPair("access-1", "refresh-1", NOW + 20 * 3600))


@pytest.fixture
def tokens(store):
    return ZaloTokens(store, "app-1", "app-secret", "https://oauth.zalo.test", clock=lambda: NOW)


@pytest.fixture
def client(tokens):
    return ZaloClient(tokens, api_base=API)


def ok(message_id: str = "msg-1") -> dict:
    return {"error": 0, "message": "Success", "data": {"message_id": message_id}}


@responses.activate
def test_send_posts_json_with_the_bare_access_token_header(client):
    responses.post(SEND_URL, json=ok())
    assert client.send_consultation(BODY) == "msg-1"
    [call] = responses.calls
    assert call.request.headers["access_token"] == "access-1"
    assert "Authorization" not in call.request.headers
    assert json.loads(call.request.body) == BODY


@pytest.mark.parametrize(
    ("code", "error_type"),
    [
        (-213, RecipientUnreachable),
        (-217, RecipientUnreachable),
        (-227, RecipientUnreachable),
        (-230, OutsideWindow),
        (-232, OutsideWindow),
        (-32, RateLimited),
        (-201, PermanentError),
        (-234, TransientError),
    ],
)
@responses.activate
def test_errors_reported_with_http_200_become_typed_errors(client, code, error_type):
    responses.post(SEND_URL, json={"error": code, "message": "error"})
    with pytest.raises(error_type) as raised:
        client.send_consultation(BODY)
    assert raised.value.code == code


@responses.activate
def test_server_errors_and_timeouts_are_transient(client):
    responses.post(SEND_URL, status=502, body="bad gateway")
    with pytest.raises(TransientError):
        client.send_consultation(BODY)
    responses.replace(responses.POST, SEND_URL, body=requests.ConnectTimeout("slow"))
    with pytest.raises(TransientError) as raised:
        client.send_consultation(BODY)
    assert "access" not in str(raised.value)


@responses.activate
def test_http_429_carries_the_retry_after(client):
    responses.post(SEND_URL, status=429, headers={"Retry-After": "7"}, json={})
    with pytest.raises(RateLimited) as raised:
        client.send_consultation(BODY)
    assert raised.value.retry_after == 7.0


@responses.activate
def test_an_expired_token_is_refreshed_once_saved_and_the_send_retried(client, store):
    responses.post(SEND_URL, json={"error": -216, "message": "Access token is invalid"})
    responses.post(
        OAUTH_URL,
        json={"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": "90000"},
    )
    responses.post(SEND_URL, json=ok("msg-2"))
    assert client.send_consultation(BODY) == "msg-2"
    send_1, refresh, send_2 = responses.calls
    assert refresh.request.headers["secret_key"] == "app-secret"
    assert urllib.parse.parse_qs(refresh.request.body) == {
        "refresh_token": ["refresh-1"],
        "app_id": ["app-1"],
        "grant_type": ["refresh_token"],
    }
    assert send_2.request.headers["access_token"] == "access-2"
    assert store.saved == [TokenPair("access-2", "refresh-2", NOW + 90000)]


@responses.activate
def test_a_token_still_invalid_after_one_refresh_is_reported_not_looped(client):
    responses.post(SEND_URL, json={"error": -220, "message": "expired"})
    responses.post(
        OAUTH_URL,
        json={"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": "90000"},
    )
    with pytest.raises(InvalidToken):
        client.send_consultation(BODY)
    assert len(responses.calls) == 3


@responses.activate
def test_a_refused_refresh_is_an_invalid_token_and_keeps_the_stored_pair(client, store):
    responses.post(SEND_URL, json={"error": -216, "message": "invalid"})
    responses.post(OAUTH_URL, json={"error": -14014, "error_name": "Invalid refresh token"})
    with pytest.raises(InvalidToken):
        client.send_consultation(BODY)
    assert store.saved == []


@responses.activate
def test_a_token_near_expiry_is_refreshed_before_sending(store, client):
    store.pair = TokenPair("access-1", "refresh-1", NOW + REFRESH_MARGIN_SECONDS - 60)
    responses.post(
        OAUTH_URL,
        json={"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": "90000"},
    )
    responses.post(SEND_URL, json=ok())
    client.send_consultation(BODY)
    assert responses.calls[1].request.headers["access_token"] == "access-2"


@responses.activate
def test_concurrent_refreshes_spend_the_single_use_refresh_token_once(store, tokens):
    responses.post(
        OAUTH_URL,
        json={"access_token": "access-2", "refresh_token": "refresh-2", "expires_in": "90000"},
    )
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(tokens.refresh(rejected="access-1")))
        for _ in range(5)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == ["access-2"] * 5
    assert len(responses.calls) == 1
