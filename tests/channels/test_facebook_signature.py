import hashlib
import hmac

from channels.facebook.signature import signature_is_valid

SECRET = "app-secret-for-tests"
BODY = b'{"object":"page","entry":[]}'


def sign(body: bytes, secret: str = SECRET) -> str:
    return "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()


def test_the_exact_hmac_of_the_raw_body_is_valid():
    assert signature_is_valid(BODY, sign(BODY), SECRET)


def test_a_missing_signature_is_invalid():
    assert not signature_is_valid(BODY, None, SECRET)


def test_a_signature_made_with_another_secret_is_invalid():
    assert not signature_is_valid(BODY, sign(BODY, "other-secret"), SECRET)


def test_a_body_altered_after_signing_is_invalid():
    assert not signature_is_valid(BODY.replace(b"[]", b"[{}]"), sign(BODY), SECRET)


def test_the_legacy_sha1_header_format_is_not_accepted():
    legacy = "sha1=" + hmac.new(SECRET.encode(), BODY, hashlib.sha1).hexdigest()
    assert not signature_is_valid(BODY, legacy, SECRET)


def test_an_empty_secret_never_validates():
    assert not signature_is_valid(BODY, sign(BODY, ""), "")
