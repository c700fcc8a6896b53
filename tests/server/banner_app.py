"""A minimal WSGI app for serving through the project's gunicorn settings in a test."""


def app(environ, start_response):
    start_response("200 OK", [("Content-Type", "text/plain")])
    return [b"ok"]
