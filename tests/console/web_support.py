"""Helpers for the console's web tests: an app with accounts of every role, and a client
that signs in and carries the CSRF token the way a browser form does."""

from __future__ import annotations

import re

from kernel.identity import Role
from server.services import services_of

PASSWORD = "mat-khau-2026"
HOAN_KIEM = "00070"
BA_DINH = "00004"
ACCOUNTS = {
    "admin": (Role.ADMINISTRATOR, frozenset()),
    "thu": (Role.COMMUNICATION_OFFICER, frozenset()),
    "minh": (Role.COMMUNICATION_OFFICER, frozenset()),
    "lan": (Role.COMMUNE_OFFICIAL, frozenset({HOAN_KIEM})),
    "hoa": (Role.COMMUNE_OFFICIAL, frozenset({HOAN_KIEM})),
    "binh": (Role.COMMUNE_OFFICIAL, frozenset({BA_DINH})),
    "reviewer": (Role.LEGAL_REVIEWER, frozenset()),
}
_TOKEN = re.compile(r'name="csrf-token" content="([^"]+)"')


class ConsoleClient:
    """A Flask test client signed in as one officer; ``post`` adds the form's CSRF token."""

    def __init__(self, app, username: str | None = None) -> None:
        self.app = app
        self.http = app.test_client()
        if username is not None:
            response = self.login(username)
            assert response.status_code == 302, response.get_data(as_text=True)

    def token(self) -> str:
        page = self.http.get("/console/login", follow_redirects=True).get_data(as_text=True)
        return _TOKEN.search(page).group(1)

    def login(self, username: str, password: str = PASSWORD):
        return self.http.post(
            "/console/login",
            data={"username": username, "password": password, "csrf_token": self.token()},
        )

    def get(self, path: str, **kwargs):
        return self.http.get(path, **kwargs)

    def post(self, path: str, data: dict | None = None, csrf: bool = True, **kwargs):
        form = dict(data or {})
        if csrf:
            form["csrf_token"] = self.token()
        return self.http.post(path, data=form, **kwargs)


def simulator_replies(app, user_id: str) -> list[str]:
    """What a simulator citizen's page would show: read from the outbox, as the page's
    own feed does (the page itself needs that browser's secret)."""
    from server.reply_feed import OutboxReplyFeed

    feed = OutboxReplyFeed(services_of(app).database)
    return [reply["text"] for reply in feed.replies_after("simulator", user_id, 0)]


def forward_question(app, user_id: str, question: str) -> int:
    """A simulator citizen asks for an official, then types the question; returns its id."""
    from bot.messages import IncomingMessage, MessageKind

    inbox = services_of(app).inbox
    inbox.accept(
        [
            IncomingMessage(
                "simulator", user_id, MessageKind.TEXT, "gặp cán bộ", None, f"{user_id}-ask"
            ),
            IncomingMessage(
                "simulator",
                user_id,
                MessageKind.TEXT,
                question,
                None,
                f"{user_id}-{abs(hash(question))}",
            ),
        ]  # fmt: skip
    )
    services_of(app).worker.process_due()
    (question_id,) = (
        services_of(app)
        .database.db.execute(
            "SELECT id FROM forwarded_questions WHERE user_id = ? ORDER BY id DESC LIMIT 1",
            (user_id,),
        )
        .fetchone()
    )
    return question_id


def create_notice(app, author: str, communes: frozenset[str], title: str = "Lịch tiêm") -> int:
    from broadcasts.model import Broadcast, Kind

    console = app.extensions["console"]
    officer = console.accounts.get(author).officer
    notice = Broadcast(Kind.LOCAL_NOTICE, title, "Nội dung thông báo.", author,
                       target_communes=communes, channels=frozenset({"simulator"}))  # fmt: skip
    return console.broadcasts.create(notice, officer).id
