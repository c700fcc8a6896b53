"""The quiz in the chat: start, one question at a time, stop and resume, one attempt,
time limits, contest secrecy, the tie-break, the prize consent and the rating."""

import datetime as dt

from quizzes.model import Mode
from tests.quizzes.chat_support import QuizWorld, buttons_of, text_of
from tests.quizzes.support import END


def test_the_start_phrase_opens_the_quiz_with_its_first_question_and_buttons(tmp_path):
    world = QuizWorld(tmp_path)
    reply = world.text("thi tim hieu phap luat")
    assert "Tìm hiểu Luật Cư trú" in text_of(reply)
    assert "Câu 1/3: Tạm trú phải đăng ký sau bao lâu?" in text_of(reply)
    first = world.quiz.questions[0].id
    assert buttons_of(reply) == [f"QUIZ:a.{first}.{i}" for i in range(4)]


def test_a_tapped_answer_is_told_right_with_the_explanation_and_legal_basis(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    first = world.quiz.questions[0]
    reply = world.tap(f"a.{first.id}.1")
    assert "Chính xác" in text_of(reply)
    assert "Căn cứ: Điều 27 Luật Cư trú 2020" in text_of(reply)
    assert "Câu 2/3" in text_of(reply)
    assert world.attempt().score == 1


def test_a_typed_letter_counts_and_a_wrong_one_shows_the_right_answer(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    reply = world.text("đáp án a")
    assert "Chưa đúng. Đáp án đúng: B. 30 ngày" in text_of(reply)
    assert world.attempt().score == 0


def test_a_legal_question_mid_quiz_is_left_to_the_assistant_and_the_question_reasked(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    assert world.text("đăng ký tạm trú cần giấy tờ gì?") is None
    reminder = world.chat.reminder(world.message("u1", "simulator", "", text="x"))
    assert "Tiếp tục cuộc thi" in reminder[-1].text
    assert "Câu 1/3" in reminder[-1].text


def test_stop_pauses_and_the_start_phrase_resumes_where_it_stopped(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    world.text("b")
    assert "tạm dừng" in text_of(world.text("dừng")).lower()
    assert world.text("b") is None  # paused: the assistant's to answer
    assert world.chat.reminder(world.message("u1", "simulator", "", text="b")) == ()
    resumed = world.text("thi tim hieu phap luat")
    assert "Tiếp tục cuộc thi" in text_of(resumed)
    assert "Câu 2/3" in text_of(resumed)


def test_dung_answers_a_true_false_question(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    world.text("b")
    reply = world.text("dung")
    assert "Chính xác" in text_of(reply)
    assert world.attempt().score == 2


def test_the_same_message_handled_twice_counts_once_and_gets_the_same_reply(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    first = world.text("b", mid="retried")
    again = world.text("b", mid="retried")
    assert text_of(again) == text_of(first)
    assert world.attempt().score == 1
    assert len(world.attempts.answers(world.attempt().id)) == 1


def test_an_old_button_tapped_again_does_not_count_twice(tmp_path):
    world = QuizWorld(tmp_path)
    world.text("thi tìm hiểu pháp luật")
    first = world.quiz.questions[0].id
    world.tap(f"a.{first}.1")
    reply = world.tap(f"a.{first}.0")
    assert "đã trả lời rồi" in text_of(reply)
    assert world.attempt().score == 1


def finish(world, user: str = "u1", channel: str = "simulator"):
    world.text("thi tìm hiểu pháp luật", user, channel)
    world.text("b", user, channel)
    world.text("đúng", user, channel)
    return world.text("a", user, channel)


def test_finishing_shows_the_score_explanations_and_asks_for_a_rating(tmp_path):
    world = QuizWorld(tmp_path)
    reply = finish(world)
    assert "đúng 3/3 câu" in text_of(reply)
    assert "Điều 19 Luật Căn cước 2023" in text_of(reply)
    assert buttons_of(reply) == ["QUIZ:rate.1", "QUIZ:rate.0"]
    assert "Cảm ơn" in text_of(world.tap("rate.1"))
    assert world.attempt().rating == 1
    assert world.attempt().finished_at is not None


def test_one_attempt_per_person_starting_again_shows_the_result(tmp_path):
    world = QuizWorld(tmp_path)
    finish(world)
    world.tap("rate.0")
    again = world.text("thi tìm hiểu pháp luật")
    assert "đúng 3/3" in text_of(again)
    assert "Câu 1/3" not in text_of(again)
    assert len(world.attempts.of_user("simulator", "u1")) == 1


def test_answers_after_the_time_limit_do_not_count(tmp_path):
    world = QuizWorld(tmp_path, time_limit_minutes=5)
    world.text("thi tìm hiểu pháp luật")
    world.text("b")
    world.clock.advance(minutes=6)
    reply = world.text("đúng")
    assert "hết thời gian" in text_of(reply).lower()
    assert world.attempt().score == 1
    assert world.attempt().finished_at is not None


def test_a_contest_keeps_answers_secret_until_it_ends(tmp_path):
    world = QuizWorld(tmp_path, mode=Mode.CONTEST)
    world.text("thi tìm hiểu pháp luật")
    reply = world.text("a")
    assert "Đã ghi nhận" in text_of(reply)
    assert "Đáp án đúng" not in text_of(reply) and "Chính xác" not in text_of(reply)
    world.text("đúng")
    done = world.text("a")
    assert "công bố sau" in text_of(done)
    assert "30 ngày" not in text_of(done) and "Căn cứ" not in text_of(done)
    world.tap("rate.1")
    world.clock.now = END + dt.timedelta(minutes=1)
    revealed = world.text("kết quả thi")
    assert "đúng 2/3" in text_of(revealed)
    assert "đáp án B. 30 ngày" in text_of(revealed)


def test_the_tie_break_guess_then_name_and_phone_only_after_consent(tmp_path):
    world = QuizWorld(
        tmp_path, mode=Mode.CONTEST, tie_break=True, prize_rules="Giải nhất 1 triệu đồng."
    )
    reply = finish(world)
    assert "bao nhiêu người" in text_of(reply)
    assert world.text("tôi nghĩ là nhiều") is None  # not a number: left to the assistant
    consent = world.text("1500")
    assert "Giải nhất 1 triệu đồng" in text_of(consent)
    assert buttons_of(consent) == ["QUIZ:consent.1", "QUIZ:consent.0"]
    assert world.attempt().name is None
    assert "họ và tên" in text_of(world.tap("consent.1"))
    assert "số điện thoại" in text_of(world.text("Nguyễn Văn An"))
    assert "chưa đúng" in text_of(world.text("123456"))
    assert "Hữu ích" in [b.title for b in world.text("0912 345 678").messages[-1].quick_replies]
    attempt = world.attempt()
    assert (attempt.guess, attempt.name, attempt.phone) == (1500, "Nguyễn Văn An", "0912345678")


def test_declining_the_prize_stores_no_personal_data(tmp_path):
    world = QuizWorld(tmp_path, mode=Mode.CONTEST, prize_rules="Giải nhất 1 triệu đồng.")
    finish(world)
    assert "không được lưu" in text_of(world.text("không"))
    attempt = world.attempt()
    assert attempt.prize_accepted == 0 and attempt.name is None and attempt.phone is None


def test_a_quiz_for_other_communes_asks_to_subscribe(tmp_path):
    world = QuizWorld(
        tmp_path,
        subscriptions={"u2": ("00001", ("general_public",))},
        target_communes=frozenset({"00001"}),
    )
    refused = world.text("thi tìm hiểu pháp luật", user="u1")
    assert buttons_of(refused) == ["SUBSCRIBE"]
    assert world.attempt("u1") is None
    invited = world.text("thi tìm hiểu pháp luật", user="u2")
    assert "Câu 1/3" in text_of(invited)
    assert world.attempt("u2").commune_code == "00001"


def test_before_it_opens_nobody_can_start(tmp_path):
    world = QuizWorld(tmp_path)
    world.clock.now = world.quiz.starts_at - dt.timedelta(minutes=1)
    assert "chưa có cuộc thi" in text_of(world.text("thi tìm hiểu pháp luật")).lower()


def test_other_text_without_a_quiz_is_the_assistants(tmp_path):
    world = QuizWorld(tmp_path)
    assert world.text("b") is None
    assert world.text("dừng") is None
