from pathlib import Path

import pytest

from server.settings import Settings, SettingsError
from tests.server.support import FACEBOOK_ENV, ZALO_ENV


def test_no_platform_credentials_means_only_the_simulator():
    settings = Settings.from_environ({})
    assert settings.facebook is None and settings.zalo is None
    assert settings.enabled_channels == ["simulator"]
    assert settings.database_path == Path("var/assistant.db")


def test_complete_credentials_enable_both_platforms_with_default_hosts():
    environ = {**FACEBOOK_ENV, **ZALO_ENV}
    for name in ("FACEBOOK_GRAPH_BASE", "ZALO_API_BASE", "ZALO_OAUTH_BASE"):
        environ.pop(name)
    settings = Settings.from_environ(environ)
    assert settings.enabled_channels == ["facebook", "zalo"]  # the simulator is off then
    assert settings.facebook.graph_base == "https://graph.facebook.com"
    assert settings.zalo.api_base == "https://openapi.zalo.me"
    assert settings.zalo.oauth_base == "https://oauth.zaloapp.com"
    assert settings.zalo.signature_variant == "app_id+oa_secret_key"


def test_a_half_configured_platform_names_what_is_missing():
    with pytest.raises(SettingsError) as raised:
        Settings.from_environ({"FACEBOOK_APP_SECRET": "s", "ZALO_APP_ID": "1"})
    message = str(raised.value)
    assert "FACEBOOK_PAGE_ACCESS_TOKEN" in message and "FACEBOOK_VERIFY_TOKEN" in message
    assert "ZALO_OA_SECRET_KEY" in message and "ZALO_REFRESH_TOKEN" in message


def test_every_malformed_value_is_reported_at_once():
    with pytest.raises(SettingsError) as raised:
        Settings.from_environ(
            {
                "WORKER_THREADS": "many",
                "MAX_BODY_BYTES": "10",
                "SIMULATOR_ENABLED": "perhaps",
                "RETRY_BASE_SECONDS": "-1",
                **FACEBOOK_ENV,
                "FACEBOOK_GRAPH_BASE": "graph.facebook.com",
            }
        )
    problems = raised.value.problems
    assert len(problems) == 5
    assert any(p.startswith("WORKER_THREADS") for p in problems)
    assert any(p.startswith("FACEBOOK_GRAPH_BASE must be an http(s) URL") for p in problems)


def test_an_unknown_signature_variant_is_refused():
    with pytest.raises(SettingsError, match="ZALO_SIGNATURE_VARIANT"):
        Settings.from_environ({**ZALO_ENV, "ZALO_SIGNATURE_VARIANT": "hmac"})


def test_the_oa_id_variant_needs_the_oa_id():
    environ = {**ZALO_ENV, "ZALO_SIGNATURE_VARIANT": "oa_id+oa_secret_key"}
    environ.pop("ZALO_OA_ID")
    with pytest.raises(SettingsError, match="ZALO_OA_ID"):
        Settings.from_environ(environ)


def test_env_example_lists_every_setting_the_code_reads():
    import re

    source = Path("server/settings.py").read_text(encoding="utf-8")
    read = set(
        re.findall(
            r'"((?:FACEBOOK|ZALO|DATABASE|WORKER|MAX|RETRY|TYPING|SIMULATOR|COMMUNES)_[A-Z_]+|PROVINCE)"',
            source,
        )
    )
    example = Path(".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]+)=", example, flags=re.MULTILINE))
    assert read <= listed, sorted(read - listed)


def test_an_unknown_province_stops_the_server_with_a_clear_message(make_settings):
    from app import create_app

    with pytest.raises(SettingsError, match="PROVINCE"):
        create_app(make_settings(PROVINCE="Hà Tây"), start_background=False)


def test_the_national_portal_address_must_be_https():
    assert Settings.from_environ({"NATIONAL_QA_URL": "https://x.gov.vn/qa"}).national_qa_url
    try:
        Settings.from_environ({"NATIONAL_QA_URL": "http://x.gov.vn/qa"})
    except SettingsError as error:
        assert "NATIONAL_QA_URL" in str(error)
    else:
        raise AssertionError("an http address must be refused")


def test_unset_defaults_are_those_of_the_code_they_tune():
    from broadcasts.engine import EngineSettings
    from channels.registry import PLATFORMS
    from channels.retry_policy import RetryPolicy
    from server.wiring import engine_settings, retry_policy

    settings = Settings.from_environ({})
    engine = engine_settings(settings.broadcasts, retry_policy(settings))
    assert engine.retry == RetryPolicy() == EngineSettings().retry
    assert engine.rates == PLATFORMS.send_rates()  # each channel's declared rate
    assert engine.senders == EngineSettings().senders


def test_a_chosen_rate_overrides_the_channel_and_zero_lifts_it():
    from server.wiring import engine_settings, retry_policy

    settings = Settings.from_environ({"BROADCAST_RATE_FACEBOOK": "120", "BROADCAST_RATE_ZALO": "0"})
    rates = engine_settings(settings.broadcasts, retry_policy(settings)).rates
    assert rates["facebook"] == 120.0 and rates["zalo"] is None


def test_the_knowledge_base_folder_comes_from_the_settings_mapping(tmp_path):
    assert Settings.from_environ({"KB_DIR": str(tmp_path)}).kb_dir == tmp_path
