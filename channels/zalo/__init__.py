"""Zalo Official Account adapter (OA webhooks and the v3 consultation-message API).

Platform facts used here are in ``../shared/platforms/zalo.md``: the X-ZEvent-Signature
MAC (§1.2), event names (§1.4), the /v3.0/oa/message/cs endpoint with the bare
``access_token`` header and the 2,000-character limit (§2.1–2.2), error codes (§2.4) and
the rotating single-use refresh token (§4).
"""

CHANNEL = "zalo"
