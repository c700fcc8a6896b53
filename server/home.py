"""The page at "/": names the product and leads to the chat trial and the console.

Someone who opens the server's address lands somewhere useful instead of a 404. The
chat link is shown only while the local chat is served.
"""

from __future__ import annotations

from flask import Blueprint, Response, render_template

_HEADERS = {
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
    "Referrer-Policy": "no-referrer",
}


def home_blueprint(simulator_enabled: bool) -> Blueprint:
    blueprint = Blueprint("home", __name__, template_folder="templates")

    @blueprint.get("/")
    def home() -> Response:
        page = render_template("home.html", simulator_enabled=simulator_enabled)
        response = Response(page, mimetype="text/html")
        response.headers.update(_HEADERS)
        return response

    return blueprint
