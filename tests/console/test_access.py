"""Every console route is checked on the server: signed in, the role allows it, and a
commune official stays inside their communes however the URL or the form is edited."""

import pytest

from kernel.identity import Role
from quizzes.store import QuizStore
from tests.console.web_support import (
    ACCOUNTS,
    BA_DINH,
    HOAN_KIEM,
    ConsoleClient,
    create_notice,
    forward_question,
)
from tests.quizzes.support import quiz as quiz_values

EVERYONE = frozenset(Role)
BROADCASTERS = frozenset({Role.ADMINISTRATOR, Role.COMMUNICATION_OFFICER, Role.COMMUNE_OFFICIAL})
PROVINCE = frozenset({Role.ADMINISTRATOR, Role.COMMUNICATION_OFFICER})
REVIEWERS = frozenset({Role.ADMINISTRATOR, Role.LEGAL_REVIEWER})
ADMIN = frozenset({Role.ADMINISTRATOR})
RECORDERS = frozenset({Role.ADMINISTRATOR, Role.COMMUNICATION_OFFICER, Role.LEGAL_REVIEWER})

# endpoint: (method, path, roles allowed). Every console route must be listed here.
ROUTES = {
    "console.dashboard": ("GET", "/console/", EVERYONE),
    "console.reports": ("GET", "/console/reports", EVERYONE),
    "console.report_csv": ("GET", "/console/reports/top-topics.csv", EVERYONE),
    "console.yearly_report": ("GET", "/console/reports/year/2026", EVERYONE),
    "console.yearly_csv": ("GET", "/console/reports/year/2026/top-topics.csv", EVERYONE),
    "console.broadcasts": ("GET", "/console/broadcasts", EVERYONE),
    "console.new_broadcast": ("GET", "/console/broadcasts/new?kind=local_notice", BROADCASTERS),
    "console.create_broadcast": ("POST", "/console/broadcasts", BROADCASTERS),
    "console.preview_broadcast": ("POST", "/console/broadcasts/preview", BROADCASTERS),
    "console.broadcast": ("GET", "/console/broadcasts/{broadcast}", EVERYONE),
    "console.broadcast_progress": ("GET", "/console/broadcasts/{broadcast}/progress", EVERYONE),
    "console.edit_broadcast": ("GET", "/console/broadcasts/{broadcast}/edit", BROADCASTERS),
    "console.save_broadcast": ("POST", "/console/broadcasts/{broadcast}/edit", BROADCASTERS),
    "console.approve_broadcast": ("POST", "/console/broadcasts/{broadcast}/approve", BROADCASTERS),
    "console.schedule_broadcast": (
        "POST",
        "/console/broadcasts/{broadcast}/schedule",
        BROADCASTERS,
    ),
    "console.send_broadcast_now": (
        "POST",
        "/console/broadcasts/{broadcast}/send-now",
        BROADCASTERS,
    ),
    "console.cancel_broadcast": ("POST", "/console/broadcasts/{other}/cancel", BROADCASTERS),
    "console.questions": ("GET", "/console/questions", EVERYONE),
    "console.question": ("GET", "/console/questions/{question}", EVERYONE),
    "console.claim_question": ("POST", "/console/questions/{question}/claim", BROADCASTERS),
    "console.release_question": ("POST", "/console/questions/{question}/release", BROADCASTERS),
    "console.close_question": ("POST", "/console/questions/{question}/close", BROADCASTERS),
    "console.answer_question": ("POST", "/console/questions/{question}/answer", BROADCASTERS),
    "console.kb_drafts": ("GET", "/console/kb", EVERYONE),
    "console.new_kb_draft": ("GET", "/console/kb/new?question={question}", EVERYONE),
    "console.create_kb_draft": ("POST", "/console/kb", EVERYONE),
    "console.kb_draft": ("GET", "/console/kb/{draft}", EVERYONE),
    # The world's draft is lan's: its author and reviewers may edit it, nobody else.
    "console.save_kb_draft": ("POST", "/console/kb/{draft}", REVIEWERS | {Role.COMMUNE_OFFICIAL}),
    "console.approve_kb_draft": ("POST", "/console/kb/{draft}/approve", REVIEWERS),
    "console.reject_kb_draft": ("POST", "/console/kb/{draft}/reject", REVIEWERS),
    "console.kb_currency": ("GET", "/console/kb/currency", EVERYONE),
    "console.clear_kb_flag": ("POST", "/console/kb/currency/clear", REVIEWERS),
    "console.record_legal_document": ("POST", "/console/kb/documents", RECORDERS),
    "console.users": ("GET", "/console/users", ADMIN),
    "console.create_user": ("POST", "/console/users", ADMIN),
    "console.change_user": ("POST", "/console/users/nobody/unlock", ADMIN),
    "console.audit_log": ("GET", "/console/audit", ADMIN),
    "console.audit_csv": ("GET", "/console/audit.csv", ADMIN),
    "console.population": ("GET", "/console/population", ADMIN),
    "console.save_population": ("POST", "/console/population", ADMIN),
    "console.account": ("GET", "/console/account", EVERYONE),
    "console.change_password": ("POST", "/console/account", EVERYONE),
    "console.logout": ("POST", "/console/logout", EVERYONE),
    "console.resend_reply": ("POST", "/console/replies/1/resend", PROVINCE),
    "console.quizzes": ("GET", "/console/quizzes", EVERYONE),
    "console.create_quiz": ("POST", "/console/quizzes", BROADCASTERS),
    "console.quiz": ("GET", "/console/quizzes/{quiz}", EVERYONE),
    "console.add_quiz_question": ("POST", "/console/quizzes/{quiz}/questions", BROADCASTERS),
    "console.remove_quiz_question": (
        "POST",
        "/console/quizzes/{quiz}/questions/1/delete",
        BROADCASTERS,
    ),
    "console.edit_quiz_question": (
        "GET",
        "/console/quizzes/{quiz}/questions/1/edit",
        BROADCASTERS,
    ),
    "console.save_quiz_question": (
        "POST",
        "/console/quizzes/{quiz}/questions/1/edit",
        BROADCASTERS,
    ),
    "console.approve_quiz": ("POST", "/console/quizzes/{quiz}/approve", BROADCASTERS),
    "console.cancel_quiz": ("POST", "/console/quizzes/{quiz}/cancel", BROADCASTERS),
    "console.quiz_results_csv": ("GET", "/console/quizzes/{quiz}/results.csv", EVERYONE),
}
PUBLIC = {"console.login", "console.static"}
USER_OF_ROLE = {Role.ADMINISTRATOR: "admin", Role.COMMUNICATION_OFFICER: "thu",
                Role.COMMUNE_OFFICIAL: "lan", Role.LEGAL_REVIEWER: "reviewer"}  # fmt: skip


