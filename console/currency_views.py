"""*Kho hỏi đáp › Rà soát hiệu lực*: the entries flagged because a document they rest on
changed or their review is overdue, the clearing of a flag by a legal reviewer, and the
register of legal documents an officer records (a new document and what it amends,
replaces or repeals)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from bot.legal_documents import RELATION_VERBS
from console.access import audit, officer, require, services
from console.blueprint import blueprint
from console.legal_document_form import read_document_form
from kernel.permissions import Can, can
from kernel.rules import RuleViolation

KIND_LABELS = {"changed": "Văn bản thay đổi", "overdue": "Quá hạn rà soát"}


@blueprint.get("/kb/currency")
@require(Can.DRAFT_KB)
def kb_currency():
    return _page({}, (), 200)


@blueprint.post("/kb/currency/clear")
@require(Can.REVIEW_KB)
def clear_kb_flag():
    faq_id = request.form.get("faq_id", "")[:100]
    flag_key = request.form.get("flag_key", "")[:300]
    try:
        flag = services().currency.clear(
            faq_id, flag_key, officer(), request.form.get("note", "")[:1000]
        )
    except LookupError as error:
        flash(str(error), "error")
        return redirect(url_for("console.kb_currency"), 303)
    except RuleViolation:
        abort(403)
    audit("kb_flag_clear", f"faq:{faq_id}", flag=flag_key, reason=flag.reason())
    flash(f"Đã xóa cờ rà soát của mục {faq_id}.", "ok")
    return redirect(url_for("console.kb_currency"), 303)


@blueprint.post("/kb/documents")
@require(Can.RECORD_DOCUMENTS)
def record_legal_document():
    read = read_document_form(request.form)
    if read.errors:
        return _page(request.form, read.errors, 400)
    register = services().legal_register
    register.record(read.document, read.relations, officer().username)
    audit(
        "legal_document_record", f"document:{read.document.number}",
        relations=[f"{r.kind.value} {r.target_number}" for r in read.relations],
    )  # fmt: skip
    flash(f"Đã ghi nhận văn bản {read.document.number}.", "ok")
    return redirect(url_for("console.kb_currency"), 303)


def _page(values, errors, status: int):
    knowledge_base = services().knowledge_base()
    titles = {faq.id: faq.title for faq in knowledge_base.faqs}
    flags = services().currency.all_flags()
    rows = [(faq_id, titles.get(faq_id, faq_id), flag) for faq_id, entry in flags.items()
            for flag in entry]  # fmt: skip
    return render_template(
        "console/kb_currency.html", title="Kho hỏi đáp: rà soát hiệu lực", nav="kb",
        rows=rows, summary=services().currency.summary(), kinds=KIND_LABELS,
        documents=services().legal_register.documents()[:50],
        relations=services().legal_register.relations()[:50], verbs=RELATION_VERBS,
        values=values, errors=errors, reviewer=can(officer(), Can.REVIEW_KB),
        recorder=can(officer(), Can.RECORD_DOCUMENTS),
    ), status  # fmt: skip
