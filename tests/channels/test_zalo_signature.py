import hashlib

from channels.zalo.signature import body_timestamp, expected_mac, signature_is_valid

APP_ID = "360846524940903967"
SECRET = "oa-secret"
BODY = b'{"app_id":"360846524940903967","event_name":"user_send_text","timestamp":"1795300000000"}'


def mac_of(body: bytes, app_id: str = APP_ID, secret: str = SECRET) -> str:
    timestamp = body_timestamp(body)
    return (
        "mac="
        + hashlib.sha256(
            f"{app_id}".encode() + body + timestamp.encode() + secret.encode()
        ).hexdigest()
    )


def test_the_documented_mac_is_accepted():
    assert expected_mac(APP_ID, BODY, "1795300000000", SECRET) == mac_of(BODY)
    assert signature_is_valid(BODY, mac_of(BODY), APP_ID, SECRET)


def test_the_header_may_come_without_its_prefix_or_in_upper_case():
    assert signature_is_valid(BODY, mac_of(BODY)[4:].upper(), APP_ID, SECRET)


def test_a_missing_or_empty_signature_is_refused():
    assert not signature_is_valid(BODY, None, APP_ID, SECRET)
    assert not signature_is_valid(BODY, "", APP_ID, SECRET)
    assert not signature_is_valid(BODY, "mac=", APP_ID, SECRET)


def test_a_signature_made_with_another_secret_is_refused():
    assert not signature_is_valid(BODY, mac_of(BODY, secret="other"), APP_ID, SECRET)


def test_a_body_altered_after_signing_is_refused():
    altered = BODY.replace(b"user_send_text", b"user_send_file")
    assert not signature_is_valid(altered, mac_of(BODY), APP_ID, SECRET)


def test_a_body_without_timestamp_cannot_be_verified():
    body = b'{"event_name":"user_send_text"}'
    assert not signature_is_valid(body, "mac=" + "0" * 64, APP_ID, SECRET)


def test_an_empty_secret_never_verifies():
    assert not signature_is_valid(BODY, mac_of(BODY, secret=""), APP_ID, "")
