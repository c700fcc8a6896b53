"""The *Cuộc thi* pages: prepare a quiz and its questions (drafted from the knowledge
base if wished), approval by a second officer that freezes it and sends the invitation,
live statistics, the ranking, winners per commune and the CSV.

Every route checks role and commune scope; names and phones appear only to roles that
may see participants, and a commune official sees only their communes' participants.
"""

from __future__ import annotations

from flask import Response, abort, flash, redirect, render_template, request, url_for

from bot.audiences import AUDIENCE_LABELS
from console.access import audit, officer, require, services
from console.blueprint import blueprint
from console.channel_labels import channel_label
from console.csv_export import table_csv
from console.quiz_form import (
    draft_from_faq,
    question_form_values,
    question_from_form,
    quiz_from_form,
)
from console.reports import Table
from kernel.permissions import Can, can, commune_scope, may_run_quiz, may_see_quiz
from kernel.rules import RuleViolation
from quizzes.invitations import invite, late_invitation, withdraw
from quizzes.model import Mode, Question, Quiz, QuizStatus
from quizzes.results import result_rows, statistics, winners
from quizzes.rules import FROZEN, may_edit, may_reveal, problems_of
from quizzes.store import QuizStore

WINNERS_PER_COMMUNE = 3
STATUS_LABELS = {
    QuizStatus.DRAFT: "Nháp",
    QuizStatus.APPROVED: "Đã duyệt",
    QuizStatus.CANCELLED: "Đã hủy",
}
MODE_LABELS = {Mode.PRACTICE: "Tìm hiểu (biết đáp án ngay)", Mode.CONTEST: "Cuộc thi"}


def _store() -> QuizStore:
    return QuizStore(services().database)


def _visible(quiz_id: int) -> Quiz:
    try:
        quiz = _store().get(quiz_id)
    except LookupError:
        abort(404)
    if not may_see_quiz(officer(), quiz):
        abort(403)
    return quiz


def _runnable(quiz_id: int) -> Quiz:
    quiz = _visible(quiz_id)
    if not may_run_quiz(officer(), quiz):
        abort(403)
    return quiz


def _back(quiz_id: int, anchor: str = ""):
    return redirect(url_for("console.quiz", quiz_id=quiz_id) + anchor, 303)


def _ranking_table(quiz: Quiz, personal: bool) -> Table:
    names = services().commune_names()
    columns = ["Hạng", "Điểm", "Dự đoán số người", "Hoàn thành lúc", "Xã, phường", "Kênh"]
    if personal:
        columns += ["Họ tên", "Số điện thoại"]
    rows = []
    for row in result_rows(services().database, quiz, commune_scope(officer()), personal):
        result = row.ranked.result
        cells = [row.ranked.place, result.score, result.guess, _local(result.finished_at),
                 names.get(result.commune_code or "", "Chưa rõ"), channel_label(row.channel)]  # fmt: skip
        if personal:
            cells += [row.name, row.phone]
        rows.append(tuple(cells))
    return Table(f"quiz-{quiz.id}-results", "Xếp hạng", tuple(columns), tuple(rows))


def _local(epoch: float) -> str:
    import datetime as dt

    from broadcasts.routing import VIETNAM

    return f"{dt.datetime.fromtimestamp(epoch, VIETNAM):%d/%m/%Y %H:%M:%S}"


@blueprint.get("/quizzes")
@require(Can.VIEW_QUIZZES)
def quizzes():
    found = [quiz for quiz in _store().list() if may_see_quiz(officer(), quiz)]
    scope = commune_scope(officer())
    communes = [c for c in services().communes if scope is None or c.code in scope]
    return render_template(
        "console/quizzes.html", title="Cuộc thi", nav="quizzes", quizzes=found,
        statuses=STATUS_LABELS, modes=MODE_LABELS, communes=communes,
        audiences=AUDIENCE_LABELS, province_wide=scope is None,
    )  # fmt: skip


