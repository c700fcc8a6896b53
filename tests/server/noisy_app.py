"""A WSGI app that logs a coloured line on every request, as Rasa does, and answers the
paths the real server polls: for the log tests served through gunicorn.conf.py."""

import logging

logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
logger = logging.getLogger("rasa.noisy")


def app(environ, start_response):
    logger.warning("\x1b[33mloaded the model\x1b[0m for %s", environ["PATH_INFO"])
    start_response("200 OK", [("Content-Type", "application/json")])
    return [b"{}"]
