"""``/healthz`` (the process answers) and ``/readyz`` (the model is loaded and the
database reachable): what a load balancer or an operator polls."""

from __future__ import annotations

from flask import Blueprint, jsonify

from server.assistant_loader import AssistantHolder
from server.database import Database


def health_blueprint(
    holder: AssistantHolder, database: Database, enabled_channels: list[str]
) -> Blueprint:
    blueprint = Blueprint("health", __name__)

    @blueprint.get("/healthz")
    def healthz():
        return jsonify({"status": "ok"})

    @blueprint.get("/readyz")
    def readyz():
        checks = {"model": holder() is not None, "database": database.is_reachable()}
        body = {"ready": all(checks.values()), **checks, "channels": enabled_channels}
        if holder.error:
            body["error"] = "the model could not be loaded; see the server log"
        return jsonify(body), 200 if body["ready"] else 503

    return blueprint
