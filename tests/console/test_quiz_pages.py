"""The *Cuộc thi* pages: an officer prepares a quiz, a second one approves it, the
invitation goes out as a broadcast, a citizen takes it in the simulator, and the
statistics, ranking and CSV follow roles and commune scope."""

import datetime as dt

from broadcasts.model import Status
from broadcasts.routing import VIETNAM
from broadcasts.scheduling import BroadcastSchedule
from server.reply_feed import OutboxReplyFeed
from server.services import services_of
from tests.console.web_support import BA_DINH, HOAN_KIEM, ConsoleClient, simulator_replies
from tests.timing import Clock, wait_until


def local_input(moment: dt.datetime) -> str:
    return moment.astimezone(VIETNAM).strftime("%Y-%m-%dT%H:%M")


def quiz_form(**changes) -> dict:
    now = dt.datetime.now(dt.timezone.utc)
    form = {
        "title": "Tìm hiểu Luật Cư trú",
        "rules": "Mỗi người thi một lần.",
        "mode": "practice",
        "starts_at": local_input(now - dt.timedelta(minutes=5)),
        "ends_at": local_input(now + dt.timedelta(days=2)),
        "scope": "communes",
        "communes": HOAN_KIEM,
    }
    form.update(changes)
    return form


QUESTION = {
    "text": "Tạm trú phải đăng ký khi ở từ bao lâu?",
    "kind": "choice",
    "option0": "15 ngày",
    "option1": "30 ngày",
    "option2": "60 ngày",
    "correct": "1",
    "explanation": "Đến ở từ 30 ngày trở lên phải đăng ký tạm trú.",
    "legal_basis": "Điều 27 Luật Cư trú 2020",
}


def created_quiz(response) -> int:
    assert response.status_code == 303, response.get_data(as_text=True)
    return int(response.headers["Location"].split("/quizzes/")[1].split("#")[0])


def prepare(app, author: str = "lan") -> int:
    client = ConsoleClient(app, author)
    quiz_id = created_quiz(client.post("/console/quizzes", quiz_form()))
    assert client.post(f"/console/quizzes/{quiz_id}/questions", QUESTION).status_code == 303
    return quiz_id


def say(app, user: str, text: str, mid: str) -> None:
    from bot.messages import IncomingMessage, MessageKind

    inbox = services_of(app).inbox
    inbox.accept([IncomingMessage("simulator", user, MessageKind.TEXT, text, None, mid)])
    services_of(app).worker.process_due()


def test_the_author_cannot_approve_a_second_officer_does_and_the_invitation_is_sent(
    console_app,
):
    services_of(console_app).subscriptions.subscribe(
        "simulator", "citizen", HOAN_KIEM, ("general_public",)
    )
    quiz_id = prepare(console_app)
    author = ConsoleClient(console_app, "lan")
    refused = author.post(f"/console/quizzes/{quiz_id}/approve", follow_redirects=True)
    assert "không được tự duyệt" in refused.get_data(as_text=True)
    second = ConsoleClient(console_app, "hoa")
    second.post(f"/console/quizzes/{quiz_id}/approve")
    page = second.get(f"/console/quizzes/{quiz_id}").get_data(as_text=True)
    assert "Đã duyệt" in page
    frozen = second.post(f"/console/quizzes/{quiz_id}/questions", QUESTION, follow_redirects=True)
    assert "không sửa được" in frozen.get_data(as_text=True)
    broadcasts = console_app.extensions["console"].broadcasts
    [invitation] = broadcasts.list()
    assert invitation.title == "Mời tham gia cuộc thi: Tìm hiểu Luật Cư trú"
    wait_until(
        lambda: broadcasts.get(invitation.id).status is Status.DONE, what="the invitation sent"
    )
    [news] = OutboxReplyFeed(services_of(console_app).database).news_after("citizen", 0)
    assert "Tìm hiểu Luật Cư trú" in news["text"]
    assert "thi tìm hiểu pháp luật" in news["text"]


