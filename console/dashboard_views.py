"""The dashboard, the reports page with CSV export of every table, and the yearly
summary for the province's annual report on Decision 766/QĐ-TTg."""

from __future__ import annotations

import datetime as dt

from flask import Response, abort, render_template, request
from flask_login import login_required

from console.access import audit, officer, require, services
from console.answer_reports import satisfaction
from console.blueprint import blueprint
from console.charts import Series, bar_chart, horizontal_bar_chart, rate_gauge
from console.csv_export import table_csv
from console.report_tables import (
    ReportRangeError,
    dashboard_figures,
    report_tables,
    scope_from,
)
from console.reports import (
    SATISFACTION_TARGET,
    VIETNAM,
    ReportScope,
    Table,
    activity_totals,
    answer_summary,
    period_label,
    snapshot,
)
from console.yearly_report import yearly_summary
from kernel.permissions import Can, can, commune_scope


def _titles() -> dict[str, str]:
    return {faq.id: faq.title for faq in services().knowledge_base().faqs}


def _activity_chart(title: str, totals: list[tuple[str, int, int]], short: bool = False):
    return bar_chart(
        title,
        [period_label(period)[:5] if short else period_label(period) for period, _, _ in totals],
        [
            Series("Cuộc trò chuyện", [conversations for _, conversations, _ in totals]),
            Series("Người dùng", [users for _, _, users in totals]),
        ],
    )


@blueprint.get("/")
@login_required
def dashboard():
    if not can(officer(), Can.VIEW_REPORTS):
        abort(403)
    today = dt.datetime.now(VIETNAM).date()
    scope = ReportScope(today - dt.timedelta(days=29), today, commune_scope(officer()))
    figures = dashboard_figures(services().database.db, scope, _titles())
    return render_template(
        "console/dashboard.html", title="Tổng quan", nav="dashboard", scope=scope,
        summary=figures.summary, satisfaction=figures.satisfaction,
        satisfaction_by_source=figures.satisfaction_by_source,
        open_questions=services().questions.counts(scope.communes).get("open", 0),
        currency=services().currency.summary(),
        activity_chart=_activity_chart(
            "Cuộc trò chuyện và người dùng theo ngày (30 ngày)", figures.daily, short=True
        ),
        satisfaction_chart=rate_gauge(
            "Tỉ lệ hài lòng so với mục tiêu 90 %", figures.satisfaction.rate,
            SATISFACTION_TARGET,
        ),
        topics_chart=horizontal_bar_chart(
            "Chủ đề được hỏi nhiều nhất", [str(row[1]) for row in figures.topics.rows],
            [row[2] for row in figures.topics.rows],
        ),
        unanswered=figures.unanswered,
        failed_replies=services().replies.failed(10)
        if can(officer(), Can.RESEND_REPLIES) else [],
    )  # fmt: skip


@blueprint.get("/reports")
@require(Can.VIEW_REPORTS)
def reports():
    asked, granularity = _scope_or_400()
    db = services().database.db
    with snapshot(db, asked) as scope:
        return _reports_page(db, scope, granularity)


def _reports_page(db, scope: ReportScope, granularity: str):
    return render_template(
        "console/reports.html", title="Báo cáo", nav="reports", scope=scope,
        granularity=granularity,
        tables=report_tables(db, scope, granularity, services().commune_names(), _titles()),
        summary=answer_summary(db, scope), satisfaction=satisfaction(db, scope),
        chart=_activity_chart(
            "Cuộc trò chuyện và người dùng", activity_totals(db, scope, granularity)
        ),
        years=range(dt.datetime.now(VIETNAM).year, 2024, -1),
    )  # fmt: skip


@blueprint.get("/reports/<key>.csv")
@require(Can.VIEW_REPORTS)
def report_csv(key: str):
    scope, granularity = _scope_or_400()
    found = report_tables(
        services().database.db, scope, granularity, services().commune_names(), _titles(),
        only=key,
    )  # fmt: skip
    if not found:
        abort(404)
    audit("report_export", key, start=scope.start.isoformat(), end=scope.end.isoformat())
    return _csv(found[0], f"{key}_{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv")


@blueprint.get("/reports/year/<int:year>")
@require(Can.VIEW_REPORTS)
def yearly_report(year: int):
    return render_template(
        "console/yearly.html", title=f"Báo cáo năm {year}", nav="reports",
        summary=_yearly(year), target=SATISFACTION_TARGET,
    )  # fmt: skip


@blueprint.get("/reports/year/<int:year>/<key>.csv")
@require(Can.VIEW_REPORTS)
def yearly_csv(year: int, key: str):
    found = [table for table in _yearly(year).tables if table.key == key]
    if not found:
        abort(404)
    audit("report_export", f"year:{year}:{key}")
    return _csv(found[0], f"nam-{year}_{key}.csv")


def _scope_or_400() -> tuple[ReportScope, str]:
    try:
        return scope_from(request.args, officer())
    except ReportRangeError as error:
        abort(Response(render_template(
            "console/error.html", title="Khoảng thời gian không hợp lệ", message=str(error)
        ), status=400))  # fmt: skip


def _yearly(year: int):
    if not 2000 <= year <= 2100:
        abort(404)
    return yearly_summary(
        services().database.db, year, commune_scope(officer()), _titles(),
        services().commune_names(), province_communes=services().communes,
        populations=services().population().all(),
    )  # fmt: skip


def _csv(table: Table, filename: str) -> Response:
    return Response(
        table_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
