import json

import responses

from server.__main__ import command_facebook_profile
from server.services import build_services
from tests.server.support import FACEBOOK_ENV

PROFILE_URL = "https://graph.test/v25.0/me/messenger_profile"


@responses.activate
def test_the_profile_sets_get_started_greeting_and_a_menu(make_settings, capsys):
    responses.post(PROFILE_URL, json={"result": "success"})
    assert command_facebook_profile(build_services(make_settings(**FACEBOOK_ENV))) == 0
    [call] = responses.calls
    body = json.loads(call.request.body)
    assert body["get_started"] == {"payload": "GET_STARTED"}
    assert len(body["greeting"][0]["text"]) <= 160
    items = body["persistent_menu"][0]["call_to_actions"]
    payloads = [item["payload"] for item in items]
    assert payloads[-3:] == ["QUIZ:start", "SUBSCRIBE", "HUMAN"]
    assert any(payload.startswith("FIELD:") for payload in payloads)
    assert len(items) <= 20 and all(len(item["title"]) <= 30 for item in items)
    assert "access_token=fb-page-token" in call.request.url
    assert "menu items" in capsys.readouterr().out


@responses.activate
def test_a_refusal_is_reported_with_a_non_zero_exit(make_settings, capsys):
    responses.post(PROFILE_URL, status=400, json={"error": {"code": 100, "message": "bad"}})
    assert command_facebook_profile(build_services(make_settings(**FACEBOOK_ENV))) == 1
    assert "refused" in capsys.readouterr().err


def test_without_facebook_settings_it_says_what_to_set(make_settings, capsys):
    assert command_facebook_profile(build_services(make_settings())) == 2
    assert "FACEBOOK_PAGE_ACCESS_TOKEN" in capsys.readouterr().err
