"""Knowledge-base drafts learned from forwarded questions: an official writes the entry
(prefilled from the question and their answer), a legal reviewer approves it into
``nlu_data/kb/<field>.yml`` with the same strict checks as ``python -m bot check-kb``."""

from __future__ import annotations

import datetime as dt

from flask import abort, flash, redirect, render_template, request, url_for

from bot.audiences import AUDIENCE_LABELS
from broadcasts.routing import VIETNAM
from console.access import audit, officer, require, services
from console.blueprint import blueprint
from console.question_views import visible_question
from console.web import MAX_ROW_ID
from handoff.kb_drafts import (
    DraftStatus,
    KbDraft,
    entry_from_form,
    entry_problems,
    source_lines,
    suggest_id,
    with_unaccented_twins,
)
from kernel.permissions import Can, can, commune_scope, is_province_wide, may_see_question
from kernel.rules import RuleViolation

STATUS_LABELS = {"draft": "Chờ rà soát", "approved": "Đã duyệt", "rejected": "Bị từ chối"}


def entry_form_values(entry: dict) -> dict:
    """Pure: the form's text fields for an entry (lists as one item per line)."""
    return {
        "id": entry.get("id", ""),
        "field": entry.get("field", ""),
        "title": entry.get("title", ""),
        "audiences": list(entry.get("audiences", [])),
        "question": entry.get("question", ""),
        "variants": "\n".join(entry.get("variants", [])),
        "answer": entry.get("answer", ""),
        "covers": entry.get("scope", {}).get("covers", ""),
        "not_covered": "\n".join(entry.get("scope", {}).get("not_covered", [])),
        "sources": source_lines(entry.get("sources", [])),
        "legal_basis": "\n".join(
            basis["document"]
            + (f" | {', '.join(basis['articles'])}" if basis.get("articles") else "")
            for basis in entry.get("legal_basis", [])
        ),
        "link": entry.get("link", ""),
    }


def _today() -> dt.date:
    return dt.datetime.now(VIETNAM).date()


def _entry_from_request() -> dict:
    entry = entry_from_form(request.form, _today(), request.form.getlist("audiences"))
    if request.form.get("twins") == "on":
        entry["variants"] = with_unaccented_twins(entry["variants"])
    return entry


def _row_id(value: str | None) -> int | None:
    """A question id from a query or form field; 404 when it cannot be one."""
    if not value:
        return None
    if not value.isdigit() or int(value) > MAX_ROW_ID:
        abort(404)
    return int(value)


def _draft(draft_id: int) -> KbDraft:
    """The draft, or 404 / 403 when missing or made from another commune's question."""
    try:
        draft = services().kb_drafts.get(draft_id)
    except LookupError:
        abort(404)
    if draft.author != officer().username and draft_commune_hidden(draft):
        abort(403)
    return draft


def draft_commune_hidden(draft: KbDraft) -> bool:
    """A commune official sees drafts of their communes' questions (and their own)."""
    if is_province_wide(officer()):
        return False
    if draft.question_id is None:
        return True
    commune = services().questions.get(draft.question_id).commune_code
    return not may_see_question(officer(), commune)


@blueprint.get("/kb")
@require(Can.DRAFT_KB)
def kb_drafts():
    wanted = request.args.get("status", "draft")
    status = DraftStatus(wanted) if wanted in STATUS_LABELS else None
    return render_template(
        "console/kb_drafts.html", title="Kho hỏi đáp: bài nháp", nav="kb",
        drafts=services().kb_drafts.list(
            status, limit=300, communes=commune_scope(officer()), author=officer().username
        ),
        status=wanted,
        labels=STATUS_LABELS,
    )  # fmt: skip


@blueprint.get("/kb/new")
@require(Can.DRAFT_KB)
def new_kb_draft():
    values = {"audiences": ["general_public"], "variants": "", "legal_basis": ""}
    question_id = _row_id(request.args.get("question"))
    if question_id is not None:
        question = visible_question(question_id)
        values |= {"question": question.question, "variants": question.question,
                   "answer": question.answer or "", "field": question.field_code or ""}  # fmt: skip
    return _form(values, None, question_id, (), 200)