@blueprint.post("/quizzes")
@require(Can.RUN_QUIZZES)
def create_quiz():
    parsed = quiz_from_form(
        request.form,
        officer().username,
        {c.code for c in services().communes},
        commune_scope(officer()),
    )
    if parsed.foreign_communes:
        abort(403)
    if parsed.quiz is None:
        for error in parsed.errors:
            flash(error, "error")
        return redirect(url_for("console.quizzes"), 303)
    try:
        created = _store().create(parsed.quiz, officer())
    except RuleViolation as error:
        flash(str(error), "error")
        return redirect(url_for("console.quizzes"), 303)
    audit("quiz_create", f"quiz:{created.id}")
    flash("Đã tạo cuộc thi nháp. Thêm câu hỏi rồi nhờ cán bộ khác duyệt.", "ok")
    return _back(created.id)


@blueprint.get("/quizzes/<row_id:quiz_id>")
@require(Can.VIEW_QUIZZES)
def quiz(quiz_id: int):
    found = _visible(quiz_id)
    scope = commune_scope(officer())
    personal = can(officer(), Can.SEE_PARTICIPANTS)
    draft = {}
    faq_id = request.args.get("from_faq", "")
    if faq_id:
        faq = next((f for f in services().knowledge_base().faqs if f.id == faq_id), None)
        if faq is None:
            abort(404)
        draft = draft_from_faq(faq)
    ended = found.status is QuizStatus.APPROVED and may_reveal(found, _store().now())
    return render_template(
        "console/quiz.html", title=found.title, nav="quizzes", quiz=found,
        statuses=STATUS_LABELS, modes=MODE_LABELS, problems=problems_of(found),
        runnable=may_run_quiz(officer(), found), draft=draft,
        faqs=services().knowledge_base().faqs,
        stats=statistics(services().database, found, scope),
        ranking=_ranking_table(found, personal), personal=personal,
        winners=winners(services().database, found, scope, WINNERS_PER_COMMUNE),
        commune_names=services().commune_names(), audiences=AUDIENCE_LABELS,
        revealed=ended,
    )  # fmt: skip


@blueprint.post("/quizzes/<row_id:quiz_id>/questions")
@require(Can.RUN_QUIZZES)
def add_quiz_question(quiz_id: int):
    _runnable(quiz_id)
    question, error = question_from_form(request.form)
    if question is None:
        flash(error, "error")
        return _back(quiz_id, "#them-cau-hoi")
    try:
        _store().save_question(quiz_id, officer(), question)
    except RuleViolation as violation:
        flash(str(violation), "error")
        return _back(quiz_id, "#them-cau-hoi")
    audit("quiz_question_save", f"quiz:{quiz_id}")
    flash("Đã thêm câu hỏi.", "ok")
    return _back(quiz_id)


def _question_at(quiz: Quiz, position: int) -> Question:
    found = next((q for q in quiz.questions if q.position == position), None)
    if found is None:
        abort(404)
    return found


def _question_form(quiz: Quiz, position: int, values, errors: tuple[str, ...], status: int):
    return render_template(
        "console/quiz_question.html", title=f"Sửa câu {position}: {quiz.title}", nav="quizzes",
        quiz=quiz, position=position, values=values, errors=errors,
    ), status  # fmt: skip


@blueprint.get("/quizzes/<row_id:quiz_id>/questions/<row_id:position>/edit")
@require(Can.RUN_QUIZZES)
def edit_quiz_question(quiz_id: int, position: int):
    found = _runnable(quiz_id)
    question = _question_at(found, position)
    if not may_edit(found):
        flash(FROZEN, "error")
        return _back(quiz_id)
    return _question_form(found, position, question_form_values(question), (), 200)


