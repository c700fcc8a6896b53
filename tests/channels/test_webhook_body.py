"""Bodies that are JSON yet cannot be stored get a clear refusal, not a crash later."""

import pytest

from channels.webhook_body import MAX_NESTING, UnreadableBody, parse_json_body


@pytest.mark.parametrize(
    "raw",
    [
        b'{"text": "a\\ud800b"}',
        b'{"\\udc00": 1}',
        b'{"n": ' + b"9" * 5000 + b"}",
        b"[" * 980 + b"]" * 980,
        b'{"a": ' * (MAX_NESTING + 1) + b"1" + b"}" * (MAX_NESTING + 1),
        b"\xff\xfe",
        b"{not json",
    ],
)
def test_unstorable_bodies_are_refused(raw):
    with pytest.raises(UnreadableBody):
        parse_json_body(raw)


def test_ordinary_vietnamese_and_emoji_pass():
    body = parse_json_body('{"text": "Đăng ký tạm trú 👍", "n": 12345}'.encode())
    assert body == {"text": "Đăng ký tạm trú 👍", "n": 12345}
