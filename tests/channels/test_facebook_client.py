import json

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
from channels.facebook.client import FacebookClient

GRAPH = "https://graph.test"
SEND_URL = f"{GRAPH}/v25.0/me/messages"
BODY = {"recipient": {"id": "PSID"}, "messaging_type": "RESPONSE", "message": {"text": "Chào"}}


@pytest.fixture
def client():
    return FacebookClient("page-token", graph_base=GRAPH)


@responses.activate
def test_send_posts_the_body_with_the_page_token_and_returns_the_message_id(client):
    responses.post(SEND_URL, json={"recipient_id": "PSID", "message_id": "m_out_1"})
    assert client.send(BODY) == "m_out_1"
    [call] = responses.calls
    assert json.loads(call.request.body) == BODY
    assert "access_token=page-token" in call.request.url
    assert call.request.headers["Content-Type"] == "application/json"


def graph_error(code: int, subcode: int | None = None, status: int = 400) -> dict:
    error = {"message": "error", "type": "OAuthException", "code": code}
    if subcode:
        error["error_subcode"] = subcode
    return {"json": {"error": error}, "status": status}


@pytest.mark.parametrize(
    ("failure", "error_type"),
    [
        (graph_error(190), InvalidToken),
        (graph_error(613), RateLimited),
        (graph_error(4, 2534040), RateLimited),
        (graph_error(10, 2018278), OutsideWindow),
        (graph_error(10, 2018108), RecipientUnreachable),
        (graph_error(551, 1545041), RecipientUnreachable),
        (graph_error(200, 1545041, status=403), RecipientUnreachable),
        (graph_error(2, status=500), TransientError),
        (graph_error(10, 1893063, status=403), PermanentError),
        (graph_error(100), PermanentError),
        ({"body": "<html>bad gateway</html>", "status": 502}, TransientError),
    ],
)
@responses.activate
def test_graph_errors_map_to_typed_errors(client, failure, error_type):
    responses.post(SEND_URL, **failure)
    with pytest.raises(error_type):
        client.send(BODY)


@responses.activate
def test_http_429_carries_retry_after(client):
    responses.post(SEND_URL, status=429, headers={"Retry-After": "7"}, json={})
    with pytest.raises(RateLimited) as raised:
        client.send(BODY)
    assert raised.value.retry_after == 7.0


@responses.activate
def test_a_timeout_is_transient_and_never_leaks_the_token(client):
    responses.post(SEND_URL, body=requests.ReadTimeout("read timed out: ?access_token=page-token"))
    with pytest.raises(TransientError) as raised:
        client.send(BODY)
    assert "page-token" not in str(raised.value)


@responses.activate
def test_calls_go_through_the_long_lived_session_given():
    session = requests.Session()
    session.headers["X-Session-Marker"] = "shared"
    client = FacebookClient("page-token", graph_base=GRAPH, session=session)
    responses.post(SEND_URL, json={"message_id": "m1"})
    client.send(BODY)
    client.send(BODY)
    assert [c.request.headers["X-Session-Marker"] for c in responses.calls] == ["shared", "shared"]
