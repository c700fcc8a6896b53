"""What each role may do, and over which communes, as pure functions.

The console checks these on every route (hiding a button is a courtesy, not a control)
and handoff checks the knowledge-base ones in its stores. A commune official acts only
within their own communes; the broadcast rules themselves (approval by a second person,
local notices only) stay in ``broadcasts.model``.
"""

from __future__ import annotations

from enum import Enum
from typing import Protocol

from kernel.identity import Officer, Role


class Can(Enum):
    VIEW_BROADCASTS = "view_broadcasts"
    COMPOSE_NEW_LAW = "compose_new_law"
    COMPOSE_LOCAL_NOTICE = "compose_local_notice"
    MANAGE_BROADCASTS = "manage_broadcasts"  # approve, schedule, send now, cancel
    VIEW_QUESTIONS = "view_questions"
    ANSWER_QUESTIONS = "answer_questions"
    # Every officer who answers questions may propose what the assistant should learn.
    DRAFT_KB = "draft_kb"
    # Only legal review lets an answer reach every citizen who asks.
    REVIEW_KB = "review_kb"  # approve drafts, clear review flags
    RECORD_DOCUMENTS = "record_documents"  # the legal document register
    VIEW_REPORTS = "view_reports"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    ENTER_POPULATION = "enter_population"  # residents per commune, for the reach shares
    # Failed replies name citizens of any commune: province-wide roles only.
    RESEND_REPLIES = "resend_replies"
    VIEW_QUIZZES = "view_quizzes"
    RUN_QUIZZES = "run_quizzes"  # prepare, approve (a second officer), cancel
    # Names and phones of prize-winning participants (a commune official: their communes).
    SEE_PARTICIPANTS = "see_participants"


_BROADCASTING = {
    Can.VIEW_BROADCASTS,
    Can.COMPOSE_LOCAL_NOTICE,
    Can.MANAGE_BROADCASTS,
    Can.VIEW_QUESTIONS,
    Can.ANSWER_QUESTIONS,
    Can.DRAFT_KB,
    Can.VIEW_REPORTS,
    Can.VIEW_QUIZZES,
    Can.RUN_QUIZZES,
    Can.SEE_PARTICIPANTS,
}
ROLE_CAPABILITIES: dict[Role, frozenset[Can]] = {
    Role.ADMINISTRATOR: frozenset(Can),
    Role.COMMUNICATION_OFFICER: frozenset(
        {*_BROADCASTING, Can.COMPOSE_NEW_LAW, Can.RESEND_REPLIES, Can.RECORD_DOCUMENTS}
    ),
    Role.COMMUNE_OFFICIAL: frozenset(_BROADCASTING),
    Role.LEGAL_REVIEWER: frozenset(
        {
            Can.VIEW_BROADCASTS,
            Can.VIEW_QUESTIONS,
            Can.DRAFT_KB,
            Can.REVIEW_KB,
            Can.VIEW_REPORTS,
            Can.RECORD_DOCUMENTS,
            Can.VIEW_QUIZZES,
        }
    ),  # fmt: skip
}


class Targeted(Protocol):
    """Anything sent to some communes (None: the whole province): a broadcast, a quiz."""

    @property
    def target_communes(self) -> frozenset[str] | None: ...


def can(officer: Officer, capability: Can) -> bool:
    return capability in ROLE_CAPABILITIES[officer.role]


def is_province_wide(officer: Officer) -> bool:
    """Officers who see every commune (commune officials see only their own)."""
    return officer.role is not Role.COMMUNE_OFFICIAL


def commune_scope(officer: Officer) -> frozenset[str] | None:
    """The communes an officer's lists and reports cover; None means the whole province."""
    return None if is_province_wide(officer) else officer.communes


def may_see_broadcast(officer: Officer, broadcast: Targeted) -> bool:
    """A commune official sees a broadcast only if it reaches one of their communes (a
    province-wide new law reaches them all) and manages only those wholly inside them."""
    if is_province_wide(officer):
        return True
    if broadcast.target_communes is None:
        return True
    return bool(broadcast.target_communes & officer.communes)


def may_manage_broadcast(officer: Officer, broadcast: Targeted) -> bool:
    return can(officer, Can.MANAGE_BROADCASTS) and officer.may_target(broadcast.target_communes)


def may_handle_question(officer: Officer, commune_code: str | None) -> bool:
    """Questions of a commune go to its officials; those with no commune to the province."""
    if not can(officer, Can.ANSWER_QUESTIONS):
        return False
    return is_province_wide(officer) or (
        commune_code is not None and commune_code in officer.communes
    )


def may_see_question(officer: Officer, commune_code: str | None) -> bool:
    if not can(officer, Can.VIEW_QUESTIONS):
        return False
    return is_province_wide(officer) or (
        commune_code is not None and commune_code in officer.communes
    )


def may_see_quiz(officer: Officer, quiz: Targeted) -> bool:
    """A commune official sees a quiz open to one of their communes (or to everyone)."""
    if not can(officer, Can.VIEW_QUIZZES):
        return False
    if is_province_wide(officer) or quiz.target_communes is None:
        return True
    return bool(quiz.target_communes & officer.communes)


def may_run_quiz(officer: Officer, quiz: Targeted) -> bool:
    return can(officer, Can.RUN_QUIZZES) and officer.may_target(quiz.target_communes)