@blueprint.post("/quizzes/<row_id:quiz_id>/questions/<row_id:position>/edit")
@require(Can.RUN_QUIZZES)
def save_quiz_question(quiz_id: int, position: int):
    found = _runnable(quiz_id)
    _question_at(found, position)
    if not may_edit(found):
        flash(FROZEN, "error")
        return _back(quiz_id)
    question, error = question_from_form(request.form)
    if question is None:
        return _question_form(found, position, request.form, (error,), 400)
    try:
        _store().edit_question(quiz_id, officer(), position, question)
    except RuleViolation as violation:
        return _question_form(found, position, request.form, (str(violation),), 400)
    audit("quiz_question_edit", f"quiz:{quiz_id}", position=position)
    flash(f"Đã sửa câu {position}.", "ok")
    return _back(quiz_id)


@blueprint.post("/quizzes/<row_id:quiz_id>/questions/<row_id:position>/delete")
@require(Can.RUN_QUIZZES)
def remove_quiz_question(quiz_id: int, position: int):
    _runnable(quiz_id)
    try:
        _store().remove_question(quiz_id, officer(), position)
    except RuleViolation as violation:
        flash(str(violation), "error")
        return _back(quiz_id)
    audit("quiz_question_remove", f"quiz:{quiz_id}", position=position)
    flash("Đã xóa câu hỏi.", "ok")
    return _back(quiz_id)


@blueprint.post("/quizzes/<row_id:quiz_id>/approve")
@require(Can.RUN_QUIZZES)
def approve_quiz(quiz_id: int):
    store = _store()
    too_late = late_invitation(_runnable(quiz_id), services().quiet_hours, store.now())
    if too_late is not None:
        flash(too_late, "error")
        return _back(quiz_id)
    try:
        approved = store.approve(quiz_id, officer())
    except RuleViolation as violation:
        flash(str(violation), "error")
        return _back(quiz_id)
    author = services().accounts.find(approved.author)
    if author is None:
        flash("Không tìm thấy tài khoản người soạn để gửi lời mời.", "error")
        return _back(quiz_id)
    try:
        broadcast_id, due_now = invite(
            approved, author.officer, officer(), services().broadcasts, store.now()
        )
    except RuleViolation as violation:
        flash(f"Đã duyệt, nhưng chưa gửi được lời mời: {violation}", "error")
        return _back(quiz_id)
    store.set_invitation(quiz_id, broadcast_id, officer().username)
    # A later invitation waits in the broadcasts table, which the scheduler polls.
    if due_now:
        services().start_sending(broadcast_id)
    audit("quiz_approve", f"quiz:{quiz_id}", invitation=broadcast_id)
    flash("Đã duyệt cuộc thi; câu hỏi không sửa được nữa. Lời mời được gửi như tin phát.", "ok")
    return _back(quiz_id)


@blueprint.post("/quizzes/<row_id:quiz_id>/cancel")
@require(Can.RUN_QUIZZES)
def cancel_quiz(quiz_id: int):
    _runnable(quiz_id)
    try:
        cancelled = _store().cancel(quiz_id, officer())
    except RuleViolation as violation:
        flash(str(violation), "error")
        return _back(quiz_id)
    audit("quiz_cancel", f"quiz:{quiz_id}")
    try:
        withdrawn = withdraw(cancelled, officer(), services().broadcasts)
    except RuleViolation as violation:
        flash(f"Đã hủy cuộc thi, nhưng chưa thu hồi được lời mời: {violation}", "error")
        return _back(quiz_id)
    if withdrawn:
        audit("broadcast_cancel", f"broadcast:{cancelled.invitation_broadcast_id}")
    flash("Đã hủy cuộc thi" + ("; lời mời cũng được thu hồi." if withdrawn else "."), "ok")
    return _back(quiz_id)


@blueprint.get("/quizzes/<row_id:quiz_id>/results.csv")
@require(Can.VIEW_QUIZZES)
def quiz_results_csv(quiz_id: int):
    found = _visible(quiz_id)
    personal = can(officer(), Can.SEE_PARTICIPANTS)
    audit("quiz_results_export", f"quiz:{quiz_id}", personal=personal)
    return Response(
        table_csv(_ranking_table(found, personal)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="cuoc-thi-{quiz_id}.csv"'},
    )
