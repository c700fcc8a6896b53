"""Helpers shared by the server tests and the crash-test child process (plain code, no
fixtures): a scripted assistant, platform settings, and request signing."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import threading
import time

from bot.assistant import Assistant
from bot.decisions import Thresholds
from bot.interpretation import Interpretation
from bot.kb_citations import Scope, Source
from bot.knowledge_base import Faq, KnowledgeBase, LegalBasis, LegalField
from server.services import services_of
from tests.timing import Clock

FACEBOOK_ENV = {
    "FACEBOOK_APP_SECRET": "fb-app-secret",
    "FACEBOOK_PAGE_ACCESS_TOKEN": "fb-page-token",
    "FACEBOOK_VERIFY_TOKEN": "fb-verify-token",
    "FACEBOOK_GRAPH_BASE": "https://graph.test",
}
FACEBOOK_SEND_URL = "https://graph.test/v25.0/me/messages"
ZALO_ENV = {
    "ZALO_APP_ID": "360846524940903967",
    "ZALO_APP_SECRET": "zalo-app-secret",
    "ZALO_OA_SECRET_KEY": "zalo-oa-secret",
    "ZALO_OA_ID": "1234567890",
    "ZALO_ACCESS_TOKEN": "zalo-access-1",
    "ZALO_REFRESH_TOKEN": "zalo-refresh-1",
    "ZALO_API_BASE": "https://openapi.zalo.test",
    "ZALO_OAUTH_BASE": "https://oauth.zalo.test",
}
ZALO_SEND_URL = "https://openapi.zalo.test/v3.0/oa/message/cs"
ZALO_OAUTH_URL = "https://oauth.zalo.test/v4/oa/access_token"
BASE_ENV = {
    "RETRY_BASE_SECONDS": "0.01",
    "RETRY_MAX_SECONDS": "0.05",
    "TYPING_DELAY_SECONDS": "5",
}


def _faq(faq_id: str, title: str) -> Faq:
    return Faq(
        id=faq_id,
        field="cu_tru_can_cuoc",
        title=title,
        audiences=("general_public",),
        question=f"{title}?",
        variants=(),
        answer=f"Trả lời về {title}.",
        legal_basis=(LegalBasis("Luật Cư trú 2020 (số 68/2020/QH14)", ("Điều 27",)),),
        reviewed=dt.date(2026, 11, 22),
        scope=Scope(f"{title}.", ("Câu hỏi khác 1?", "Câu hỏi khác 2?", "Câu hỏi khác 3?")),
        sources=(
            Source(
                f"Quy định về {title}",
                "Luật Cư trú 2020 (số 68/2020/QH14)",
                "Điều 27",
                "https://vbpl.vn/TW/Pages/vbpq-toanvan.aspx?ItemID=148466",
            ),
        ),
    )


KB = KnowledgeBase(
    fields=(LegalField("cu_tru_can_cuoc", "Cư trú và căn cước", "Cư trú, căn cước"),),
    faqs=(_faq("dang_ky_tam_tru", "Đăng ký tạm trú"), _faq("dang_ky_thuong_tru", "Thường trú")),
)
RANKING = (("dang_ky_tam_tru", 0.9), ("dang_ky_thuong_tru", 0.1))
SCRIPT = {
    "tam tru": Interpretation("faq", 0.99, "dang_ky_tam_tru", 0.95, RANKING),
    "xin chào": Interpretation("greet", 0.99),
    "gặp cán bộ": Interpretation("ask_human", 0.97),
}


class ScriptedParser:
    """Scripted interpretations. ``gate`` holds every parse until set (slow-model tests);
    ``on_parse`` runs first (the crash test uses it to signal it is mid-work)."""

    def __init__(self, on_parse=lambda text: None) -> None:
        self.parsed: list[str] = []
        self.gate = threading.Event()
        self.gate.set()
        self.on_parse = on_parse

    def parse(self, text: str) -> Interpretation:
        self.on_parse(text)
        self.gate.wait(30)
        self.parsed.append(text)
        if text == "crash":
            raise RuntimeError("parser failed")
        return SCRIPT.get(text, Interpretation("out_of_scope", 0.9))


def assistant_factory(parser: ScriptedParser):
    return lambda subscriptions=None, currency=None, quizzes=None: Assistant(
        KB,
        parser,
        Thresholds(intent=0.5, faq=0.6),
        True,
        subscriptions,
        currency,
        quizzes=quizzes,
    )


def worker_of(app):
    return services_of(app).worker


def database_of(app):
    return services_of(app).database.db


def outbox_rows(app) -> list[dict]:
    return list(database_of(app)["outbox"].rows_where(order_by="id"))


def drain(app, clock: Clock, rounds: int = 500) -> None:
    """Runs the worker until no reply is pending, moving ``clock`` (the app's) to each
    retry instead of waiting for it: a retry schedule of seconds runs at once."""
    for _ in range(rounds):
        worker_of(app).process_due()
        (next_retry,) = (
            database_of(app)
            .execute("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'")
            .fetchone()
        )
        if next_retry is None:
            return
        clock.now = max(clock.now, next_retry)
    raise AssertionError(f"replies still pending after {rounds} rounds of the worker")


def facebook_text_event(text: str, mid: str, sender: str = "PSID-1") -> dict:
    return {
        "object": "page",
        "entry": [
            {
                "id": "PAGE",
                "time": 1795300000000,
                "messaging": [
                    {
                        "sender": {"id": sender},
                        "recipient": {"id": "PAGE"},
                        "timestamp": 1795300000000,
                        "message": {"mid": mid, "text": text},
                    }
                ],
            }
        ],
    }


def facebook_headers(raw: bytes, secret: str = FACEBOOK_ENV["FACEBOOK_APP_SECRET"]) -> dict:
    digest = hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()
    return {"X-Hub-Signature-256": f"sha256={digest}", "Content-Type": "application/json"}


def post_facebook(client, body: dict):
    raw = json.dumps(body).encode()
    return client.post("/webhooks/facebook", data=raw, headers=facebook_headers(raw))


def zalo_text_event(text: str, msg_id: str, sender: str = "2512523625412515") -> dict:
    return {
        "app_id": ZALO_ENV["ZALO_APP_ID"],
        "user_id_by_app": "552177279717587730",
        "event_name": "user_send_text",
        "timestamp": str(int(time.time() * 1000)),
        "sender": {"id": sender},
        "recipient": {"id": ZALO_ENV["ZALO_OA_ID"]},
        "message": {"msg_id": msg_id, "text": text},
    }


def zalo_headers(
    raw: bytes,
    first_term: str = ZALO_ENV["ZALO_APP_ID"],
    secret: str = ZALO_ENV["ZALO_OA_SECRET_KEY"],
) -> dict:
    timestamp = json.loads(raw)["timestamp"]
    digest = hashlib.sha256(
        first_term.encode() + raw + str(timestamp).encode() + secret.encode()
    ).hexdigest()
    return {"X-ZEvent-Signature": f"mac={digest}", "Content-Type": "application/json"}


def post_zalo(client, body: dict):
    raw = json.dumps(body, ensure_ascii=False).encode()
    return client.post("/webhooks/zalo", data=raw, headers=zalo_headers(raw))