def test_a_citizens_result_shows_in_statistics_ranking_and_csv_by_scope(console_app):
    subscriptions = services_of(console_app).subscriptions
    subscriptions.subscribe("simulator", "citizen", HOAN_KIEM, ("general_public",))
    quiz_id = prepare(console_app)
    ConsoleClient(console_app, "hoa").post(f"/console/quizzes/{quiz_id}/approve")
    say(console_app, "citizen", "thi tìm hiểu pháp luật", "c1")
    say(console_app, "citizen", "b", "c2")
    assert any("đúng 1/1 câu" in text for text in simulator_replies(console_app, "citizen"))
    page = ConsoleClient(console_app, "lan").get(f"/console/quizzes/{quiz_id}")
    text = page.get_data(as_text=True)
    assert 'id="participants">1<' in text and 'id="finished">1<' in text
    csv = ConsoleClient(console_app, "thu").get(f"/console/quizzes/{quiz_id}/results.csv")
    assert csv.status_code == 200 and "Số điện thoại" in csv.get_data(as_text=True)
    reviewer_csv = ConsoleClient(console_app, "reviewer").get(
        f"/console/quizzes/{quiz_id}/results.csv"
    )
    assert "Số điện thoại" not in reviewer_csv.get_data(as_text=True)
    other_commune = ConsoleClient(console_app, "binh")
    assert other_commune.get(f"/console/quizzes/{quiz_id}").status_code == 403
    assert other_commune.get(f"/console/quizzes/{quiz_id}/results.csv").status_code == 403


def test_a_commune_official_cannot_open_a_quiz_to_another_commune(console_app):
    client = ConsoleClient(console_app, "lan")
    response = client.post("/console/quizzes", quiz_form(communes=BA_DINH))
    assert response.status_code == 403
    everyone = client.post("/console/quizzes", quiz_form(scope="everyone"))
    assert everyone.status_code == 403


def test_forms_need_the_csrf_token_and_a_legal_reviewer_cannot_create(console_app):
    client = ConsoleClient(console_app, "thu")
    assert client.post("/console/quizzes", quiz_form(), csrf=False).status_code == 400
    reviewer = ConsoleClient(console_app, "reviewer")
    assert reviewer.post("/console/quizzes", quiz_form()).status_code == 403


def test_a_question_is_prefilled_from_a_knowledge_base_entry(console_app):
    quiz_id = created_quiz(ConsoleClient(console_app, "thu").post("/console/quizzes", quiz_form()))
    page = ConsoleClient(console_app, "thu").get(
        f"/console/quizzes/{quiz_id}?from_faq=dang_ky_tam_tru"
    )
    text = page.get_data(as_text=True)
    assert "Luật Cư trú" in text
    assert 'value="dang_ky_tam_tru"' in text


def test_bad_input_gets_4xx(console_app):
    client = ConsoleClient(console_app, "thu")
    bad_times = client.post("/console/quizzes", quiz_form(starts_at="hôm qua"))
    assert bad_times.status_code == 303
    assert client.get("/console/quizzes/999999").status_code == 404
    assert client.get("/console/quizzes/1?from_faq=khong_co").status_code == 404


def take_and_rate(app, user: str = "citizen") -> int:
    """A quiz to Hoàn Kiếm approved, taken and rated helpful by a subscriber there."""
    services_of(app).subscriptions.subscribe("simulator", user, HOAN_KIEM, ("farmers",))
    quiz_id = prepare(app)
    ConsoleClient(app, "hoa").post(f"/console/quizzes/{quiz_id}/approve")
    say(app, user, "thi tìm hiểu pháp luật", f"{user}-1")
    say(app, user, "b", f"{user}-2")
    say(app, user, "hữu ích", f"{user}-3")
    return quiz_id


def test_the_quiz_page_shows_its_ratings(console_app):
    quiz_id = take_and_rate(console_app)

    page = ConsoleClient(console_app, "lan").get(f"/console/quizzes/{quiz_id}")

    assert "1 hữu ích · 0 chưa hữu ích · hài lòng 100 %" in page.get_data(as_text=True)


