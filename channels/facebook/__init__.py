"""Facebook Messenger adapter (Page webhooks and the Send API).

Platform facts used here are in ``../shared/platforms/facebook.md``: signature header
X-Hub-Signature-256 (HMAC-SHA256 of the raw body with the app secret), the 2,000-character
text limit, 13 quick replies with 20-character titles, and the error codes in §2.3.
"""

CHANNEL = "facebook"
