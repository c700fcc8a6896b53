"""Property-based: arbitrary bodies and headers posted to each webhook never get a 500."""

import hashlib
import hmac

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.server.support import FACEBOOK_ENV, ZALO_ENV

FUZZ = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=30),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=12), children, max_size=4)
    ),
    max_leaves=20,
)
header_values = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126), max_size=80)


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    from app import create_app
    from server.settings import Settings
    from tests.server.support import BASE_ENV, ScriptedParser, assistant_factory

    database = tmp_path_factory.mktemp("fuzz") / "fuzz.db"
    environ = {**BASE_ENV, **FACEBOOK_ENV, **ZALO_ENV, "DATABASE_PATH": str(database),
               "SIMULATOR_ENABLED": "true", "SIMULATOR_MESSAGES_PER_MINUTE": "10000"}  # fmt: skip
    app = create_app(Settings.from_environ(environ), assistant_factory(ScriptedParser()), False)
    client = app.test_client()
    client.get("/simulator")  # the page gives this client its chat secret
    return client


@FUZZ
@given(body=st.binary(max_size=2048), signature=header_values)
def test_arbitrary_bytes_and_signatures_never_500(client, body, signature):
    for path, header in (
        ("/webhooks/facebook", "X-Hub-Signature-256"),
        ("/webhooks/zalo", "X-ZEvent-Signature"),
    ):
        response = client.post(path, data=body, headers={header: signature})
        assert response.status_code < 500


@FUZZ
@given(document=json_values)
def test_correctly_signed_arbitrary_json_never_500(client, document):
    import json

    raw = json.dumps(document).encode()
    digest = hmac.new(FACEBOOK_ENV["FACEBOOK_APP_SECRET"].encode(), raw, hashlib.sha256).hexdigest()
    response = client.post(
        "/webhooks/facebook", data=raw, headers={"X-Hub-Signature-256": f"sha256={digest}"}
    )
    assert response.status_code in (200, 400)


@FUZZ
@given(
    event=st.dictionaries(
        st.sampled_from(["event_name", "sender", "message", "follower", "timestamp", "app_id"]),
        json_values,
        max_size=6,
    ),
    name=st.sampled_from(
        ["user_send_text", "follow", "unfollow", "user_send_image", "user_seen_message", "x"]
    ),
)
def test_correctly_signed_zalo_shaped_events_never_500(client, event, name):
    import json
    import time

    event = {**event, "event_name": name, "timestamp": str(int(time.time() * 1000))}
    raw = json.dumps(event).encode()
    mac = hashlib.sha256(
        ZALO_ENV["ZALO_APP_ID"].encode()
        + raw
        + event["timestamp"].encode()
        + ZALO_ENV["ZALO_OA_SECRET_KEY"].encode()
    ).hexdigest()
    response = client.post("/webhooks/zalo", data=raw, headers={"X-ZEvent-Signature": f"mac={mac}"})
    assert response.status_code in (200, 400)


@FUZZ
@given(body=json_values)
def test_arbitrary_simulator_posts_never_500(client, body):
    assert client.post("/simulator/messages", json=body).status_code in (202, 400)