def test_quiz_participation_and_ratings_reach_the_reports_of_its_commune_only(console_app):
    take_and_rate(console_app)
    lan, binh = ConsoleClient(console_app, "lan"), ConsoleClient(console_app, "binh")

    own = lan.get("/console/reports/quiz-commune.csv").get_data(as_text=True)
    other = binh.get("/console/reports/quiz-commune.csv").get_data(as_text=True)
    audience = lan.get("/console/reports/quiz-audience.csv").get_data(as_text=True)
    yearly = lan.get(f"/console/reports/year/{dt.datetime.now(VIETNAM).year}")

    assert HOAN_KIEM in own and HOAN_KIEM not in other
    assert len(other.strip().splitlines()) == 1  # the header only
    assert "Nông dân,0,0,1,1,1" in audience
    assert 'id="quiz-participants">1 / 1<' in yearly.get_data(as_text=True)
    dashboard = lan.get("/console/").get_data(as_text=True)
    assert "Cuộc thi tìm hiểu pháp luật: 100" in dashboard
    assert "Cuộc thi tìm hiểu pháp luật: 100" not in binh.get("/console/").get_data(as_text=True)


def questions_of(app, quiz_id: int):
    from quizzes.store import QuizStore

    return QuizStore(services_of(app).database).get(quiz_id).questions


EDITED = QUESTION | {
    "text": "Công dân được đăng ký thường trú ở hai nơi.",
    "kind": "true_false",
    "correct": "1",
    "legal_basis": "Điều 20 Luật Cư trú 2020",
}


def test_an_officer_edits_a_draft_question_in_place(console_app):
    quiz_id = prepare(console_app)
    client = ConsoleClient(console_app, "lan")
    client.post(f"/console/quizzes/{quiz_id}/questions", QUESTION | {"text": "Câu thứ hai?"})
    [first, second] = questions_of(console_app, quiz_id)
    page = client.get(f"/console/quizzes/{quiz_id}").get_data(as_text=True)
    assert f"/console/quizzes/{quiz_id}/questions/1/edit" in page

    form = client.get(f"/console/quizzes/{quiz_id}/questions/1/edit")
    text = form.get_data(as_text=True)
    assert form.status_code == 200
    assert QUESTION["text"] in text and 'value="30 ngày"' in text
    assert '<option value="1" selected>' in text  # the correct answer, B
    saved = client.post(f"/console/quizzes/{quiz_id}/questions/1/edit", EDITED)

    assert saved.status_code == 303
    [edited, unchanged] = questions_of(console_app, quiz_id)
    assert (edited.id, edited.position) == (first.id, 1)
    assert edited.text == EDITED["text"] and edited.options == ("Đúng", "Sai")
    assert edited.correct == 1 and edited.legal_basis == "Điều 20 Luật Cư trú 2020"
    assert unchanged == second


def test_a_bad_edit_shows_the_form_again_and_changes_nothing(console_app):
    quiz_id = prepare(console_app)
    client = ConsoleClient(console_app, "lan")
    before = questions_of(console_app, quiz_id)
    path = f"/console/quizzes/{quiz_id}/questions/1/edit"

    no_answer = client.post(path, QUESTION | {"correct": "3"})  # option D was left empty
    no_basis = client.post(path, QUESTION | {"text": "Sửa dở", "legal_basis": " "})
    no_such_question = client.post(f"/console/quizzes/{quiz_id}/questions/9/edit", QUESTION)

    assert no_answer.status_code == 400
    assert "Chọn đáp án đúng" in no_answer.get_data(as_text=True)
    assert no_basis.status_code == 400
    body = no_basis.get_data(as_text=True)
    assert "thiếu căn cứ pháp lý" in body and "Sửa dở" in body  # the officer's typing kept
    assert no_such_question.status_code == 404
    assert questions_of(console_app, quiz_id) == before


def test_an_official_of_another_commune_or_a_reviewer_cannot_edit(console_app):
    quiz_id = prepare(console_app)
    before = questions_of(console_app, quiz_id)
    path = f"/console/quizzes/{quiz_id}/questions/1/edit"

    for username in ("binh", "reviewer"):
        client = ConsoleClient(console_app, username)
        assert client.get(path).status_code == 403, username
        assert client.post(path, EDITED).status_code == 403, username
    assert questions_of(console_app, quiz_id) == before


def test_an_approved_quiz_refuses_an_edit(console_app):
    quiz_id = prepare(console_app)
    ConsoleClient(console_app, "hoa").post(f"/console/quizzes/{quiz_id}/approve")
    before = questions_of(console_app, quiz_id)
    client = ConsoleClient(console_app, "lan")
    path = f"/console/quizzes/{quiz_id}/questions/1/edit"

    refused = client.post(path, EDITED, follow_redirects=True)
    opened = client.get(path)

    assert "không sửa được" in refused.get_data(as_text=True)
    assert opened.status_code == 303
    assert questions_of(console_app, quiz_id) == before
    page = client.get(f"/console/quizzes/{quiz_id}").get_data(as_text=True)
    assert "/questions/1/edit" not in page


