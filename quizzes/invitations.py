"""Invitations to an approved quiz go out as a broadcast through the delivery engine, so
the platforms' window rules apply as for news: sent inside the window, otherwise held
and shown after the user's next message. A cancelled quiz withdraws its invitation."""

from __future__ import annotations

import datetime as dt

from bot.audiences import AUDIENCE_CODES
from bot.replies import MENU_QUIZ
from broadcasts.deliveries import DeliveryStore
from broadcasts.model import Broadcast, Kind, Status
from broadcasts.routing import QuietHours
from broadcasts.store import BroadcastStore
from kernel.identity import Officer
from quizzes.model import Quiz, QuizStatus
from quizzes.prompts import local

START_HINT = "Để dự thi, bạn gõ “thi tìm hiểu pháp luật” hoặc bấm “{button}” trong menu."


def invitation(quiz: Quiz) -> Broadcast:
    """Pure: the invitation as a broadcast to the quiz's participants."""
    lines = [f"Thời gian: từ {local(quiz.starts_at)} đến {local(quiz.ends_at)}."]
    if quiz.rules:
        lines.append(quiz.rules)
    lines.append(START_HINT.format(button=MENU_QUIZ))
    return Broadcast(
        kind=Kind.QUIZ_INVITATION,
        title=f"Mời tham gia cuộc thi: {quiz.title}",
        body="\n".join(lines),
        author=quiz.author,
        target_communes=quiz.target_communes,
        audiences=quiz.audiences if quiz.audiences is not None else AUDIENCE_CODES,
    )


def late_invitation(quiz: Quiz, quiet_hours: QuietHours, now: dt.datetime) -> str | None:
    """Pure: why the quiz may not be approved as timed, or None. An invitation is news,
    and news due in the quiet hours waits for the morning: a quiz held in the evening
    would invite people after it had ended."""
    sent_at = quiet_hours.next_send_time(max(quiz.starts_at, now))
    if sent_at < quiz.ends_at:
        return None
    return (
        f"Lời mời sẽ phải chờ hết giờ yên tĩnh, đến {local(sent_at)}, khi cuộc thi đã kết "
        "thúc. Hãy đổi giờ bắt đầu hoặc kết thúc rồi duyệt lại."
    )


def invite(
    quiz: Quiz, author: Officer, approver: Officer, broadcasts: BroadcastStore, now: dt.datetime
) -> tuple[int, bool]:
    """Creates the invitation as written by the quiz's author and approved by the quiz's
    approver (two people, as every broadcast), scheduled for the quiz's start, or to be
    sent now when it has started. Returns (broadcast id, whether it is due now)."""
    if quiz.status is not QuizStatus.APPROVED or quiz.approved_by != approver.username:
        raise ValueError("only the approver of an approved quiz sends its invitation")
    broadcast = broadcasts.create(invitation(quiz), author)
    broadcasts.move(broadcast.id, Status.APPROVED, approver)
    if quiz.starts_at > now:
        broadcasts.move(broadcast.id, Status.SCHEDULED, approver, scheduled_at=quiz.starts_at)
        return broadcast.id, False
    broadcasts.move(broadcast.id, Status.SENDING, approver)
    return broadcast.id, True


def withdraw(quiz: Quiz, officer: Officer, broadcasts: BroadcastStore) -> bool:
    """Cancels the invitation of a cancelled quiz, so nobody is invited to it: one still
    scheduled is never sent, one being sent stops, and one already sent is no longer
    released to those it was held for. Returns whether anything was withdrawn."""
    if quiz.status is not QuizStatus.CANCELLED:
        raise ValueError("only a cancelled quiz withdraws its invitation")
    if quiz.invitation_broadcast_id is None:
        return False
    invitation = broadcasts.get(quiz.invitation_broadcast_id)
    if invitation.status is Status.CANCELLED:
        return False
    if invitation.status is Status.DONE:
        return DeliveryStore(broadcasts.database).cancel_remaining(invitation.id) > 0
    broadcasts.move(invitation.id, Status.CANCELLED, officer)
    return True
