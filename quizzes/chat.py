"""The quiz in the chat (implements ``bot.ports.QuizService``): start or resume, one
question at a time, the tie-break guess, the prize consent with name and phone, and the
rating.

The attempt's step is kept server-side, so a participant may stop ("dừng"), ask a legal
question (the assistant answers it, then the step is asked again) or come back days
later. Each answer is keyed on its inbound message: handling a message again repeats
the reply and never counts the answer twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from bot.global_commands import folded
from bot.messages import IncomingMessage, OutgoingMessage, QuickReply
from bot.payloads import SUBSCRIBE
from bot.ports import QuizReply
from bot.replies import MENU_SUBSCRIBE
from channels.contract import Limits
from channels.registry import PLATFORMS, Platforms
from quizzes import prompts
from quizzes.attempts import (
    CONSENT,
    DONE,
    NAME,
    PHONE,
    QUESTION,
    RATING,
    TIE_BREAK,
    Attempt,
    AttemptStore,
)
from quizzes.model import Mode, Question, Quiz
from quizzes.rules import (
    INVALID,
    eligible,
    has_ended,
    is_open,
    is_start_request,
    is_stop_request,
    may_reveal,
    normalize_phone,
    out_of_time,
    parse_answer,
)
from quizzes.store import QuizStore

# (commune code, audiences) of the user's subscription, or None when not subscribed.
SubscriptionOf = Callable[[str, str], tuple[str, tuple[str, ...]] | None]
_YES = frozenset({"co", "dong y", "ok", "nhan giai", "dong y nhan giai"})
_NO = frozenset({"khong", "ko", "khong nhan giai", "bo qua"})
_HELPFUL = frozenset({"huu ich", "co ich", "hay"})
_NOT_HELPFUL = frozenset({"chua huu ich", "khong huu ich"})
NAME_LIMIT = 80


def message_key(message: IncomingMessage) -> str:
    """The inbound message an answer came from (its platform id, unique per channel)."""
    if message.platform_message_id:
        return f"{message.channel}:{message.platform_message_id}"
    return f"{message.channel}:{message.user_id}:{message.sent_at.timestamp()}"


class QuizChat:
    def __init__(
        self,
        quizzes: QuizStore,
        attempts: AttemptStore,
        subscription_of: SubscriptionOf,
        platforms: Platforms = PLATFORMS,
    ) -> None:
        self._quizzes = quizzes
        self._attempts = attempts
        self._subscription_of = subscription_of
        self._platforms = platforms

    # -- the port -------------------------------------------------------------------

    def on_choice(self, argument: str, message: IncomingMessage) -> QuizReply:
        action, _, value = argument.partition(".")
        if action == "start":
            return self._start(message)
        attempt = self._attempts.active(message.channel, message.user_id)
        if attempt is None:
            return self._start(message)
        quiz = self._quizzes.get(attempt.quiz_id)
        if action == "a":
            question_id, _, index = value.partition(".")
            question = _question(quiz, question_id)
            if question is None or not index.isdigit():
                return self._prompt(attempt, quiz, message, prompts.INVALID_CHOICE)
            return self._answer(attempt, quiz, question, int(index), message)
        if action == "consent" and attempt.step == CONSENT:
            return self._consent(attempt, value == "1")
        if action == "rate" and attempt.step == RATING:
            return self._rate(attempt, value == "1", message)
        return self._prompt(attempt, quiz, message)

    def on_text(self, message: IncomingMessage, text: str) -> QuizReply | None:
        if is_start_request(text):
            return self._start(message)
        attempt = self._attempts.active(message.channel, message.user_id)
        if attempt is None:
            return None
        quiz = self._quizzes.get(attempt.quiz_id)
        if attempt.step == QUESTION:
            return self._question_text(attempt, quiz, message, text)
        if is_stop_request(text, None):
            return self._stop_at(attempt, quiz)
        words = folded(text)
        if attempt.step == TIE_BREAK:
            digits = words.replace(" ", "").replace(".", "")
            if digits.isdigit() and len(digits) < 10:
                self._attempts.move(attempt.id, TIE_BREAK, guess=int(digits))
                return self._after_questions(self._attempts.get(attempt.id), quiz, message, "")
            return None
        if attempt.step == CONSENT and words in _YES | _NO:
            return self._consent(attempt, words in _YES)
        if attempt.step == NAME:
            return self._name(attempt, text)
        if attempt.step == PHONE:
            return self._phone(attempt, text)
        if attempt.step == RATING:
            if words in _HELPFUL | _NOT_HELPFUL:
                return self._rate(attempt, words in _HELPFUL, message)
            self._attempts.move(attempt.id, DONE)  # a rating is never forced
        return None

    def reminder(self, message: IncomingMessage) -> tuple[OutgoingMessage, ...]:
        attempt = self._attempts.active(message.channel, message.user_id)
        if attempt is None or attempt.step == RATING:
            return ()
        quiz = self._quizzes.get(attempt.quiz_id)
        return self._prompt(attempt, quiz, message, prompts.RESUME).messages

    # -- starting ---------------------------------------------------------------------

    def _start(self, message: IncomingMessage) -> QuizReply:
        now = self._quizzes.now()
        mine = {a.quiz_id: a for a in self._attempts.of_user(message.channel, message.user_id)}
        subscription = self._subscription_of(message.channel, message.user_id)
        commune, audiences = subscription if subscription else (None, ())
        open_quizzes = self._quizzes.approved_between(now)
        for quiz in open_quizzes:
            attempt = mine.get(quiz.id)
            if attempt is not None and not attempt.finished:
                attempt = self._attempts.start(quiz.id, message.channel, message.user_id,
                                               attempt.commune_code, (), now.timestamp())  # fmt: skip
                return self._prompt(attempt, quiz, message, prompts.introduction(quiz, True))
        for quiz in open_quizzes:
            if quiz.id not in mine and eligible(quiz, commune, audiences):
                attempt = self._attempts.start(
                    quiz.id, message.channel, message.user_id, commune, audiences, now.timestamp()
                )
                return self._prompt(attempt, quiz, message, prompts.introduction(quiz, False))
        for attempt in mine.values():
            quiz = self._quizzes.get(attempt.quiz_id)
            if attempt.finished and (is_open(quiz, now) or has_ended(quiz, now)):
                return self._result(attempt, quiz, now)
        if open_quizzes:
            return QuizReply(
                (OutgoingMessage(prompts.NOT_INVITED, (QuickReply(MENU_SUBSCRIBE, SUBSCRIBE),)),),
                "quiz_not_invited",
            )
        return QuizReply((OutgoingMessage(prompts.NO_QUIZ),), "quiz_none")

    def _result(self, attempt: Attempt, quiz: Quiz, now: dt.datetime) -> QuizReply:
        text = prompts.result_message(
            quiz, attempt.score, self._attempts.answers(attempt.id), may_reveal(quiz, now)
        )
        return QuizReply((OutgoingMessage(text),), "quiz_result")

    # -- questions -------------------------------------------------------------------

    def _question_text(
        self, attempt: Attempt, quiz: Quiz, message: IncomingMessage, text: str
    ) -> QuizReply | None:
        question = self._current(attempt, quiz)
        if question is None:
            return self._after_questions(attempt, quiz, message, "")
        if is_stop_request(text, question):
            return self._stop_at(attempt, quiz)
        choice = parse_answer(text, question)
        if choice is None:
            return None
        if choice is INVALID:
            return self._prompt(attempt, quiz, message, prompts.INVALID_CHOICE)
        return self._answer(attempt, quiz, question, choice, message)

    def _answer(
        self,
        attempt: Attempt,
        quiz: Quiz,
        question: Question,
        choice: int,
        message: IncomingMessage,
    ) -> QuizReply:
        key = message_key(message)
        earlier = self._attempts.answer_of_message(key)
        if earlier is not None:  # the same message again: the same reply, one count
            recorded = _question(quiz, str(earlier[1].question_id))
            feedback = prompts.answer_feedback(recorded or question, earlier[1].choice, quiz.mode)
            return self._prompt(self._attempts.get(attempt.id), quiz, message, feedback)
        now = self._quizzes.now().timestamp()
        if not is_open(quiz, self._quizzes.now()) or out_of_time(quiz, attempt.started_at, now):
            return self._after_questions(attempt, quiz, message, prompts.OUT_OF_TIME, now)
        if not 0 <= choice < len(question.options):
            return self._prompt(attempt, quiz, message, prompts.INVALID_CHOICE)
        recorded = self._attempts.record_answer(
            attempt.id, question.id, choice, choice == question.correct, now, key
        )
        if not recorded:
            return self._prompt(attempt, quiz, message, prompts.ALREADY_ANSWERED)
        feedback = prompts.answer_feedback(question, choice, quiz.mode)
        return self._prompt(self._attempts.get(attempt.id), quiz, message, feedback)

    def _current(self, attempt: Attempt, quiz: Quiz) -> Question | None:
        answered = {answer.question_id for answer in self._attempts.answers(attempt.id)}
        return next((q for q in quiz.questions if q.id not in answered), None)

    def _prompt(
        self, attempt: Attempt, quiz: Quiz, message: IncomingMessage, lead: str = ""
    ) -> QuizReply:
        """The attempt's open step asked (after ``lead``): the next question, the guess,
        the consent, the name or phone."""
        if attempt.step == QUESTION:
            now = self._quizzes.now()
            question = self._current(attempt, quiz)
            if question is None or not is_open(quiz, now):
                return self._after_questions(attempt, quiz, message, lead)
            if out_of_time(quiz, attempt.started_at, now.timestamp()):
                return self._after_questions(
                    attempt, quiz, message, prompts.OUT_OF_TIME, now.timestamp()
                )
            number = quiz.questions.index(question) + 1
            asked = prompts.question_message(
                quiz.id, question, number, len(quiz.questions), self._limits(message), lead
            )
            return QuizReply((asked,), "quiz_question")
        prompt = {
            TIE_BREAK: OutgoingMessage(prompts.TIE_BREAK),
            CONSENT: prompts.consent_message(quiz),
            NAME: OutgoingMessage(prompts.ASK_NAME),
            PHONE: OutgoingMessage(prompts.ASK_PHONE),
            RATING: prompts.rating_message(),
        }.get(attempt.step, OutgoingMessage(prompts.RATED))
        if lead:
            prompt = OutgoingMessage(f"{lead}\n\n{prompt.text}", prompt.quick_replies)
        return QuizReply((prompt,), f"quiz_{attempt.step}")

    def _after_questions(
        self,
        attempt: Attempt,
        quiz: Quiz,
        message: IncomingMessage,
        lead: str,
        at: float | None = None,
    ) -> QuizReply:
        """The questions are done (or time ran out): the guess if asked, then the result
        with the prize consent or the rating."""
        now = self._quizzes.now()
        if quiz.tie_break and attempt.guess is None and at is None and is_open(quiz, now):
            attempt = self._attempts.move(attempt.id, TIE_BREAK)
            return self._prompt(attempt, quiz, message, lead)
        next_step = CONSENT if quiz.prize_rules and quiz.mode is Mode.CONTEST else RATING
        finished = self._attempts.finish(attempt.id, next_step, at or now.timestamp())
        result = self._result(finished, quiz, now).messages[0].text
        follow = prompts.consent_message(quiz) if next_step == CONSENT else prompts.rating_message()
        first = OutgoingMessage(f"{lead}\n\n{result}" if lead else result)
        return QuizReply((first, follow), "quiz_finished")

    # -- after the questions ---------------------------------------------------------

    def _stop_at(self, attempt: Attempt, quiz: Quiz) -> QuizReply:
        if attempt.step in (CONSENT, NAME, PHONE):
            return self._consent(attempt, False)
        self._attempts.pause(attempt.id)
        return QuizReply((OutgoingMessage(prompts.PAUSED),), "quiz_paused")

    def _consent(self, attempt: Attempt, accepted: bool) -> QuizReply:
        if accepted:
            self._attempts.move(attempt.id, NAME, prize_accepted=1)
            return QuizReply((OutgoingMessage(prompts.ASK_NAME),), "quiz_consent")
        self._attempts.move(attempt.id, RATING, prize_accepted=0, name=None, phone=None)
        return QuizReply(
            (prompts.rating_message(f"{prompts.PRIZE_DECLINED}\n\n{prompts.ASK_RATING}"),),
            "quiz_consent",
        )

    def _name(self, attempt: Attempt, text: str) -> QuizReply | None:
        name = " ".join(text.split())
        if not 2 <= len(name) <= NAME_LIMIT or any(c.isdigit() or c in "?!" for c in name):
            return None
        self._attempts.move(attempt.id, PHONE, name=name)
        return QuizReply((OutgoingMessage(prompts.ASK_PHONE),), "quiz_name")

    def _phone(self, attempt: Attempt, text: str) -> QuizReply | None:
        phone = normalize_phone(text)
        if phone is None:
            if sum(c.isdigit() for c in text) >= 6:
                return QuizReply((OutgoingMessage(prompts.BAD_PHONE),), "quiz_phone")
            return None
        self._attempts.move(attempt.id, RATING, phone=phone)
        return QuizReply(
            (prompts.rating_message(f"{prompts.CONTACT_SAVED}\n\n{prompts.ASK_RATING}"),),
            "quiz_phone",
        )

    def _rate(self, attempt: Attempt, helpful: bool, message: IncomingMessage) -> QuizReply:
        """Rated when the message was sent, as an answer's rating counts in reports."""
        self._attempts.move(
            attempt.id, DONE, rating=int(helpful), rated_at=message.sent_at.timestamp()
        )
        return QuizReply((OutgoingMessage(prompts.RATED),), "quiz_rating")

    def _limits(self, message: IncomingMessage) -> Limits:
        platform = self._platforms.get(message.channel)
        return platform.limits if platform else Limits(None, None)


def _question(quiz: Quiz, question_id: str) -> Question | None:
    return next((q for q in quiz.questions if str(q.id) == question_id), None)
