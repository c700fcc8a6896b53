"""The dashboard, the reports page with CSV export of every table, and the yearly
summary for the province's annual report on Decision 766/QĐ-TTg."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, Response, abort, render_template, request
from flask_login import login_required

from console.access import audit, officer, require, services
from console.answer_reports import satisfaction, top_topics, top_unanswered
from console.charts import Series, bar_chart, horizontal_bar_chart, rate_gauge
from console.csv_export import table_csv
from console.permissions import Can, can, commune_scope
from console.report_tables import report_tables, scope_from
from console.reports import (
    SATISFACTION_TARGET,
    VIETNAM,
    ReportScope,
    activity_totals,
    answer_summary,
    period_label,
)
from console.yearly_report import yearly_summary


def register(blueprint: Blueprint) -> None:
    @blueprint.get("/")
    @login_required
    def dashboard():
        if not can(officer(), Can.VIEW_REPORTS):
            abort(403)
        today = dt.datetime.now(VIETNAM).date()
        scope = ReportScope(today - dt.timedelta(days=29), today, commune_scope(officer()))
        db = services().database.db
        titles = {faq.id: faq.title for faq in services().knowledge_base().faqs}
        totals = activity_totals(db, scope, "day")
        topics = top_topics(db, scope, titles, limit=8)
        rated = satisfaction(db, scope)
        return render_template(
            "console/dashboard.html", title="Tổng quan", nav="dashboard", scope=scope,
            summary=answer_summary(db, scope), satisfaction=rated,
            open_questions=services().questions.counts(scope.communes).get("open", 0),
            activity_chart=bar_chart(
                "Cuộc trò chuyện và người dùng theo ngày (30 ngày)",
                [period_label(period)[:5] for period, _, _ in totals],
                [Series("Cuộc trò chuyện", [c for _, c, _ in totals]),
                 Series("Người dùng", [u for _, _, u in totals])],
            ),
            satisfaction_chart=rate_gauge(
                "Tỉ lệ hài lòng so với mục tiêu 90 %", rated.rate, SATISFACTION_TARGET
            ),
            topics_chart=horizontal_bar_chart(
                "Chủ đề được hỏi nhiều nhất", [str(row[1]) for row in topics.rows],
                [row[2] for row in topics.rows],
            ),
            unanswered=top_unanswered(db, scope, limit=8),
        )  # fmt: skip

    @blueprint.get("/reports")
    @require(Can.VIEW_REPORTS)
    def reports():
        scope, granularity = scope_from(request.args, officer())
        totals = activity_totals(services().database.db, scope, granularity)
        return render_template(
            "console/reports.html", title="Báo cáo", nav="reports", scope=scope,
            granularity=granularity, tables=report_tables(services(), scope, granularity),
            summary=answer_summary(services().database.db, scope),
            satisfaction=satisfaction(services().database.db, scope),
            chart=bar_chart(
                "Cuộc trò chuyện và người dùng",
                [period_label(period) for period, _, _ in totals],
                [Series("Cuộc trò chuyện", [c for _, c, _ in totals]),
                 Series("Người dùng", [u for _, _, u in totals])],
            ),
            years=range(dt.datetime.now(VIETNAM).year, 2024, -1),
        )  # fmt: skip

    @blueprint.get("/reports/<key>.csv")
    @require(Can.VIEW_REPORTS)
    def report_csv(key: str):
        scope, granularity = scope_from(request.args, officer())
        found = [t for t in report_tables(services(), scope, granularity) if t.key == key]
        if not found:
            abort(404)
        audit("report_export", key, start=scope.start.isoformat(), end=scope.end.isoformat())
        return _csv(found[0], f"{key}_{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.csv")

    @blueprint.get("/reports/year/<int:year>")
    @require(Can.VIEW_REPORTS)
    def yearly_report(year: int):
        summary = _yearly(year)
        return render_template(
            "console/yearly.html", title=f"Báo cáo năm {year}", nav="reports", summary=summary,
            target=SATISFACTION_TARGET,
        )  # fmt: skip

    @blueprint.get("/reports/year/<int:year>/<key>.csv")
    @require(Can.VIEW_REPORTS)
    def yearly_csv(year: int, key: str):
        found = [table for table in _yearly(year).tables if table.key == key]
        if not found:
            abort(404)
        audit("report_export", f"year:{year}:{key}")
        return _csv(found[0], f"nam-{year}_{key}.csv")


def _yearly(year: int):
    if not 2000 <= year <= 2100:
        abort(404)
    titles = {faq.id: faq.title for faq in services().knowledge_base().faqs}
    return yearly_summary(
        services().database.db, year, commune_scope(officer()), titles,
        services().commune_names(),
    )  # fmt: skip


def _csv(table, filename: str) -> Response:
    return Response(
        table_csv(table),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