@blueprint.post("/kb")
@require(Can.DRAFT_KB)
def create_kb_draft():
    question_id = _row_id(request.form.get("question_id"))
    if question_id is not None:
        visible_question(question_id)
    entry = _entry_from_request()
    try:
        draft_id = services().kb_drafts.create(question_id, entry, officer())
    except (RuleViolation, LookupError) as error:
        return _form(entry_form_values(entry), None, question_id, (str(error),), 400)
    audit("kb_draft_create", f"kb_draft:{draft_id}", id=entry["id"])
    flash("Đã lưu bài nháp; cán bộ rà soát pháp lý sẽ duyệt.", "ok")
    return redirect(url_for("console.kb_draft", draft_id=draft_id), 303)


@blueprint.get("/kb/<row_id:draft_id>")
@require(Can.DRAFT_KB)
def kb_draft(draft_id: int):
    draft = _draft(draft_id)
    return _form(entry_form_values(draft.entry), draft, draft.question_id, (), 200)


@blueprint.post("/kb/<row_id:draft_id>")
@require(Can.DRAFT_KB)
def save_kb_draft(draft_id: int):
    draft = _draft(draft_id)
    if draft.author != officer().username and not can(officer(), Can.REVIEW_KB):
        abort(403)
    entry = _entry_from_request()
    try:
        services().kb_drafts.update(draft_id, entry, officer())
    except RuleViolation as error:
        return _form(entry_form_values(entry), draft, draft.question_id, (str(error),), 409)
    audit("kb_draft_edit", f"kb_draft:{draft_id}")
    flash("Đã lưu bài nháp.", "ok")
    return redirect(url_for("console.kb_draft", draft_id=draft_id), 303)


@blueprint.post("/kb/<row_id:draft_id>/approve")
@require(Can.REVIEW_KB)
def approve_kb_draft(draft_id: int):
    _draft(draft_id)
    try:
        approved = services().kb_drafts.approve(draft_id, officer(), services().knowledge_base())
    except RuleViolation as error:
        flash(str(error), "error")
        return redirect(url_for("console.kb_draft", draft_id=draft_id), 303)
    audit("kb_draft_approve", f"kb_draft:{draft_id}", id=approved.entry["id"])
    flash(
        f"Đã duyệt và thêm “{approved.entry['title']}” vào {approved.entry['field']}.yml. "
        "Trợ lý dùng mục mới sau khi huấn luyện lại: khởi động lại máy chủ bằng scripts/run "
        "hoặc chạy .venv/bin/python -m bot train.",
        "ok",
    )
    return redirect(url_for("console.kb_draft", draft_id=draft_id), 303)


@blueprint.post("/kb/<row_id:draft_id>/reject")
@require(Can.REVIEW_KB)
def reject_kb_draft(draft_id: int):
    _draft(draft_id)
    try:
        services().kb_drafts.reject(draft_id, officer(), request.form.get("note", "")[:1000])
    except RuleViolation as error:
        flash(str(error), "error")
        return redirect(url_for("console.kb_draft", draft_id=draft_id), 303)
    audit("kb_draft_reject", f"kb_draft:{draft_id}")
    flash("Đã từ chối bài nháp; người soạn sẽ thấy lý do.", "ok")
    return redirect(url_for("console.kb_draft", draft_id=draft_id), 303)


def _form(values: dict, draft: KbDraft | None, question_id: int | None, errors, status: int):
    knowledge_base = services().knowledge_base()
    problems = entry_problems(draft.entry, knowledge_base) if draft is not None else []
    if not values.get("id") and values.get("title"):
        values["id"] = suggest_id(values["title"])
    return render_template(
        "console/kb_draft.html", title="Bài nháp kho hỏi đáp", nav="kb", values=values,
        draft=draft, question_id=question_id, errors=errors, problems=problems,
        fields=knowledge_base.fields, audiences=AUDIENCE_LABELS, labels=STATUS_LABELS,
        reviewer=can(officer(), Can.REVIEW_KB),
    ), status  # fmt: skip
