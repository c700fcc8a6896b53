"""The console's one blueprint. Each view module adds its routes to it at import, as in
Flask's tutorial, and reaches the services through ``console.access.services``;
``console.web`` mounts it on each app."""

from __future__ import annotations

from flask import Blueprint

blueprint = Blueprint(
    "console",
    __name__,
    url_prefix="/console",
    template_folder="templates",
    static_folder="static",
    static_url_path="/static",
)