@pytest.fixture
def world(console_app):
    """A notice, a question and a knowledge-base draft, all in Hoàn Kiếm."""
    console = console_app.extensions["console"]
    question = forward_question(console_app, "citizen-1", "Tôi ở phường Hoàn Kiếm, hỏi về đất")
    draft = console.kb_drafts.create(question, {"id": "x", "field": "dat_dai"},
                                     console.accounts.get("lan").officer)  # fmt: skip
    quiz = QuizStore(console.database).create(
        quiz_values(target_communes=frozenset({HOAN_KIEM})), console.accounts.get("lan").officer
    )
    return {
        "quiz": quiz.id,
        "broadcast": create_notice(console_app, "lan", frozenset({HOAN_KIEM})),
        "other": create_notice(console_app, "hoa", frozenset({HOAN_KIEM}), "Khác"),
        "question": question,
        "draft": draft,
    }


def request(client: ConsoleClient, method: str, path: str, csrf: bool = True):
    if method == "GET":
        return client.get(path)
    return client.post(path, {"kind": "local_notice", "communes": HOAN_KIEM}, csrf=csrf)


def test_every_console_route_is_in_the_access_table(console_app):
    endpoints = {rule.endpoint for rule in console_app.url_map.iter_rules()
                 if rule.endpoint.startswith("console.")}  # fmt: skip
    assert endpoints - PUBLIC == set(ROUTES)


@pytest.mark.parametrize("endpoint", sorted(ROUTES))
def test_signed_out_visitors_are_sent_to_the_login_page(console_app, world, endpoint):
    method, path, _ = ROUTES[endpoint]
    response = request(ConsoleClient(console_app), method, path.format(**world))
    assert response.status_code == 302
    assert "/console/login" in response.headers["Location"]


@pytest.mark.parametrize("endpoint", sorted(e for e in ROUTES if ROUTES[e][0] == "POST"))
def test_every_form_needs_its_csrf_token(console_app, world, endpoint):
    _, path, _ = ROUTES[endpoint]
    response = request(ConsoleClient(console_app, "admin"), "POST", path.format(**world), False)
    assert response.status_code == 400


@pytest.mark.parametrize("role", list(Role), ids=lambda role: role.value)
def test_each_role_reaches_exactly_its_routes(console_app, world, role):
    client = ConsoleClient(console_app, USER_OF_ROLE[role])
    wrong = []
    for endpoint, (method, path, allowed) in ROUTES.items():
        if endpoint == "console.logout":
            continue
        status = request(client, method, path.format(**world)).status_code
        if (status == 403) == (role in allowed):
            wrong.append((endpoint, status))
    assert wrong == []


SCOPED = [e for e, (_, path, _) in ROUTES.items() if "{broadcast}" in path or "{question}" in path
          or "{other}" in path or "{draft}" in path]  # fmt: skip


@pytest.mark.parametrize("endpoint", SCOPED)
def test_an_official_of_another_commune_gets_403(console_app, world, endpoint):
    method, path, _ = ROUTES[endpoint]
    client = ConsoleClient(console_app, "binh")
    assert request(client, method, path.format(**world)).status_code == 403


def test_a_commune_official_cannot_target_another_commune_by_editing_the_form(console_app, world):
    client = ConsoleClient(console_app, "lan")
    form = {"kind": "local_notice", "title": "Thông báo", "body": "Nội dung",
            "communes": [HOAN_KIEM, BA_DINH], "audiences": "general_public"}  # fmt: skip
    assert client.post("/console/broadcasts", form).status_code == 403
    edit = client.post(f"/console/broadcasts/{world['broadcast']}/edit", form)
    assert edit.status_code == 403
    assert client.post("/console/broadcasts", form | {"kind": "new_law"}).status_code == 403
    listed = client.get(f"/console/questions?commune={BA_DINH}")
    assert listed.status_code == 403
    stored = console_app.extensions["console"].broadcasts.get(world["broadcast"])
    assert stored.target_communes == frozenset({HOAN_KIEM})


def test_lists_show_an_official_only_their_communes(console_app, world):
    for username, sees in (("binh", False), ("lan", True), ("thu", True)):
        client = ConsoleClient(console_app, username)
        questions = client.get("/console/questions").get_data(as_text=True)
        broadcasts = client.get("/console/broadcasts").get_data(as_text=True)
        assert ("hỏi về đất" in questions) is sees, username
        assert ("Lịch tiêm" in broadcasts) is sees, username


def test_all_roles_are_covered(console_app):
    assert {role for role, _ in ACCOUNTS.values()} == set(Role)
