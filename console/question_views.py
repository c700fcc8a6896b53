"""The forwarded-questions inbox: routed by commune (an official sees their communes'
questions) and filtered by legal field; claim, answer (delivered on the citizen's own
channel), release, close, or turn the answer into a knowledge-base draft."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from console.access import audit_in, officer, require, services
from console.blueprint import blueprint
from console.channel_labels import channel_labels
from handoff.answering import DELIVERY_LABELS
from handoff.delivery_rules import MAX_ANSWER_CHARS
from handoff.questions import (
    ANSWERED,
    CLAIMED,
    CLOSED,
    OPEN,
    STATUS_LABELS,
    Question,
    QuestionFilter,
)
from kernel.permissions import Can, commune_scope, may_handle_question, may_see_question
from kernel.rules import RuleViolation

VIEWS = {
    "active": ((OPEN, CLAIMED), "Cần xử lý"),
    "open": ((OPEN,), "Chờ nhận"),
    "claimed": ((CLAIMED,), "Đang xử lý"),
    "answered": ((ANSWERED,), "Đã trả lời"),
    "closed": ((CLOSED,), "Đã đóng"),
}


def visible_question(question_id: int) -> Question:
    """The question, or 404 / 403 when missing or outside the officer's communes."""
    try:
        question = services().questions.get(question_id)
    except LookupError:
        abort(404)
    if not may_see_question(officer(), question.commune_code):
        abort(403)
    return question


def _handled(question_id: int) -> Question:
    question = visible_question(question_id)
    if not may_handle_question(officer(), question.commune_code):
        abort(403)
    return question


def _back(question_id: int):
    return redirect(url_for("console.question", question_id=question_id), 303)


@blueprint.get("/questions")
@require(Can.VIEW_QUESTIONS)
def questions():
    view = request.args.get("view", "active")
    statuses = VIEWS.get(view, VIEWS["active"])[0]
    field_code = request.args.get("field", "") or None
    scope = commune_scope(officer())
    commune = request.args.get("commune", "") or None
    if commune is not None and scope is not None and commune not in scope:
        abort(403)
    found = services().questions.list(
        QuestionFilter(scope, statuses, field_code, commune), limit=300
    )
    kb = services().knowledge_base()
    return render_template(
        "console/questions.html", title="Câu hỏi chuyển cán bộ", nav="questions",
        questions=found, views=VIEWS, view=view, field=field_code or "", commune=commune or "",
        fields={f.code: f.label for f in kb.fields}, commune_names=services().commune_names(),
        counts=services().questions.counts(scope), statuses=STATUS_LABELS,
        channels=channel_labels(), my_fields=set(_account_fields()),
    )  # fmt: skip


@blueprint.get("/questions/<row_id:question_id>")
@require(Can.VIEW_QUESTIONS)
def question(question_id: int):
    shown = visible_question(question_id)
    kb = services().knowledge_base()
    likely = [faq for faq in kb.faqs if faq.id in shown.likely_faq_ids]
    status, reason = services().answers.delivery(question_id)
    return render_template(
        "console/question.html", title=f"Câu hỏi số {shown.id}", nav="questions",
        question=shown, likely=likely, context=services().questions.context(shown),
        fields={f.code: f.label for f in kb.fields}, commune_names=services().commune_names(),
        statuses=STATUS_LABELS, channels=channel_labels(), delivery_status=status,
        delivery_label=DELIVERY_LABELS.get(status, status), delivery_reason=reason,
        handles=may_handle_question(officer(), shown.commune_code),
        max_answer=MAX_ANSWER_CHARS,
    )  # fmt: skip


@blueprint.post("/questions/<row_id:question_id>/claim")
@require(Can.ANSWER_QUESTIONS)
def claim_question(question_id: int):
    _handled(question_id)
    return _change(question_id, "question_claim", services().questions.claim,
                   "Bạn đã nhận xử lý câu hỏi này.")  # fmt: skip


@blueprint.post("/questions/<row_id:question_id>/release")
@require(Can.ANSWER_QUESTIONS)
def release_question(question_id: int):
    _handled(question_id)
    return _change(question_id, "question_release", services().questions.release,
                   "Đã trả câu hỏi về hàng chờ.")  # fmt: skip


@blueprint.post("/questions/<row_id:question_id>/close")
@require(Can.ANSWER_QUESTIONS)
def close_question(question_id: int):
    _handled(question_id)
    reason = request.form.get("reason", "")[:300]

    def close(db, question_id: int, username: str) -> None:
        services().questions.close(db, question_id, username, reason)

    return _change(question_id, "question_close", close, "Đã đóng câu hỏi.")


@blueprint.post("/questions/<row_id:question_id>/answer")
@require(Can.ANSWER_QUESTIONS)
def answer_question(question_id: int):
    _handled(question_id)
    text = request.form.get("answer", "")[: MAX_ANSWER_CHARS * 2]
    account = services().accounts.get(officer().username)

    def log(db, decision) -> None:
        audit_in(db, "question_answer", f"question:{question_id}", route=decision.route.value)

    try:
        decision = services().answers.answer(
            question_id, officer(), text, account.display_name, also=log
        )
    except RuleViolation as error:
        flash(str(error), "error")
        return _back(question_id)
    if decision.sends_now:
        flash(f"Đã gửi câu trả lời ({decision.reason}).", "ok")
    else:
        flash(f"Đã lưu câu trả lời; chưa gửi được: {decision.reason}. "
              "Câu trả lời sẽ gửi kèm khi người dân nhắn lại.", "warning")  # fmt: skip
    return _back(question_id)


def _change(question_id: int, action: str, change, done: str):
    try:
        with services().database.transaction() as db:
            change(db, question_id, officer().username)
            audit_in(db, action, f"question:{question_id}")
    except RuleViolation as error:
        flash(str(error), "error")
        return _back(question_id)
    flash(done, "ok")
    return _back(question_id)


def _account_fields() -> tuple[str, ...]:
    account = services().accounts.find(officer().username)
    return account.fields if account else ()