def schedule_on(app, clock: Clock) -> BroadcastSchedule:
    """The server's broadcast schedule on a clock the test moves, sending in the test's
    thread (no background scheduler runs in these tests)."""
    services = services_of(app)
    settings = services.settings.broadcasts
    return BroadcastSchedule(
        services.broadcasts,
        services.engine.run,
        settings.quiet_hours,
        settings.misfire_grace_seconds,
        clock,
    )


def approved_before_its_start(app) -> tuple[int, int, dt.datetime]:
    """A quiz for Hoàn Kiếm starting in two hours, approved now; (quiz, invitation, start)."""
    services_of(app).subscriptions.subscribe("simulator", "citizen", HOAN_KIEM, ("farmers",))
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)
    client = ConsoleClient(app, "lan")
    quiz_id = created_quiz(client.post("/console/quizzes", quiz_form(starts_at=local_input(later))))
    client.post(f"/console/quizzes/{quiz_id}/questions", QUESTION)
    ConsoleClient(app, "hoa").post(f"/console/quizzes/{quiz_id}/approve")
    approved = console_quiz(app, quiz_id)
    assert approved.invitation_broadcast_id is not None
    return quiz_id, approved.invitation_broadcast_id, approved.starts_at


def console_quiz(app, quiz_id: int):
    from quizzes.store import QuizStore

    return QuizStore(services_of(app).database).get(quiz_id)


def news_for_citizen(app) -> list[str]:
    return [
        news["text"] for news in OutboxReplyFeed(services_of(app).database).news_after("citizen", 0)
    ]


def test_a_quiz_approved_before_its_start_sends_its_invitation_at_the_start_not_before(
    console_app,
):
    _, invitation_id, starts_at = approved_before_its_start(console_app)
    broadcasts = services_of(console_app).broadcasts
    invitation = broadcasts.get(invitation_id)
    assert invitation.status is Status.SCHEDULED
    assert invitation.scheduled_at == starts_at
    clock = Clock(starts_at - dt.timedelta(seconds=1))
    schedule = schedule_on(console_app, clock)

    schedule.poll()
    assert broadcasts.get(invitation_id).status is Status.SCHEDULED
    assert news_for_citizen(console_app) == []

    clock.set(starts_at)
    schedule.poll()
    assert broadcasts.get(invitation_id).status is Status.DONE
    [news] = news_for_citizen(console_app)
    assert "Mời tham gia cuộc thi: Tìm hiểu Luật Cư trú" in news


def test_a_quiz_cancelled_before_its_start_never_sends_its_invitation(console_app):
    quiz_id, invitation_id, starts_at = approved_before_its_start(console_app)

    ConsoleClient(console_app, "lan").post(f"/console/quizzes/{quiz_id}/cancel")
    schedule_on(console_app, Clock(starts_at)).poll()

    assert console_quiz(console_app, quiz_id).status.value == "cancelled"
    assert services_of(console_app).broadcasts.get(invitation_id).status is Status.CANCELLED
    assert news_for_citizen(console_app) == []


def test_a_quiz_held_in_the_quiet_hours_is_not_approved_since_its_invitation_would_be_late(
    make_console,
):
    console_app = make_console(QUIET_HOURS="21:00-07:00")
    tomorrow = (dt.datetime.now(VIETNAM) + dt.timedelta(days=1)).replace(
        hour=21, minute=30, second=0, microsecond=0
    )
    client = ConsoleClient(console_app, "lan")
    form = quiz_form(
        starts_at=local_input(tomorrow), ends_at=local_input(tomorrow + dt.timedelta(hours=1))
    )
    quiz_id = created_quiz(client.post("/console/quizzes", form))
    client.post(f"/console/quizzes/{quiz_id}/questions", QUESTION)

    refused = ConsoleClient(console_app, "hoa").post(
        f"/console/quizzes/{quiz_id}/approve", follow_redirects=True
    )

    assert "giờ yên tĩnh" in refused.get_data(as_text=True)
    still = console_quiz(console_app, quiz_id)
    assert still.approved_by is None and still.invitation_broadcast_id is None
