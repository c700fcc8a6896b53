"""gunicorn settings for ``gunicorn -c gunicorn.conf.py 'app:create_app()'``.

One process with threads: the worker that answers stored messages, its per-conversation
ordering guard and the loaded model live in that process (a second process would load a
second model and could answer one user's messages out of order).
"""

import os

from dotenv import load_dotenv
from gunicorn.http import wsgi

from server.plain_output import plain_when_redirected

# gunicorn names itself and its version in a Server header on every response; an
# attacker learns nothing from "legal-assistant". (gunicorn has no setting for it.)
wsgi.SERVER = "legal-assistant"

load_dotenv()
# Before gunicorn makes its log handlers: a log written to a file carries no colour codes.
plain_when_redirected()

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = 1
worker_class = "gthread"
threads = int(os.environ.get("HTTP_THREADS", "8"))
# The model loads in a background thread, so boot is quick; requests themselves are short.
timeout = 60
graceful_timeout = 15
accesslog = "-"
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms'
# Successful polls (Chat thử's replies, a broadcast's progress, health checks) at DEBUG.
logger_class = "server.access_log.AccessLogger"
# gunicorn 25 opens a control socket in ~/.gunicorn by default; nothing here uses it,
# and run-time files stay inside the project.
control_socket_disable = True
