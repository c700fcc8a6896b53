"""A citizen's helpful / not-helpful tap is stored with the message, naming the FAQ it
rates: the console's satisfaction rate is counted from it."""

from bot.messages import IncomingMessage, MessageKind
from bot.payloads import feedback_payload
from server.services import services_of
from tests.server.support import database_of, worker_of


def test_ratings_are_stored_with_the_faq_they_rate(make_app):
    app = make_app()
    inbox = services_of(app).inbox
    inbox.accept(
        [
            IncomingMessage("simulator", "u1", MessageKind.TEXT, "tam tru", None, "m1"),
            IncomingMessage(
                "simulator",
                "u1",
                MessageKind.CHOICE,
                "Hữu ích",
                feedback_payload(True, "dang_ky_tam_tru"),
                "m2",
            ),
            IncomingMessage(
                "simulator",
                "u1",
                MessageKind.CHOICE,
                "Chưa hữu ích",
                feedback_payload(False, "dang_ky_tam_tru"),
                "m3",
            ),
        ]  # fmt: skip
    )
    worker_of(app).process_due()
    rows = (
        database_of(app)
        .execute(
            "SELECT platform_message_id, faq_id, feedback_helpful, feedback_faq_id FROM inbox "
            "ORDER BY id"
        )
        .fetchall()
    )
    assert rows == [
        ("m1", "dang_ky_tam_tru", None, None),
        ("m2", None, 1, "dang_ky_tam_tru"),
        ("m3", None, 0, "dang_ky_tam_tru"),
    ]
