"""The real trained model behind the real message path: webhook → inbox → assistant →
outbox → Send API / OA API (faked with ``responses``)."""

import json

import pytest
import responses

from tests.server.support import (
    FACEBOOK_ENV,
    FACEBOOK_SEND_URL,
    ZALO_ENV,
    ZALO_SEND_URL,
    facebook_text_event,
    post_facebook,
    post_zalo,
    worker_of,
    zalo_text_event,
)


@pytest.fixture
def app(make_settings, real_assistant_factory):
    from app import create_app

    app = create_app(
        make_settings(**FACEBOOK_ENV, **ZALO_ENV), real_assistant_factory, start_background=False
    )
    app.extensions["assistant"]["holder"].load()
    return app


@responses.activate
def test_a_facebook_question_without_diacritics_gets_the_sourced_answer(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("dang ky tam tru o dau", "m_1"))
    worker_of(app).process_due()
    texts = [json.loads(call.request.body)["message"]["text"] for call in responses.calls]
    answer = "\n".join(texts)
    assert "tạm trú" in answer.lower()
    assert "Căn cứ:" in answer
    assert all(len(text) <= 1900 for text in texts)


@responses.activate
def test_a_zalo_question_gets_the_answer_and_numbered_feedback_choices(app):
    responses.post(ZALO_SEND_URL, json={"error": 0, "data": {"message_id": "z1"}})
    post_zalo(app.test_client(), zalo_text_event("thủ tục đăng ký kết hôn", "z_1"))
    worker_of(app).process_due()
    texts = [json.loads(call.request.body)["message"]["text"] for call in responses.calls]
    answer = "\n".join(texts)
    assert "kết hôn" in answer.lower()
    assert "1. Hữu ích" in answer
    assert all(len(text) <= 2000 for text in texts)


@responses.activate
def test_an_off_topic_question_is_declined_not_answered(app):
    responses.post(FACEBOOK_SEND_URL, json={"message_id": "m_out"})
    post_facebook(app.test_client(), facebook_text_event("tối nay đội nào đá bóng", "m_1"))
    worker_of(app).process_due()
    answer = "\n".join(json.loads(c.request.body)["message"]["text"] for c in responses.calls)
    assert "Căn cứ:" not in answer
