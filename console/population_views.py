"""The administrator's page for residents per commune (``console.population``)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from console.access import audit, officer, require, services
from console.area_reach import AREA_LABELS, AREA_OF_TYPE
from console.blueprint import blueprint
from console.population import read_population
from kernel.permissions import Can


@blueprint.get("/population")
@require(Can.ENTER_POPULATION)
def population():
    return _page(services().population().all(), {}, 200)


@blueprint.post("/population")
@require(Can.ENTER_POPULATION)
def save_population():
    figures, errors = {}, {}
    for commune in services().communes:
        try:
            figures[commune.code] = read_population(
                request.form.get(f"population-{commune.code}", "")
            )
        except ValueError as error:
            errors[commune.code] = str(error)
    if errors:
        typed = {code: request.form.get(f"population-{code}", "") for code in figures}
        return _page(typed, errors, 400)
    changed = services().population().save(figures, officer().username)
    audit("population_update", None, changed=changed)
    flash(f"Đã lưu dân số ({changed} xã, phường thay đổi).", "ok")
    return redirect(url_for("console.population"), 303)


def _page(values: dict, errors: dict, status: int):
    return render_template(
        "console/population.html", title="Dân số xã, phường", nav="users",
        communes=services().communes, values=values, errors=errors,
        area_of=lambda commune: AREA_LABELS[AREA_OF_TYPE.get(commune.division_type, "unknown")],
    ), status  # fmt: skip
