"""Every console route, on the one blueprint, and what all templates share.

The view modules add their routes to ``console.blueprint`` when imported: importing
this module is what puts every page on the blueprint before ``console.web`` mounts it.
"""

from __future__ import annotations

from flask import current_app
from flask_login import current_user

from console import (
    admin_views,
    auth_views,
    broadcast_actions,
    broadcast_views,
    currency_views,
    dashboard_views,
    kb_views,
    population_views,
    question_views,
    quiz_views,
    reply_views,
)
from console.blueprint import blueprint
from console.channel_labels import channel_labels
from console.formatting import FILTERS
from console.person_names import person_labeller
from kernel.identity import ROLE_LABELS
from kernel.permissions import Can, can

VIEW_MODULES = (
    auth_views,
    dashboard_views,
    broadcast_views,
    broadcast_actions,
    question_views,
    kb_views,
    reply_views,
    currency_views,
    admin_views,
    population_views,
    quiz_views,
)


@blueprint.app_context_processor
def shared() -> dict:
    def allowed(name: str) -> bool:
        return current_user.is_authenticated and can(current_user.officer, Can(name))

    return {
        "allowed": allowed,
        "role_label": lambda role: ROLE_LABELS[role],
        "config_province": current_app.extensions["console_config"].province,
        "channel_labels": channel_labels(),
        "person": person_labeller(current_app.extensions["console"].officer_names),
    }


for _name, _function in FILTERS.items():
    blueprint.add_app_template_filter(_function, _name)
