"""A reply that never reached its citizen shows on the dashboard and can be resent."""

import responses

from tests.console.web_support import ConsoleClient
from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    drain,
    facebook_text_event,
    outbox_rows,
    post_facebook,
    worker_of,
)
from tests.timing import Clock


def failed_reply_app(make_console):
    clock = Clock()
    app = make_console(clock=clock, **FACEBOOK_ENV, REPLY_RETRY_HOURS=str(0.2 / 3600))
    post_facebook(app.test_client(), facebook_text_event("tam tru", "m_fail"))
    drain(app, clock)  # retried until the 0.2 s retry period is over
    return app


@responses.activate
def test_a_failed_reply_is_listed_and_an_officer_resends_it(make_console):
    responses.post(FACEBOOK_SEND_URL, status=503, json={})
    app = failed_reply_app(make_console)
    [row] = outbox_rows(app)
    assert row["status"] == "failed"
    thu = ConsoleClient(app, "thu")
    page = thu.get("/console/").get_data(as_text=True)
    assert "Tin trả lời chưa gửi được" in page and f"/console/replies/{row['id']}/resend" in page

    responses.replace(responses.POST, FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    assert thu.post(f"/console/replies/{row['id']}/resend").status_code == 302
    worker_of(app).process_due()
    assert outbox_rows(app)[0]["status"] == "sent"
    actions = [e.action for e in app.extensions["console"].audit.entries()]
    assert "reply_resend" in actions


@responses.activate
def test_commune_officials_neither_see_nor_resend_failed_replies(make_console):
    responses.post(FACEBOOK_SEND_URL, status=503, json={})
    app = failed_reply_app(make_console)
    [row] = outbox_rows(app)
    lan = ConsoleClient(app, "lan")
    assert "Tin trả lời chưa gửi được" not in lan.get("/console/").get_data(as_text=True)
    assert lan.post(f"/console/replies/{row['id']}/resend").status_code == 403
    assert outbox_rows(app)[0]["status"] == "failed"
