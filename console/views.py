"""Every console route, registered on the one blueprint, and what all templates share."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_login import current_user

from console import (
    admin_views,
    auth_views,
    broadcast_views,
    currency_views,
    dashboard_views,
    kb_views,
    population_views,
    question_views,
    quiz_views,
    reply_views,
)
from console.channel_labels import channel_labels
from console.formatting import FILTERS
from console.permissions import ROLE_LABELS, Can, can
from console.person_names import person_labeller


def register(blueprint: Blueprint) -> None:
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

    for name, function in FILTERS.items():
        blueprint.add_app_template_filter(function, name)
    for module in (
        auth_views,
        dashboard_views,
        broadcast_views,
        question_views,
        kb_views,
        reply_views,
        currency_views,
        admin_views,
        population_views,
        quiz_views,
    ):
        module.register(blueprint)
